package piker.datad;

import java.time.Duration;

/**
 * The backfill plan of one feed: for each period, how many bars are still wanted and where the next
 * frame ends. History is fetched newest first, one frame at a time, paced to the backend's rate limit;
 * a failed frame is retried with backoff. Pure bookkeeping, owned by the feed actor.
 */
final class Backfill {
  static final int MAX_ATTEMPTS = 6;
  private static final Duration FIRST_RETRY = Duration.ofMillis(500);
  private static final Duration MAX_RETRY = Duration.ofSeconds(30);

  /** One period's progress. */
  static final class Period {
    final int seconds;
    final int target;
    int loaded;
    long nextEnd;
    int failures;
    boolean done;

    Period(int seconds, int target, long end) {
      this.seconds = seconds;
      this.target = target;
      this.nextEnd = end;
      this.done = target <= 0;
    }

    int wanted(int frame) {
      return Math.min(frame, target - loaded);
    }

    Duration retryDelay() {
      long millis = FIRST_RETRY.toMillis() << Math.min(failures - 1, 10);
      return Duration.ofMillis(Math.min(millis, MAX_RETRY.toMillis()));
    }
  }

  private Backfill() {}

  /** The pause between two requests at {@code perSecond}. */
  static Duration pace(int perSecond) {
    return Duration.ofMillis(Math.max(1, 1000 / Math.max(1, perSecond)));
  }
}
