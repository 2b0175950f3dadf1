package piker.pikerd.bench;

import org.apache.pekko.actor.typed.ActorRef;
import piker.contracts.PikerSerializable;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.market.Quote;
import piker.contracts.names.Fqme;

/** What the benchmark's two JVMs say to each other. */
final class BenchProtocol {
  private BenchProtocol() {}

  /** Coordinator's mailbox. */
  interface ToCoordinator {}

  /** A subscriber's count so far; sent every {@link FeedBench#PROGRESS_EVERY} quotes. */
  record Progress(int subscriber, long delivered) implements ToCoordinator, PikerSerializable {}

  /** A subscriber is attached and counting. */
  record Ready(int subscriber) implements ToCoordinator, PikerSerializable {}

  /**
   * A subscriber's final word: totals, the messages its quotes came in (batches on our path) and its latency
   * histogram (HdrHistogram, compressed).
   */
  record Report(int subscriber, long delivered, long overruns, long messages, byte[] histogram)
      implements ToCoordinator, PikerSerializable {}

  /** The subscribers' JVM is up: its spawner takes {@link Spawn}. */
  record RemoteReady(ActorRef<ToSpawner> spawner) implements ToCoordinator, PikerSerializable {}

  /** Spawner's mailbox, in the subscribers' JVM. */
  interface ToSpawner {}

  /**
   * Spawn {@code count} subscribers: with a {@code daemon} they open stream_quotes sessions (our path) for
   * {@code fqmes}, without one they take plain quotes (the baseline) and answer with their refs. Each
   * counts every quote but records the latency only of those stamped {@code warmUpNs} or more after the first
   * it counted: the quotes of a rate run's warm-up are delivered, not measured.
   */
  record Spawn(int count, ActorRef<DaemonProtocol.Command> daemon, Hello hello, java.util.List<Fqme> fqmes,
               ActorRef<ToCoordinator> coordinator, long warmUpNs) implements ToSpawner, PikerSerializable {}

  /** Ask every subscriber for its {@link Report}. */
  record Finish() implements ToSpawner, PikerSerializable {}

  /** The benchmark is over: the subscribers' JVM stops its ActorSystem and exits. */
  record Exit() implements ToSpawner, PikerSerializable {}

  /** The baseline's subscribers are up. */
  record BaselineReady(java.util.List<ActorRef<BenchQuote>> subscribers) implements ToCoordinator, PikerSerializable {
  }

  /** The baseline's message: one quote per tell. */
  record BenchQuote(Quote quote) implements PikerSerializable {}
}
