package piker.backends.kraken.rest;

/**
 * Kraken's rate model for one class of REST calls (docs/venues/kraken.md 4.1, 13.3), with no clock of its
 * own: every call says what time it is. A counter that each request raises by its cost and that decays
 * continuously; a request that would lift it over the maximum waits until enough has decayed. When Kraken
 * refuses with {@code EAPI:Rate limit exceeded} nothing goes before a backoff has passed: the first is the
 * time the documented counter takes to free one call at the fastest documented decay (Pro, -1/s: 1 s);
 * each further refusal in a row doubles it (so the slower tiers, -0.5/s and -0.33/s, are covered by the
 * second and third), up to a minute; an accepted request resets it. {@code EService: Throttled: <ts>} closes
 * the class until {@code ts}. Not thread-safe: its owner serialises calls.
 */
public final class CallCounter {
  static final long FIRST_BACKOFF_MS = 1_000;
  static final long MAX_BACKOFF_MS = 60_000;

  private final double max;
  private final double decayPerMs;
  private double count;
  private long countedAtMs;
  private long closedUntilMs = Long.MIN_VALUE;
  private long nextBackoffMs = FIRST_BACKOFF_MS;

  /** A counter of {@code max} decaying {@code decayPerSecond}. */
  public CallCounter(double max, double decayPerSecond) {
    this.max = max;
    this.decayPerMs = decayPerSecond / 1000.0;
  }

  /** What to do with a request now. */
  public sealed interface Decision {}

  /** Send it: its cost is counted. */
  public record Go() implements Decision {}

  /** Ask again at {@code atMs}: the counter is too high for it now. */
  public record Hold(long atMs) implements Decision {}

  /** Do not send: Kraken refused us until {@code untilMs}. */
  public record Refuse(long untilMs, long nowMs) implements Decision {
    /** The wait in whole seconds, at least 1: what the error names (BRIEF17). */
    public long seconds() {
      return Math.max(1, (untilMs - nowMs + 999) / 1000);
    }
  }

  public Decision admit(long nowMs, int cost) {
    if (nowMs < closedUntilMs) {
      return new Refuse(closedUntilMs, nowMs);
    }
    decay(nowMs);
    if (count + cost > max) {
      return new Hold(nowMs + (long) Math.ceil((count + cost - max) / decayPerMs));
    }
    count += cost;
    return new Go();
  }

  /** Kraken answered without a rate refusal: the backoff starts over. */
  public void accepted() {
    nextBackoffMs = FIRST_BACKOFF_MS;
  }

  /**
   * Kraken said {@code EAPI:Rate limit exceeded}: the counter is full (Kraken's is, whatever ours said) and
   * nothing goes for the current backoff, which doubles for the next refusal. Returns the wait in ms.
   */
  public long refused(long nowMs) {
    long wait = nextBackoffMs;
    closedUntilMs = Math.max(closedUntilMs, nowMs + wait);
    nextBackoffMs = Math.min(MAX_BACKOFF_MS, nextBackoffMs * 2);
    decay(nowMs);
    count = max;
    return wait;
  }

  /** Kraken said {@code EService: Throttled: <ts>}: nothing goes before {@code untilMs}. */
  public void closeUntil(long untilMs) {
    closedUntilMs = Math.max(closedUntilMs, untilMs);
  }

  public long closedUntil() {
    return closedUntilMs;
  }

  private void decay(long nowMs) {
    if (countedAtMs != 0) {
      count = Math.max(0, count - (nowMs - countedAtMs) * decayPerMs);
    }
    countedAtMs = nowMs;
  }
}
