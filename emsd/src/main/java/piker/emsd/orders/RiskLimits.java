package piker.emsd.orders;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Pre-trade limits of one account (conf.toml {@code [risk]}): the largest order size, the largest
 * notional (price × size), and how far from the last price an order may be, as a fraction of last.
 * An absent limit is not checked. Alerts carry no risk and are never checked.
 */
public record RiskLimits(BigDecimal maxOrderSize, BigDecimal maxNotional, BigDecimal priceBand) {
  public static final RiskLimits NONE = new RiskLimits(null, null, null);

  /** Empty when the order is within every limit; otherwise the breach, naming the limit. */
  public Optional<String> check(BigDecimal price, BigDecimal size, BigDecimal last) {
    if (maxOrderSize != null && size.compareTo(maxOrderSize) > 0) {
      return Optional.of("size " + size.toPlainString() + " exceeds the risk limit max_order_size "
          + maxOrderSize.toPlainString());
    }
    BigDecimal notional = price.multiply(size);
    if (maxNotional != null && notional.compareTo(maxNotional) > 0) {
      return Optional.of("notional " + notional.stripTrailingZeros().toPlainString()
          + " exceeds the risk limit max_notional " + maxNotional.toPlainString());
    }
    if (priceBand != null && last != null && last.signum() > 0) {
      BigDecimal distance = price.subtract(last).abs();
      if (distance.compareTo(last.multiply(priceBand)) > 0) {
        return Optional.of("price " + price.toPlainString() + " is outside the risk limit price_band "
            + priceBand.toPlainString() + " around last " + last.toPlainString());
      }
    }
    return Optional.empty();
  }
}
