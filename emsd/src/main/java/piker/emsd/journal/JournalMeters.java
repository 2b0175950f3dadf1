package piker.emsd.journal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;

/**
 * The journal's meters: each group commit's write and its fsync (when on), and each batch's lag, from emsd
 * queueing it to its being durable (what an order waits for before emsd acts on it).
 */
record JournalMeters(Timer write, Timer fsync, Timer lag) {
  static JournalMeters of(MeterRegistry registry) {
    return new JournalMeters(timer(registry, "piker.journal.write", "One group commit's write to emsd's journal"),
        timer(registry, "piker.journal.fsync", "One group commit's fsync of emsd's journal (when fsync is on)"),
        timer(registry, "piker.journal.lag", "From emsd queueing a batch of order events to its being durable"));
  }

  /** Meters that go nowhere: a journal opened without an actor system (tools, tests). */
  static JournalMeters none() {
    return of(new CompositeMeterRegistry());
  }

  private static Timer timer(MeterRegistry registry, String name, String description) {
    return Timer.builder(name).description(description).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(1_000)).maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
  }
}
