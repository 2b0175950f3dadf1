package piker.backends.kraken;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntToLongFunction;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * When one websocket link may next try to connect (docs/venues/kraken.md 4.3): "approximately 150 attempts per
 * rolling 10 minutes. If this is exceeded, the IP is banned for 10 minutes", and "after maintenance or extended
 * downtime, attempt to reconnect no more quickly than once every 5 seconds". A link's waits grow along its
 * backoff while it keeps dropping, and start again from the first only once it stayed up {@code stableAfter}
 * (a link that is accepted, then dropped, must not reconnect at the quick pace for ever); every attempt, the
 * first included, also takes a slot of a {@link Budget} shared by every link of the process to the same websocket
 * host ({@link Budget#forHost}): Kraken counts per IP, not per client. Thread-safe.
 */
public final class Reconnects {
  /** Kraken's rolling window. */
  public static final Duration WINDOW = Duration.ofMinutes(10);
  /**
   * Attempts per window to one websocket host from this process (ours): the public and the private host together
   * stay under Kraken's ~150 with room for a second process on the IP, however many clients and accounts connect.
   */
  public static final int MAX_PER_WINDOW = 60;
  /** Up this long, a link counts as recovered: its next drop starts the backoff from the beginning (ours). */
  public static final Duration STABLE_AFTER = Duration.ofSeconds(60);

  /**
   * Connection attempts in a rolling window: at most {@code max} in any {@code window}. A link's attempt is granted
   * the earliest time, at or after the one it asks for, that keeps every window holding it within {@code max}; other
   * links' grants, earlier or later, count, but never move it later than the limit needs (one link's long backoff
   * holds up no other link). Grants older than a window before now are let go.
   */
  public static final class Budget {
    /** One per websocket host of the process: every client, account and re-login takes from it. */
    private static final Map<String, Budget> BY_HOST = new ConcurrentHashMap<>();

    private final int max;
    private final long windowMs;
    /** Granted attempt times, ascending (several links may hold the same millisecond). */
    private final List<Long> grants = new ArrayList<>();
    /** Told each granted time (a test's observer; nothing is kept here). */
    private final LongConsumer onGrant;

    public Budget(int max, Duration window) {
      this(max, window, at -> { });
    }

    public Budget(int max, Duration window, LongConsumer onGrant) {
      if (max < 1) {
        throw new IllegalArgumentException("a budget allows at least one attempt: " + max);
      }
      this.max = max;
      this.windowMs = window.toMillis();
      this.onGrant = onGrant;
    }

    /**
     * The budget of every link of this process to {@code ws}'s host and port ({@link #MAX_PER_WINDOW} per
     * {@link #WINDOW}): shared, since Kraken's limit is per IP, and keyed by the port too so that fakes apart stay
     * apart.
     */
    public static Budget forHost(URI ws) {
      int port = ws.getPort() >= 0 ? ws.getPort() : "wss".equalsIgnoreCase(ws.getScheme()) ? 443 : 80;
      String host = ws.getHost() == null ? "" : ws.getHost().toLowerCase(java.util.Locale.ROOT);
      return BY_HOST.computeIfAbsent(host + ":" + port, key -> new Budget(MAX_PER_WINDOW, WINDOW));
    }

    /** The time, at or after {@code earliestMs} (itself at or after {@code nowMs}), an attempt may start; taken. */
    synchronized long take(long nowMs, long earliestMs) {
      grants.removeIf(at -> at <= nowMs - windowMs); // no window holding now or later holds them
      long at = Math.max(nowMs, earliestMs);
      while (full(at)) {
        at = nextFree(at);
      }
      int index = Collections.binarySearch(grants, at);
      grants.add(index < 0 ? -index - 1 : index, at);
      onGrant.accept(at);
      return at;
    }

    /** Whether some window holding {@code at} already holds {@code max} grants. */
    private boolean full(long at) {
      // the windows holding `at` start in (at - window, at]; a window's count grows only where a grant comes in at
      // its right end (a start of grant - window + 1), so the fullest is the first one or starts at such a point
      long first = at - windowMs + 1;
      if (count(first) >= max) {
        return true;
      }
      for (long grant : grants) {
        long start = grant - windowMs + 1;
        if (start > at) {
          break; // ascending: the rest start later still
        }
        if (start > first && count(start) >= max) {
          return true;
        }
      }
      return false;
    }

    /** Grants in the window {@code [start, start + window)}. */
    private int count(long start) {
      int n = 0;
      for (long grant : grants) {
        if (grant >= start && grant < start + windowMs) {
          n++;
        }
      }
      return n;
    }

    /** The next time after {@code at} that may be free: the end of a window holding {@code at} (a grant's time + window). */
    private long nextFree(long at) {
      long next = Long.MAX_VALUE;
      for (long grant : grants) {
        if (grant + windowMs > at) {
          next = Math.min(next, grant + windowMs);
        }
      }
      return next == Long.MAX_VALUE ? at + 1 : next;
    }
  }

  private final IntToLongFunction backoffMs;
  private final long stableMs;
  private final Budget budget;
  private final LongSupplier clock;
  private int step;
  private long upSinceMs = -1;

  /** {@code backoffMs}: the wait before the n-th reconnect in a row (0 the first). */
  public Reconnects(IntToLongFunction backoffMs, Duration stableAfter, Budget budget, LongSupplier clock) {
    this.backoffMs = backoffMs;
    this.stableMs = stableAfter.toMillis();
    this.budget = budget;
    this.clock = clock;
  }

  /** The wait before a link's first connection: none unless its kind used up the window. */
  public synchronized long firstDelayMs() {
    long now = clock.getAsLong();
    return budget.take(now, now) - now;
  }

  /** The wait before reconnecting after a drop or a failed attempt; the backoff moves one step. */
  public synchronized long nextDelayMs() {
    long now = clock.getAsLong();
    long at = budget.take(now, now + backoffMs.applyAsLong(step));
    step++;
    return at - now;
  }

  /** The link is up (connected and subscribed). */
  public synchronized void up() {
    upSinceMs = clock.getAsLong();
  }

  /** The link dropped: only one that stayed up {@code stableAfter} starts the backoff again. */
  public synchronized void down() {
    if (upSinceMs >= 0 && clock.getAsLong() - upSinceMs >= stableMs) {
      step = 0;
    }
    upSinceMs = -1;
  }

  /** The budget this link's attempts take from. */
  public Budget budget() {
    return budget;
  }

  /** Reconnects in a row so far (the backoff's step). */
  public synchronized int step() {
    return step;
  }
}
