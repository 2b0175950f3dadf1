package piker.pikerd.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.market.Quote;
import piker.contracts.names.ServiceName;
import piker.contracts.spi.Backend;
import piker.datad.Datad;
import piker.pikerd.metrics.MetricsServer;

/**
 * {@code piker bench feed}: quotes from an in-process generator through a real datad (feed, per
 * subscriber sessions, credit) to N subscribers, and in the same run and JVM layout the raw-Pekko
 * baseline: one plain tell per quote per subscriber. Without a rate both run closed-loop (saturation):
 * the generator stays at most a window of quotes ahead of what the subscribers have counted, so neither
 * path is measured while it piles up a backlog. With a rate both run open-loop on the same schedule
 * ({@link RateSchedule}), latency taken from each quote's intended time, after a warm-up at that rate.
 */
public final class FeedBench {
  /** Subscribers report their count every this many quotes. */
  static final int PROGRESS_EVERY = 256;
  private static final int GENERATOR_BATCH = 512;
  /** Quotes per subscriber the generator may run ahead: in one JVM, and for the remote baseline, whose
   * plain tells must stay below Artery's outbound queue (pekko-notes item 1). */
  private static final int WINDOW = 20_000;
  private static final int REMOTE_BASELINE_WINDOW = 2_000;
  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DRAIN_CAP = Duration.ofSeconds(30);

  /**
   * One path's figures; {@code allocBytesPerQuote}: bytes this JVM allocated per quote delivered;
   * {@code quotesPerMessage}: quotes a subscriber's message carried on average (a batch on our path).
   */
  public record PathResult(double quotesPerS, long p50Us, long p99Us, long p999Us, long maxUs, long lost,
                           long overruns, long sent, long delivered, double allocBytesPerQuote,
                           double quotesPerMessage, long pacingLagP99Us) {}

  /**
   * {@code rate}: quotes/s of an open-loop run, 0 for the closed-loop one; {@code ratio}: ours/baseline of
   * quotes/s closed-loop, of p50 latency at a rate (the throughput is the schedule's there).
   */
  public record Result(PathResult ours, PathResult baseline, double ratio, long rate) {}

  /** How the generator is driven: closed-loop when {@code rate} is 0, else at {@code rate} after {@code warmUp}. */
  public record Load(Duration duration, long rate, Duration warmUp) {
    /** Quotes a warm-up lasts by default: the JIT compiles the second JVM's path only after thousands of messages. */
    static final long WARM_UP_QUOTES = 30_000;
    static final long MIN_WARM_UP_SECONDS = 5;
    static final long MAX_WARM_UP_SECONDS = 60;

    /** The default warm-up at {@code rate}: {@link #WARM_UP_QUOTES} quotes' worth, 5 to 60 seconds. */
    public static Duration warmUpAt(long rate) {
      long seconds = -Math.floorDiv(-WARM_UP_QUOTES, Math.max(1, rate));
      return Duration.ofSeconds(Math.max(MIN_WARM_UP_SECONDS, Math.min(MAX_WARM_UP_SECONDS, seconds)));
    }

    public static Load saturation(Duration duration) {
      return new Load(duration, 0, Duration.ZERO);
    }

    public boolean paced() {
      return rate > 0;
    }
  }

  private FeedBench() {}

  public static Result run(int subscribers, Duration duration, boolean remote, Path scratch) throws Exception {
    return run(subscribers, Load.saturation(duration), remote, scratch);
  }

  public static Result run(int subscribers, Load load, boolean remote, Path scratch) throws Exception {
    return run(subscribers, load, remote, false, scratch);
  }

  /** With {@code metrics}, datad's meters record into a Prometheus registry as under {@code pikerd --metrics}. */
  public static Result run(int subscribers, Load load, boolean remote, boolean metrics, Path scratch)
      throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "piker-bench", config(remote));
    if (metrics) {
      MetricsServer.recordInto(system);
    }
    List<Process> children = new ArrayList<>();
    CompletableFuture<ActorRef<BenchProtocol.ToSpawner>> remoteSpawner = new CompletableFuture<>();
    try {
      Coordinator.Run oursRun = new Coordinator.Run(subscribers);
      ActorRef<BenchProtocol.ToCoordinator> oursCoordinator = system.systemActorOf(
          Coordinator.create(oursRun, remoteSpawner), "coordinator-ours", Props.empty());
      ActorRef<BenchProtocol.ToSpawner> spawner = spawner(system, remote, oursCoordinator, remoteSpawner, children);

      GeneratorBackend backend = new GeneratorBackend();
      Hello hello = writeCookie(scratch);
      ActorRef<DaemonProtocol.Command> datad = startDatad(system, backend, Map.of(), scratch);
      long warmUpNs = load.warmUp().toNanos();
      spawner.tell(new BenchProtocol.Spawn(subscribers, datad, hello, List.of(GeneratorBackend.FQME),
          oursCoordinator, warmUpNs));
      oursRun.ready.get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      PathResult ours = drive(oursRun, load, WINDOW, backend::emit, spawner);

      Coordinator.Run baselineRun = new Coordinator.Run(subscribers);
      ActorRef<BenchProtocol.ToCoordinator> baselineCoordinator = system.systemActorOf(
          Coordinator.create(baselineRun, new CompletableFuture<>()), "coordinator-baseline", Props.empty());
      spawner.tell(new BenchProtocol.Spawn(subscribers, null, null, List.of(GeneratorBackend.FQME),
          baselineCoordinator, warmUpNs));
      List<ActorRef<BenchProtocol.BenchQuote>> plain = baselineRun.baseline.get(SETUP_TIMEOUT.toSeconds(),
          TimeUnit.SECONDS);
      PathResult baseline = drive(baselineRun, load, remote ? REMOTE_BASELINE_WINDOW : WINDOW, batch -> {
        for (Quote quote : batch) {
          BenchProtocol.BenchQuote message = new BenchProtocol.BenchQuote(quote);
          plain.forEach(subscriber -> subscriber.tell(message));
        }
      }, spawner);
      double ratio = load.paced() ? (baseline.p50Us() == 0 ? 0 : (double) ours.p50Us() / baseline.p50Us())
          : baseline.quotesPerS() == 0 ? 0 : ours.quotesPerS() / baseline.quotesPerS();
      return new Result(ours, baseline, ratio, load.rate());
    } finally {
      // the subscribers' JVM stops its own system and exits; a signal would stop it mid-flight
      remoteSpawner.thenAccept(spawner -> spawner.tell(new BenchProtocol.Exit()));
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
      awaitExit(children);
    }
  }

  /**
   * The subscribers' spawner: in this JVM, or in a second one started now (added to {@code children}), which
   * hands its spawner to {@code coordinator} and so completes {@code remoteSpawner}.
   */
  static ActorRef<BenchProtocol.ToSpawner> spawner(ActorSystem<Void> system, boolean remote,
      ActorRef<BenchProtocol.ToCoordinator> coordinator,
      CompletableFuture<ActorRef<BenchProtocol.ToSpawner>> remoteSpawner, List<Process> children) throws Exception {
    if (!remote) {
      return system.systemActorOf(BenchSubscribers.spawner(), "spawner", Props.empty());
    }
    children.add(startSubscriberJvm(system, coordinator));
    return remoteSpawner.get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** The subscribers' JVM exits on its own once told; one that does not is stopped. */
  static void awaitExit(List<Process> children) throws InterruptedException {
    for (Process child : children) {
      if (!child.waitFor(10, TimeUnit.SECONDS)) {
        child.destroy();
        child.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Generates as {@code load} says (closed-loop: at most {@code window} quotes ahead of the slowest average). */
  private static PathResult drive(Coordinator.Run run, Load load, int window, Consumer<List<Quote>> emit,
                                  ActorRef<BenchProtocol.ToSpawner> spawner) throws Exception {
    int n = run.subscribers;
    AllocationMeter allocation = AllocationMeter.start();
    long start = System.nanoTime();
    long sent;
    long pacingLagP99Us = 0;
    if (load.paced()) {
      RateSchedule.Paced paced = RateSchedule.run(load.rate(), load.warmUp(), load.duration(),
          GeneratorBackend::quoteAt, emit);
      sent = paced.sent();
      pacingLagP99Us = paced.lagUs().getValueAtPercentile(99);
    } else {
      sent = saturate(run, load.duration(), window, emit);
    }
    long deliveredInTime = run.delivered.get();
    long allocated = allocation.allocated();
    double seconds = (System.nanoTime() - start) / 1e9;
    // let what is in flight arrive (or be reported as overrun) before counting losses: while the count
    // grows, up to the cap (an open-loop run past the path's capacity leaves a backlog of seconds)
    long last = -1;
    long drainEnd = System.nanoTime() + DRAIN_CAP.toNanos();
    while (run.delivered.get() < sent * n && run.delivered.get() != last && System.nanoTime() < drainEnd) {
      last = run.delivered.get();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
    }
    spawner.tell(new BenchProtocol.Finish());
    List<BenchProtocol.Report> reports = run.reports.get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    Histogram latency = new Histogram(60_000_000L, 3);
    long delivered = 0;
    long overruns = 0;
    long messages = 0;
    for (BenchProtocol.Report report : reports) {
      messages += report.messages();
      latency.add(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(report.histogram()), 0));
      delivered += report.delivered();
      overruns += report.overruns();
    }
    long lost = Math.max(0, sent * n - delivered - overruns);
    return new PathResult(deliveredInTime / seconds, latency.getValueAtPercentile(50),
        latency.getValueAtPercentile(99), latency.getValueAtPercentile(99.9), latency.getMaxValue(), lost, overruns,
        sent * n, delivered, deliveredInTime == 0 ? 0 : (double) allocated / deliveredInTime,
        messages == 0 ? 0 : (double) delivered / messages, pacingLagP99Us);
  }

  /** Closed loop for {@code duration}: batches while the subscribers are at most {@code window} behind; the count sent. */
  private static long saturate(Coordinator.Run run, Duration duration, int window, Consumer<List<Quote>> emit) {
    int n = run.subscribers;
    long sent = 0;
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      while (sent * n - run.delivered.get() > (long) window * n && System.nanoTime() < end) {
        LockSupport.parkNanos(20_000);
      }
      List<Quote> batch = new ArrayList<>(GENERATOR_BATCH);
      for (int i = 0; i < GENERATOR_BATCH; i++) {
        batch.add(GeneratorBackend.quote());
      }
      emit.accept(batch);
      sent += GENERATOR_BATCH;
    }
    return sent;
  }

  /**
   * A benchmark's ActorSystem, warnings only: local, or remote as a piker client's is ({@code client.conf}:
   * loopback Artery on an ephemeral port, no cluster, death watch across JVMs), in both JVMs. The daemons
   * watch their remote subscribers and clients as they do in pikerd, where those are not cluster members
   * either; the measured paths are the same Artery links a cluster node would use.
   */
  static Config config(boolean remote) {
    return ConfigFactory.load(ConfigFactory.parseMap(Map.of(
            "pekko.loglevel", "WARNING",
            "pekko.actor.provider", remote ? "remote" : "local"))
        .withFallback(ConfigFactory.parseResources("client.conf")));
  }

  /** The cookie the benchmark's datad checks, in its scratch folder; the subscribers' hello carries it. */
  static Hello writeCookie(Path scratch) throws IOException {
    String cookie = "bench-" + System.nanoTime();
    Files.writeString(scratch.resolve("cookie"), cookie);
    return Hello.of(cookie);
  }

  /** A real datad for {@code backend}, its section of conf.toml {@code options}, its files in {@code scratch}. */
  static ActorRef<DaemonProtocol.Command> startDatad(ActorSystem<Void> system, Backend backend,
                                                     Map<String, Object> options, Path scratch) {
    return system.systemActorOf(Datad.create(new DaemonSpec(ServiceName.of(DaemonKind.DATAD, backend.name()),
            RuntimeSettings.of(scratch), system.systemActorOf(Behaviors.ignore(), "lifecycle", Props.empty()), true,
            options, Map.of()), backend), "datad-" + backend.name(), Props.empty());
  }

  /** The subscribers' JVM, told to report to {@code coordinator}, which it hands its spawner. */
  private static Process startSubscriberJvm(ActorSystem<Void> system, ActorRef<BenchProtocol.ToCoordinator> coordinator) {
    List<String> command = SecondJvm.command(FeedBenchSubscribers.class, List.of(),
        ActorRefResolver.get(system).toSerializationFormat(coordinator));
    try {
      return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the subscribers' JVM", e);
    }
  }

  /** The second JVM of {@code --remote}: the subscribers, over loopback Artery. */
  public static final class FeedBenchSubscribers {
    public static void main(String[] args) throws Exception {
      ActorSystem<Void> system = SecondJvm.system("piker-bench-subscribers");
      ActorRef<BenchProtocol.ToCoordinator> coordinator = ActorRefResolver.get(system).resolveActorRef(args[0]);
      ActorRef<BenchProtocol.ToSpawner> spawner = system.systemActorOf(BenchSubscribers.spawner(), "spawner",
          Props.empty());
      coordinator.tell(new BenchProtocol.RemoteReady(spawner));
      // lives until the benchmark says Exit
      system.getWhenTerminated().toCompletableFuture().get();
    }
  }
}
