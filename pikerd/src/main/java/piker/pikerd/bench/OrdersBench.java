package piker.pikerd.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.SerializationExtension;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.ServiceName;
import piker.emsd.journal.OrderLog;
import piker.paperboi.Paperboi;
import piker.pikerd.metrics.MetricsServer;
import piker.pikerd.services.JournalStore;

/**
 * {@code piker bench orders}: paper orders through the real emsd (validation, journal, routing) and
 * paperboi (clearing, ledger) against a still market, and in the same run and JVM layout the
 * baseline: a plain ask, or with {@code --durable} an ask whose handler does one fsync'd append of the
 * order's size. Without {@code --durable} the journal is in memory and the ledger lives on
 * tmpfs; with it the journal is the file journal pikerd uses, and it and the ledger are on the scratch disk;
 * {@code journalFsync} also forces each of the journal's group commits to the device ({@code [ems]
 * journal_fsync = true}).
 */
public final class OrdersBench {
  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Path TMPFS = Path.of("/dev/shm");

  public record Result(OrdersClient.PathResult ours, OrdersClient.PathResult baseline, double ratio,
                       String storage) {}

  private OrdersBench() {}

  public static Result run(int orders, boolean remote, boolean durable, Path scratch) throws Exception {
    return run(orders, remote, durable, false, scratch);
  }

  public static Result run(int orders, boolean remote, boolean durable, boolean journalFsync, Path scratch)
      throws Exception {
    return run(orders, remote, durable, journalFsync, false, scratch);
  }

  /** With {@code metrics}, emsd's and paperboi's meters record into a Prometheus registry as under {@code pikerd --metrics}. */
  public static Result run(int orders, boolean remote, boolean durable, boolean journalFsync, boolean metrics,
                           Path scratch) throws Exception {
    if (journalFsync && !durable) {
      throw new IllegalArgumentException("journal fsync needs the durable (file) journal");
    }
    Path dataDir = durable || !Files.isDirectory(TMPFS) ? scratch : Files.createTempDirectory(TMPFS, "piker-bench");
    String storage = durable ? "journal" + (journalFsync ? " (fsync on)" : "") + " and ledger on " + scratch
        : "in-memory journal, ledger on " + (dataDir.startsWith(TMPFS) ? "tmpfs" : "disk (no tmpfs here)");
    String cookie = "bench-" + System.nanoTime();
    Files.writeString(dataDir.resolve("cookie"), cookie);
    Config config = config(remote);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "piker-bench", config);
    if (metrics) {
      MetricsServer.recordInto(system);
    }
    Process child = null;
    try {
      RuntimeSettings settings = RuntimeSettings.of(dataDir);
      OrderLog.Settings journal = durable ? JournalStore.of(settings).withFsync(journalFsync)
          : OrderLog.Settings.inMemory();
      ActorRef<DaemonProtocol.Command> emsd = BenchEmsd.start(system, settings, journal, List.of(
          new BenchEmsd.Daemon(ServiceName.of(DaemonKind.DATAD, "bench"), BenchDatad::create),
          new BenchEmsd.Daemon(ServiceName.of(DaemonKind.PAPERBOI, "bench"), Paperboi::create)));
      ActorRef<OrdersBenchProtocol.BenchOrder> baseline = system.systemActorOf(
          BaselineClearing.create(durable ? scratch.resolve("baseline.journal") : null), "baseline", Props.empty());
      int payload = payloadBytes(system);

      OrdersClient.Results results;
      if (remote) {
        ActorRefResolver resolver = ActorRefResolver.get(system);
        child = startClientJvm(resolver.toSerializationFormat(emsd), resolver.toSerializationFormat(baseline), cookie,
            orders, payload);
        String line = new String(child.getInputStream().readAllBytes()).strip();
        if (!child.waitFor(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || child.exitValue() != 0 || line.isEmpty()) {
          throw new IllegalStateException("the benchmark's client JVM failed");
        }
        results = new ObjectMapper().readValue(line.substring(line.lastIndexOf('\n') + 1), OrdersClient.Results.class);
      } else {
        results = OrdersClient.run(system, emsd, baseline, Hello.of(cookie), orders, payload);
      }
      double ratio = results.baseline().p50Us() == 0 ? 0 : (double) results.ours().p50Us() / results.baseline().p50Us();
      return new Result(results.ours(), results.baseline(), ratio, storage);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
      if (child != null && child.isAlive()) {
        child.destroyForcibly();
      }
      if (!dataDir.equals(scratch)) {
        Scratch.delete(dataDir);
      }
    }
  }

  /** The size of one of our orders on the wire: what the durable baseline appends per order. */
  private static int payloadBytes(ActorSystem<?> system) {
    EmsProtocol.Order sample = new EmsProtocol.Order("bench-1000000", "buy", BenchDatad.FQME.toString(),
        BenchDatad.BUY_PRICE, BenchDatad.SIZE, "bench.paper", "live");
    return SerializationExtension.get(Adapter.toClassic(system)).serialize(sample).get().length;
  }

  /** The feed benchmark's system config. */
  static Config config(boolean remote) {
    return FeedBench.config(remote);
  }

  private static Process startClientJvm(String emsd, String baseline, String cookie, int orders, int payload)
      throws IOException {
    List<String> command = SecondJvm.command(OrdersClient.RemoteMain.class, List.of(), emsd, baseline,
        cookie, String.valueOf(orders), String.valueOf(payload));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }
}
