package piker.pikerd.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.SerializationExtension;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonDispatchers;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.emsd.EmsSettings;
import piker.emsd.Emsd;
import piker.emsd.journal.OrderLog;
import piker.emsd.orders.RiskLimits;
import piker.paperboi.Paperboi;
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
    Process child = null;
    try {
      RuntimeSettings settings = RuntimeSettings.of(dataDir);
      CompletableFuture<ActorRef<DaemonProtocol.Command>> emsdStarted = new CompletableFuture<>();
      ActorRef<DaemonLifecycle.Event> lifecycle = system.systemActorOf(Behaviors.receiveMessage(event -> {
        if (event instanceof DaemonLifecycle.Started started && started.name().kind() == DaemonKind.EMSD) {
          emsdStarted.complete(started.ref());
        } else if (event instanceof DaemonLifecycle.StartFailed failed) {
          emsdStarted.completeExceptionally(failed.error().toException());
        }
        return Behaviors.same();
      }), "lifecycle", Props.empty());
      Map<ServiceName, ActorRef<DaemonProtocol.Command>> daemons = new java.util.concurrent.ConcurrentHashMap<>();
      ActorRef<ServicesProtocol.Command> services = system.systemActorOf(services(daemons), "services", Props.empty());
      ServiceName datad = ServiceName.of(DaemonKind.DATAD, "bench");
      ServiceName paperboi = ServiceName.of(DaemonKind.PAPERBOI, "bench");
      daemons.put(datad, system.systemActorOf(BenchDatad.create(spec(datad, settings, lifecycle, services)),
          "datad-bench", Props.empty()));
      daemons.put(paperboi, system.systemActorOf(Paperboi.create(spec(paperboi, settings, lifecycle, services)),
          "paperboi-bench", DaemonDispatchers.of(DaemonKind.PAPERBOI)));
      OrderLog.Settings journal = durable ? JournalStore.of(settings).withFsync(journalFsync)
          : OrderLog.Settings.inMemory();
      EmsSettings ems = new EmsSettings(Set.of("bench"), Set.of(), Map.of(), RiskLimits.NONE, journal);
      system.systemActorOf(Emsd.create(spec(ServiceName.of(DaemonKind.EMSD), settings, lifecycle, services), ems),
          "emsd", DaemonDispatchers.of(DaemonKind.EMSD));
      ActorRef<DaemonProtocol.Command> emsd = emsdStarted.get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
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

  private static DaemonSpec spec(ServiceName name, RuntimeSettings settings, ActorRef<DaemonLifecycle.Event> lifecycle,
                                 ActorRef<ServicesProtocol.Command> services) {
    return new DaemonSpec(name, settings, lifecycle, false, Map.of(), Map.of(), Optional.of(services));
  }

  /** The bench's service manager: the daemons it built, by name; anything else (a brokerd) is refused. */
  private static Behavior<ServicesProtocol.Command> services(Map<ServiceName, ActorRef<DaemonProtocol.Command>> daemons) {
    return Behaviors.receiveMessage(command -> {
      if (command instanceof ServicesProtocol.SpawnInternal spawn) {
        ActorRef<DaemonProtocol.Command> daemon = daemons.get(spawn.name());
        spawn.replyTo().tell(daemon != null ? new ServicesProtocol.Spawned(spawn.name(), daemon)
            : new ServicesProtocol.SpawnFailed(spawn.name(), RemoteError.of("CannotSpawn",
                "the orders benchmark runs no " + spawn.name(), "bench")));
      }
      return Behaviors.same();
    });
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
    List<String> command = SecondJvm.command(OrdersClient.RemoteMain.class, List.of("-XX:+UseG1GC"), emsd, baseline,
        cookie, String.valueOf(orders), String.valueOf(payload));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }


}
