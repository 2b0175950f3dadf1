package piker.backends.sim.venue;

import java.math.BigDecimal;

/** One order at the venue; owned by the venue engine's actor, so plainly mutable. */
final class VenueOrder {
  static final String OPEN = "open";
  static final String FILLED = "filled";
  static final String CANCELED = "canceled";

  final String orderId;
  final String clientId;
  final String account;
  final String market;
  final boolean buy;
  final BigDecimal price;
  final BigDecimal size;
  final long timeNs;
  BigDecimal filled = BigDecimal.ZERO;
  String status = OPEN;

  VenueOrder(String orderId, String clientId, String account, String market, boolean buy, BigDecimal price,
             BigDecimal size, long timeNs) {
    this.orderId = orderId;
    this.clientId = clientId;
    this.account = account;
    this.market = market;
    this.buy = buy;
    this.price = price;
    this.size = size;
    this.timeNs = timeNs;
  }

  BigDecimal remaining() {
    return size.subtract(filled);
  }

  boolean open() {
    return OPEN.equals(status);
  }

  /** Whether a price on the other side reaches this order's limit. */
  boolean crossedBy(BigDecimal other) {
    return buy ? other.compareTo(price) <= 0 : other.compareTo(price) >= 0;
  }
}
