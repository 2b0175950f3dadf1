package piker.emsd.orders;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import piker.contracts.market.Scale;

/**
 * Pre-trade limits of one account (conf.toml {@code [risk]}): the largest order size, the largest
 * notional (price × size), and how far from the last price an order may be, as a fraction of last.
 * An absent limit is not checked. Alerts carry no risk and are never checked.
 *
 * <p>The order path checks in the market's scaled longs ({@link #breached}); every step is exact
 * ({@code Math.multiplyExact}), and a product past a {@code long} falls back to the decimal check
 * ({@link #breachedInDecimals}), which is also the reference the long check is tested against.
 */
public final class RiskLimits {
  public static final RiskLimits NONE = new RiskLimits(null, null, null);

  /** A limit an order breached. */
  public enum Limit { MAX_ORDER_SIZE, MAX_NOTIONAL, PRICE_BAND }

  private static final long[] POW10 = new long[Scale.MAX_DECIMALS + 1];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private final BigDecimal maxOrderSize;
  private final BigDecimal maxNotional;
  private final BigDecimal priceBand;
  // Each limit as unscaled digits and a scale, read once here so a check allocates nothing.
  private final long sizeDigits;
  private final int sizeScale;
  private final long notionalDigits;
  private final int notionalScale;
  private final long bandDigits;
  private final int bandScale;
  /** A limit whose digits pass a long (or a negative scale past 18): every check goes decimal. */
  private final boolean decimalOnly;

  public RiskLimits(BigDecimal maxOrderSize, BigDecimal maxNotional, BigDecimal priceBand) {
    this.maxOrderSize = maxOrderSize;
    this.maxNotional = maxNotional;
    this.priceBand = priceBand;
    BigDecimal size = normal(maxOrderSize);
    BigDecimal notional = normal(maxNotional);
    BigDecimal band = normal(priceBand);
    decimalOnly = !fitsLong(size) || !fitsLong(notional) || !fitsLong(band);
    sizeDigits = digits(size);
    sizeScale = size == null ? 0 : size.scale();
    notionalDigits = digits(notional);
    notionalScale = notional == null ? 0 : notional.scale();
    bandDigits = digits(band);
    bandScale = band == null ? 0 : band.scale();
  }

  public BigDecimal maxOrderSize() {
    return maxOrderSize;
  }

  public BigDecimal maxNotional() {
    return maxNotional;
  }

  public BigDecimal priceBand() {
    return priceBand;
  }

  /** Empty when the order is within every limit; otherwise the breach, naming the limit. Decimals throughout. */
  public Optional<String> check(BigDecimal price, BigDecimal size, BigDecimal last) {
    Limit limit = breachedInDecimals(price, size, last);
    return limit == null ? Optional.empty() : Optional.of(reason(limit, price, size, last));
  }

  /**
   * The limit an order breaches, or null, with price and last in units of 10^-{@code priceDecimals} and
   * size in units of 10^-{@code sizeDecimals} ({@code last} {@link Scale#NONE} when unknown). Exact.
   */
  public Limit breached(long price, int priceDecimals, long size, int sizeDecimals, long last) {
    if (!decimalOnly) {
      try {
        return breachedInUnits(price, priceDecimals, size, sizeDecimals, last);
      } catch (ArithmeticException pastALong) {
        // fall through: the same question in decimals, which cannot overflow
      }
    }
    return breachedInDecimals(BigDecimal.valueOf(price, priceDecimals), BigDecimal.valueOf(size, sizeDecimals),
        last == Scale.NONE ? null : BigDecimal.valueOf(last, priceDecimals));
  }

  /** Why an order breaching {@code limit} is refused: its numbers as the client sent them. */
  public String reason(Limit limit, BigDecimal price, BigDecimal size, BigDecimal last) {
    return switch (limit) {
      case MAX_ORDER_SIZE -> "size " + size.toPlainString() + " exceeds the risk limit max_order_size "
          + maxOrderSize.toPlainString();
      case MAX_NOTIONAL -> "notional " + price.multiply(size).stripTrailingZeros().toPlainString()
          + " exceeds the risk limit max_notional " + maxNotional.toPlainString();
      case PRICE_BAND -> "price " + price.toPlainString() + " is outside the risk limit price_band "
          + priceBand.toPlainString() + " around last " + last.toPlainString();
    };
  }

  private Limit breachedInUnits(long price, int priceDecimals, long size, int sizeDecimals, long last) {
    if (maxOrderSize != null && compare(size, sizeDecimals, sizeDigits, sizeScale) > 0) {
      return Limit.MAX_ORDER_SIZE;
    }
    if (maxNotional != null
        && compare(Math.multiplyExact(price, size), priceDecimals + sizeDecimals, notionalDigits, notionalScale) > 0) {
      return Limit.MAX_NOTIONAL;
    }
    if (priceBand != null && last != Scale.NONE && last > 0) {
      long distance = Math.abs(Math.subtractExact(price, last));
      if (compare(distance, priceDecimals, Math.multiplyExact(last, bandDigits), priceDecimals + bandScale) > 0) {
        return Limit.PRICE_BAND;
      }
    }
    return null;
  }

  /** The reference: the same limits in BigDecimal arithmetic. */
  Limit breachedInDecimals(BigDecimal price, BigDecimal size, BigDecimal last) {
    if (maxOrderSize != null && size.compareTo(maxOrderSize) > 0) {
      return Limit.MAX_ORDER_SIZE;
    }
    if (maxNotional != null && price.multiply(size).compareTo(maxNotional) > 0) {
      return Limit.MAX_NOTIONAL;
    }
    if (priceBand != null && last != null && last.signum() > 0
        && price.subtract(last).abs().compareTo(last.multiply(priceBand)) > 0) {
      return Limit.PRICE_BAND;
    }
    return null;
  }

  /** a·10^-aScale against b·10^-bScale, exactly; throws ArithmeticException when a long cannot hold it. */
  static int compare(long a, int aScale, long b, int bScale) {
    if (aScale < bScale) {
      return Long.compare(Math.multiplyExact(a, pow10(bScale - aScale)), b);
    }
    return Long.compare(a, Math.multiplyExact(b, pow10(aScale - bScale)));
  }

  private static long pow10(int exponent) {
    if (exponent >= POW10.length) {
      throw new ArithmeticException("10^" + exponent + " passes a long");
    }
    return POW10[exponent];
  }

  /** A limit with a scale of at least 0 (1E+3 becomes 1000), so its digits and scale compare directly. */
  private static BigDecimal normal(BigDecimal limit) {
    return limit == null || limit.scale() >= 0 ? limit : limit.setScale(0);
  }

  private static boolean fitsLong(BigDecimal limit) {
    return limit == null || limit.unscaledValue().bitLength() < Long.SIZE;
  }

  private static long digits(BigDecimal limit) {
    return limit == null || !fitsLong(limit) ? 0 : limit.unscaledValue().longValueExact();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RiskLimits that && Objects.equals(maxOrderSize, that.maxOrderSize)
        && Objects.equals(maxNotional, that.maxNotional) && Objects.equals(priceBand, that.priceBand);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxOrderSize, maxNotional, priceBand);
  }

  @Override
  public String toString() {
    return "RiskLimits[maxOrderSize=" + maxOrderSize + ", maxNotional=" + maxNotional + ", priceBand=" + priceBand + "]";
  }
}
