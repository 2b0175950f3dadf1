package piker.backends.sim.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reconnect delays that double from a minimum to a cap, back to the minimum after a success. Atomic,
 * because a link's drops, failed attempts and successes are reported on different threads (the
 * websocket's listener, the HTTP client's and the reconnect timer's).
 */
final class Backoff {
  private final long minMillis;
  private final long maxMillis;
  private final AtomicLong next;

  Backoff(Duration min, Duration max) {
    this.minMillis = min.toMillis();
    this.maxMillis = max.toMillis();
    this.next = new AtomicLong(minMillis);
  }

  /** The delay before the next attempt; each caller gets its own step of the doubling. */
  long nextDelayMillis() {
    return next.getAndUpdate(delay -> Math.min(delay * 2, maxMillis));
  }

  /** After a successful connect: the next drop is retried at the minimum delay. */
  void reset() {
    next.set(minMillis);
  }
}
