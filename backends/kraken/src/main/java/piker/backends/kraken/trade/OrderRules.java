package piker.backends.kraken.trade;

import java.math.BigDecimal;
import java.util.Optional;
import piker.backends.kraken.exchange.KrakenPair;

/**
 * An order checked against its pair's AssetPairs rules before it is sent (docs/venues/kraken.md 6.2, 13.8), refused
 * as Kraken would: {@code EOrder:Order minimum not met} under {@code ordermin}, {@code EOrder:Cost minimum not met}
 * under {@code costmin} (the docs' strings); a price off {@code tick_size} or a size with more than
 * {@code lot_decimals} decimals as {@code EGeneral:Invalid arguments:<field> ...} (the docs' family, our detail after the colon); a pair
 * not online as {@code EService:Market in <status> mode}.
 */
final class OrderRules {
  private OrderRules() {}

  /** Kraken's error string for an order the pair refuses; empty when it may go. */
  static Optional<String> refusal(KrakenPair pair, BigDecimal price, BigDecimal size) {
    if (!pair.online() && !"limit_only".equals(pair.status())) {
      return Optional.of("EService:Market in " + pair.status() + " mode");
    }
    if (price == null || price.signum() <= 0) {
      return Optional.of("EGeneral:Invalid arguments:limit_price must be positive");
    }
    if (size == null || size.signum() <= 0) {
      return Optional.of("EGeneral:Invalid arguments:order_qty must be positive");
    }
    if (price.remainder(pair.tickSize()).signum() != 0) {
      return Optional.of("EGeneral:Invalid arguments:limit_price " + price.toPlainString()
          + " is not a multiple of the pair's tick_size " + pair.tickSize().toPlainString());
    }
    if (size.stripTrailingZeros().scale() > pair.lotDecimals()) {
      return Optional.of("EGeneral:Invalid arguments:order_qty " + size.toPlainString() + " has more than the pair's "
          + pair.lotDecimals() + " lot_decimals");
    }
    if (pair.ordermin().signum() > 0 && size.compareTo(pair.ordermin()) < 0) {
      return Optional.of("EOrder:Order minimum not met:volume " + size.toPlainString() + " is under the pair's ordermin "
          + pair.ordermin().toPlainString());
    }
    if (pair.costmin().signum() > 0 && price.multiply(size).compareTo(pair.costmin()) < 0) {
      return Optional.of("EOrder:Cost minimum not met:cost " + price.multiply(size).toPlainString()
          + " is under the pair's costmin " + pair.costmin().toPlainString());
    }
    return Optional.empty();
  }

  /** A decimal as the wire wants it: no trailing zeros, never an exponent once written plain. */
  static BigDecimal plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
