package piker.datad;

import java.time.Duration;

/**
 * How soon a feed may start repairing its bars after another gap in its stream (docs/history.md, "Trades the
 * live stream missed"): each repair asks the venue for its recent bars, at the venue's rate limits, so a venue
 * whose stream skips again and again must not keep datad asking. After a repair starts, the next waits
 * {@link #FIRST}; one that starts within {@link #RECURRING} of the one before waits twice as long after it, up to
 * {@link #MOST}. Pure: times are the caller's monotonic nanoseconds.
 */
final class RepairPace {
  static final Duration FIRST = Duration.ofSeconds(5);
  static final Duration MOST = Duration.ofMinutes(5);
  static final Duration RECURRING = Duration.ofMinutes(1);

  private boolean started;
  private long lastStartNs;
  private long pauseNs = FIRST.toNanos();

  /** Nanoseconds from {@code nowNs} until a repair may start; 0: now. */
  long waitNs(long nowNs) {
    return started ? Math.max(0, lastStartNs + pauseNs - nowNs) : 0;
  }

  /** A repair starts at {@code nowNs}: the pause after it grows when repairs recur, and starts over when they do not. */
  void started(long nowNs) {
    if (started && nowNs - lastStartNs < RECURRING.toNanos()) {
      pauseNs = Math.min(2 * pauseNs, MOST.toNanos());
    } else {
      pauseNs = FIRST.toNanos();
    }
    started = true;
    lastStartNs = nowNs;
  }
}
