package piker.backends.kraken;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/** What a test's {@link Reconnects.Budget} granted, in order: the budget itself keeps no history. */
public final class Grants implements LongConsumer {
  private final BlockingQueue<Long> granted = new LinkedBlockingQueue<>();
  private final List<Long> seen = new ArrayList<>();

  @Override
  public void accept(long at) {
    granted.add(at);
  }

  /** The times granted so far, oldest first, once there are {@code n} (or fewer, after {@code timeout}). */
  public synchronized List<Long> await(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (seen.size() < n) {
      Long next = granted.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (next == null) {
        break;
      }
      seen.add(next);
    }
    return List.copyOf(seen);
  }
}
