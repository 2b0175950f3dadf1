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

  /**
   * One period's progress. With stored history it first fills the gap between the newest stored bar
   * and the live bars ({@code gapFloor}), then joins the stored bars, then loads older bars only while
   * fewer than {@code depth} are held: after a restart only what is missing is requested.
   */
  static final class Period {
    final int seconds;
    final int depth;
    long nextEnd;
    /** The oldest time the gap phase fetches; Long.MIN_VALUE once there is no gap to fill. */
    long gapFloor = Long.MIN_VALUE;
    /** Stored bars to join once the gap is filled. */
    java.util.List<piker.contracts.market.Bar> stored = java.util.List.of();
    int loaded;
    int failures;

    Period(int seconds, int depth, long end) {
      this.seconds = seconds;
      this.depth = depth;
      this.nextEnd = end;
    }

    boolean inGap() {
      return gapFloor != Long.MIN_VALUE;
    }

    /** Bars to ask for next; 0 when there is nothing left to fetch. */
    int wanted(int frame, BarBuffer buffer) {
      if (inGap()) {
        return (int) Math.min(frame, Math.max(0, (nextEnd - gapFloor) / seconds));
      }
      return Math.max(0, Math.min(frame, Math.min(depth - buffer.held(), buffer.room())));
    }

    Duration retryDelay() {
      return Backfill.retryDelay(failures);
    }
  }

  private Backfill() {}

  /** The pause before the next attempt after {@code failures} failed ones: 0.5 s doubling, at most 30 s. */
  static Duration retryDelay(int failures) {
    long millis = FIRST_RETRY.toMillis() << Math.min(Math.max(failures, 1) - 1, 10);
    return Duration.ofMillis(Math.min(millis, MAX_RETRY.toMillis()));
  }

  /** The pause between two requests at {@code perSecond}. */
  static Duration pace(int perSecond) {
    return Duration.ofMillis(Math.max(1, 1000 / Math.max(1, perSecond)));
  }
}
