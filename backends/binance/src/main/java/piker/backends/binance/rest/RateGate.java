package piker.backends.binance.rest;

import java.util.OptionalInt;

/**
 * The REQUEST_WEIGHT budget of one REST host (docs/venues/binance.md 4 and 13.3), with no clock of its own:
 * every call says what time it is (server time, so the clock-aligned minute windows match Binance's).
 * A request's documented weight is counted before it is sent; each reply's {@code X-MBX-USED-WEIGHT-1M}
 * corrects the count (other clients on the same IP spend the same budget). Above the soft cap a non-order
 * request is held to the next minute; after a 429 or 418 nothing may go to the host before its
 * {@code Retry-After} has passed ({@link #ban}). Not thread-safe: its owner serialises calls.
 */
public final class RateGate {
  /** Binance's current REQUEST_WEIGHT limit per minute (CL 2023-08-25); exchangeInfo's rateLimits override it. */
  public static final int DEFAULT_WEIGHT_PER_MINUTE = 6000;
  /** Past this share of the limit only orders and cancels go (13.3): a backfill never starves trading. */
  static final double SOFT_CAP = 0.8;
  private static final long MINUTE_MS = 60_000;

  private int limit = DEFAULT_WEIGHT_PER_MINUTE;
  private long windowStartMs = Long.MIN_VALUE;
  private int used;
  private long bannedUntilMs = Long.MIN_VALUE;

  /** What to do with a request now. */
  public sealed interface Decision {}

  /** Send it: its weight is counted. */
  public record Go() implements Decision {}

  /** Ask again at {@code atMs}: this minute's budget is spent. */
  public record Hold(long atMs) implements Decision {}

  /** Do not send: the host refused us until {@code untilMs}; fail the request with {@link #message}. */
  public record Refuse(long untilMs, long nowMs) implements Decision {
    /** The caller's error text, as 13.3 words it. */
    public String message() {
      return "rate limited by binance for " + Math.max(1, (untilMs - nowMs + 999) / 1000) + " s";
    }
  }

  /** The REQUEST_WEIGHT per minute exchangeInfo announced. */
  public void limit(int weightPerMinute) {
    if (weightPerMinute > 0) {
      limit = weightPerMinute;
    }
  }

  public int limit() {
    return limit;
  }

  /** The weight counted in the current minute window. */
  public int used(long nowMs) {
    roll(nowMs);
    return used;
  }

  /** Decides for a request of {@code weight}; an order or cancel ignores the soft cap, never a ban. */
  public Decision admit(long nowMs, int weight, boolean order) {
    if (nowMs < bannedUntilMs) {
      return new Refuse(bannedUntilMs, nowMs);
    }
    roll(nowMs);
    boolean overSoftCap = used + weight > limit * SOFT_CAP;
    if (!order && overSoftCap || used + weight > limit) {
      return new Hold(windowStartMs + MINUTE_MS);
    }
    used += weight;
    return new Go();
  }

  /** A reply from the host: its used-weight header, when sent, is the truth for the window it came in. */
  public void onReply(long nowMs, OptionalInt usedWeight) {
    roll(nowMs);
    if (usedWeight.isPresent()) {
      used = usedWeight.getAsInt();
    }
  }

  /** The host said to wait (429/418 Retry-After, 403, -1008): nothing goes to it for {@code waitMs}. */
  public void ban(long nowMs, long waitMs) {
    bannedUntilMs = Math.max(bannedUntilMs, nowMs + waitMs);
  }

  /** When the host accepts requests again; in the past when it does now. */
  public long bannedUntil() {
    return bannedUntilMs;
  }

  private void roll(long nowMs) {
    long window = Math.floorDiv(nowMs, MINUTE_MS) * MINUTE_MS;
    if (window != windowStartMs) {
      windowStartMs = window;
      used = 0;
    }
  }
}
