package piker.pikerd.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import piker.contracts.market.Quote;

/**
 * An open-loop generator: quote {@code i} is due at {@code start + i / rate}, whatever the subscribers do.
 * Each quote is stamped with its intended time, not the time the generator got round to it, so a late
 * wake-up (timer slack, a GC pause, a busy machine) counts in every quote's latency: no coordinated omission.
 *
 * <p>The generator parks until the next quote is due and then emits every quote due by now as one batch,
 * as a venue's burst arrives. Parking, not spinning: on a shared two-core machine a spinning generator
 * would take a core from the path it measures. Linux wakes a parked thread ~50 µs late (its default timer
 * slack), more on a busy machine, so at 10k/s and above quotes leave in small bursts; that lateness is part
 * of each quote's measured latency on both paths alike, and {@link Paced#lagUs} reports it on its own.
 */
final class RateSchedule {
  /** Most quotes in one emitted batch: after a long stall the backlog leaves in several. */
  static final int MAX_BATCH = 4_096;

  /** What was emitted: the quote count and, per quote after the warm-up, how late it left (µs after its intended time). */
  record Paced(long sent, Histogram lagUs) {}

  private RateSchedule() {}

  /**
   * Emits {@code rate} quotes a second for {@code warmUp} and then {@code duration} from now; {@code quoteAt}
   * builds the quote intended for a time (System.nanoTime), {@code emit} hands a batch to the path.
   */
  static Paced run(long rate, Duration warmUp, Duration duration, LongFunction<Quote> quoteAt,
                   Consumer<List<Quote>> emit) {
    if (rate < 1) {
      throw new IllegalArgumentException("rate must be at least 1 quote/s: " + rate);
    }
    Histogram lag = new Histogram(60_000_000L, 3);
    long start = System.nanoTime();
    long total = count(rate, warmUp.plus(duration));
    long measureFrom = start + warmUp.toNanos();
    long next = 0;
    while (next < total) {
      long due = intended(start, next, rate);
      long now = System.nanoTime();
      if (due > now) {
        LockSupport.parkNanos(due - now);
        continue;
      }
      List<Quote> batch = new ArrayList<>();
      while (next < total && batch.size() < MAX_BATCH && intended(start, next, rate) <= now) {
        batch.add(quoteAt.apply(intended(start, next, rate)));
        next++;
      }
      emit.accept(batch);
      long left = System.nanoTime();
      for (Quote quote : batch) {
        if (quote.timeNs() - measureFrom >= 0) {
          lag.recordValue(Math.min((left - quote.timeNs()) / 1_000, 59_000_000L));
        }
      }
    }
    return new Paced(total, lag);
  }

  /** How many quotes {@code rate} a second make in {@code length} (at least one). */
  static long count(long rate, Duration length) {
    // in integers (never 14.999… truncated to 14), whole seconds and the rest apart so no product overflows
    long nanos = length.toNanos();
    return Math.max(1, nanos / 1_000_000_000L * rate + nanos % 1_000_000_000L * rate / 1_000_000_000L);
  }

  /**
   * When quote {@code index} is due, in whole nanoseconds from the start (no drift over a long run; a long
   * holds it for any run the CLI allows: index × 10^9 stays below 2^63 up to 9 × 10^9 quotes).
   */
  static long intended(long start, long index, long rate) {
    return start + index * 1_000_000_000L / rate;
  }
}
