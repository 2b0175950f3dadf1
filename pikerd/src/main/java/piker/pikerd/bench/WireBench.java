package piker.pikerd.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.names.Fqme;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendCatalog;

/**
 * {@code piker bench feed --binance} / {@code --kraken}: a real backend reading its venue's wire (a protocol
 * fake pouring quotes as fast as they are read, started apart: docs/benchmarks.md), through a real datad to subscribers,
 * the same subscribers and JVM layout as {@link FeedBench}. The venue is not ours to pace, so this runs
 * open-loop: a warm-up, then a window in which it counts the quotes the backend handed datad, the quotes the
 * subscribers received, and the bytes this JVM allocated.
 */
public final class WireBench {
  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);

  /**
   * One run's figures: quotes a second handed to datad and delivered (all subscribers together), what
   * datad reported as overrun to slow subscribers, bytes allocated in this JVM per quote handed to datad, and
   * the quotes a batch to a subscriber carried on average (over the whole run).
   */
  public record Result(double parsedPerS, double deliveredPerS, long parsed, long delivered, long overruns,
                       double allocBytesPerQuote, double quotesPerMessage) {}

  private WireBench() {}

  /**
   * Runs {@code backend} against its venue at {@code options} (its conf.toml section) for {@code markets},
   * {@code warmUp} then {@code duration} measured.
   */
  public static Result run(String backendName, Map<String, Object> options, List<Fqme> markets, int subscribers,
                           Duration warmUp, Duration duration, boolean remote, Path scratch) throws Exception {
    Backend found = BackendCatalog.load(WireBench.class.getClassLoader()).find(backendName)
        .orElseThrow(() -> new IllegalArgumentException("no backend named " + backendName));
    CountingBackend backend = new CountingBackend(found);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "piker-bench", FeedBench.config(remote));
    List<Process> children = new ArrayList<>();
    CompletableFuture<ActorRef<BenchProtocol.ToSpawner>> remoteSpawner = new CompletableFuture<>();
    try {
      Coordinator.Run run = new Coordinator.Run(subscribers);
      ActorRef<BenchProtocol.ToCoordinator> coordinator = system.systemActorOf(
          Coordinator.create(run, remoteSpawner), "coordinator-wire", Props.empty());
      ActorRef<BenchProtocol.ToSpawner> spawner = FeedBench.spawner(system, remote, coordinator, remoteSpawner,
          children);
      Hello hello = FeedBench.writeCookie(scratch);
      ActorRef<DaemonProtocol.Command> datad = FeedBench.startDatad(system, backend, options, scratch);
      spawner.tell(new BenchProtocol.Spawn(subscribers, datad, hello, markets, coordinator, 0));
      run.ready.get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      awaitFirstQuotes(run);
      Thread.sleep(warmUp.toMillis());

      long parsedFrom = backend.quotes.get();
      long deliveredFrom = run.delivered.get();
      AllocationMeter allocation = AllocationMeter.start();
      long start = System.nanoTime();
      Thread.sleep(duration.toMillis());
      long allocated = allocation.allocated();
      long parsed = backend.quotes.get() - parsedFrom;
      long delivered = run.delivered.get() - deliveredFrom;
      double seconds = (System.nanoTime() - start) / 1e9;

      spawner.tell(new BenchProtocol.Finish());
      List<BenchProtocol.Report> reports = run.reports.get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      long overruns = reports.stream().mapToLong(BenchProtocol.Report::overruns).sum();
      long batches = reports.stream().mapToLong(BenchProtocol.Report::messages).sum();
      long quotes = reports.stream().mapToLong(BenchProtocol.Report::delivered).sum();
      return new Result(parsed / seconds, delivered / seconds, parsed, delivered, overruns,
          parsed == 0 ? 0 : (double) allocated / parsed, batches == 0 ? 0 : (double) quotes / batches);
    } finally {
      remoteSpawner.thenAccept(spawner -> spawner.tell(new BenchProtocol.Exit()));
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
      FeedBench.awaitExit(children);
    }
  }

  /** The feed is live once the subscribers count quotes: the backend has subscribed and had its startup quote. */
  private static void awaitFirstQuotes(Coordinator.Run run) throws Exception {
    long deadline = System.nanoTime() + SETUP_TIMEOUT.toNanos();
    while (run.delivered.get() == 0) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("no quotes reached the subscribers within " + SETUP_TIMEOUT.toSeconds()
            + " s: is the venue pouring?");
      }
      Thread.sleep(50);
    }
  }
}
