package piker.backends.wire;

/**
 * Spaces the messages we send on one connection under a venue's limit of incoming messages a second (Binance
 * counts pings, pongs and control messages, docs/venues/binance.md 4.4): at most {@code perSecond} a second,
 * each pong the JDK sends for a ping taking a slot too. Pure; its owner serialises calls.
 */
public final class Pacer {
  private final long spacingMs;
  private long nextFreeMs = Long.MIN_VALUE;

  public Pacer(int perSecond) {
    this.spacingMs = Math.max(1, 1000 / perSecond);
  }

  /** The time to send a message that is ready at {@code nowMs}; the slot is taken. */
  public long reserve(long nowMs) {
    long at = Math.max(nowMs, nextFreeMs);
    nextFreeMs = at + spacingMs;
    return at;
  }
}
