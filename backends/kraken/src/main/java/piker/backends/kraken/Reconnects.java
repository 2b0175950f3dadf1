package piker.backends.kraken;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
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
   * Connection attempts in a rolling window: at most {@code max} in any {@code window}, only the last {@code max}
   * grants kept. Slots are granted in time order, so {@code max + 1} consecutive grants always span the window.
   */
  public static final class Budget {
    /** One per websocket host of the process: every client, account and re-login takes from it. */
    private static final Map<String, Budget> BY_HOST = new ConcurrentHashMap<>();

    private final int max;
    private final long windowMs;
    private final ArrayDeque<Long> recent = new ArrayDeque<>();
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

    /** The time, at or after {@code earliestMs}, an attempt may start; the slot is taken. */
    synchronized long take(long earliestMs) {
      long at = recent.isEmpty() ? earliestMs : Math.max(earliestMs, recent.peekLast());
      if (recent.size() >= max) {
        at = Math.max(at, recent.peekFirst() + windowMs);
        recent.removeFirst();
      }
      recent.addLast(at);
      onGrant.accept(at);
      return at;
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
    return budget.take(now) - now;
  }

  /** The wait before reconnecting after a drop or a failed attempt; the backoff moves one step. */
  public synchronized long nextDelayMs() {
    long now = clock.getAsLong();
    long at = budget.take(now + backoffMs.applyAsLong(step));
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
