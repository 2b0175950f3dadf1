package piker.backends.binance.trade;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The account's new-order gate (docs/venues/binance.md 4.1): after a -1015 TOO_MANY_ORDERS no placement of
 * this account leaves before its {@code Retry-After} has passed. rest-api.md: "If you have exceeded this, you
 * will receive a 429 error with the Retry-After header" and "failing to back off after receiving 429s will
 * result in an automated IP ban". The count is the account's, not the IP's: reads and cancels go on. One per
 * trade client (one key, one account); thread-safe; on Binance's clock.
 */
final class OrderGate {
  private final LongSupplier nowMs;
  private long closedUntilMs; // 0: open (a difference from MIN_VALUE would overflow)

  OrderGate(LongSupplier serverNowMs) {
    this.nowMs = serverNowMs;
  }

  /** Binance refused a placement with -1015: no placement for {@code wait}. */
  synchronized void refused(Duration wait) {
    closedUntilMs = Math.max(closedUntilMs, nowMs.getAsLong() + wait.toMillis());
  }

  /** The -1015 refusal a placement gets now without being sent, or empty when it may go. */
  synchronized Optional<ErrorKinds.RetryAfter> check() {
    long left = closedUntilMs - nowMs.getAsLong();
    return left > 0 ? Optional.of(new ErrorKinds.RetryAfter(ErrorKinds.TOO_MANY_ORDERS,
        "Too many new orders; not sent, the account's order limit was reached", Duration.ofMillis(left)))
        : Optional.empty();
  }
}
