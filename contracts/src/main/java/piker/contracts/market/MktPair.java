package piker.contracts.market;

import java.math.BigDecimal;
import java.util.Objects;
import piker.contracts.names.Fqme;

/**
 * A market: what is bought ({@code dst}) with what ({@code src}), where, and its exact price and
 * size ticks.
 *
 * @param fqme       the market's fully qualified name
 * @param dst        the asset bought
 * @param src        the asset paid with
 * @param priceTick  smallest price step, exact
 * @param sizeTick   smallest size step, exact
 * @param takerFee   fee rate charged on taker fills (0.001 = 0.1%), exact
 * @param bsMktid    the backend's own market id
 * @param minNotional least price × size of an order the venue accepts, exact; zero when it has none
 * @param makerFee   fee rate charged on maker fills (an order resting in the book, filled later), exact
 * @param minSize    least size of an order the venue accepts, exact; zero when it names none beyond the tick
 */
public record MktPair(Fqme fqme, Asset dst, Asset src, BigDecimal priceTick, BigDecimal sizeTick,
                      BigDecimal takerFee, String bsMktid, BigDecimal minNotional, BigDecimal makerFee,
                      BigDecimal minSize) {
  public MktPair {
    Objects.requireNonNull(fqme, "fqme");
    Objects.requireNonNull(dst, "dst");
    Objects.requireNonNull(src, "src");
    Ticks.requirePositive(priceTick, "priceTick");
    Ticks.requirePositive(sizeTick, "sizeTick");
    if (takerFee == null || takerFee.signum() < 0) {
      throw new IllegalArgumentException("takerFee must be a non-negative decimal, got " + takerFee);
    }
    Objects.requireNonNull(bsMktid, "bsMktid");
    if (minNotional == null || minNotional.signum() < 0) {
      throw new IllegalArgumentException("minNotional must be a non-negative decimal, got " + minNotional);
    }
    if (makerFee == null || makerFee.signum() < 0) {
      throw new IllegalArgumentException("makerFee must be a non-negative decimal, got " + makerFee);
    }
    if (minSize == null || minSize.signum() < 0) {
      throw new IllegalArgumentException("minSize must be a non-negative decimal, got " + minSize);
    }
  }

  /** A market whose venue names no least order size beyond its size tick. */
  public MktPair(Fqme fqme, Asset dst, Asset src, BigDecimal priceTick, BigDecimal sizeTick, BigDecimal takerFee,
                 String bsMktid, BigDecimal minNotional, BigDecimal makerFee) {
    this(fqme, dst, src, priceTick, sizeTick, takerFee, bsMktid, minNotional, makerFee, BigDecimal.ZERO);
  }

  /** A market whose venue charges makers as it charges takers. */
  public MktPair(Fqme fqme, Asset dst, Asset src, BigDecimal priceTick, BigDecimal sizeTick, BigDecimal takerFee,
                 String bsMktid, BigDecimal minNotional) {
    this(fqme, dst, src, priceTick, sizeTick, takerFee, bsMktid, minNotional, takerFee);
  }

  /** A market whose venue sets no min notional. */
  public MktPair(Fqme fqme, Asset dst, Asset src, BigDecimal priceTick, BigDecimal sizeTick, BigDecimal takerFee,
                 String bsMktid) {
    this(fqme, dst, src, priceTick, sizeTick, takerFee, bsMktid, BigDecimal.ZERO);
  }

  /** This market with other fee rates (an account's own, not the venue's standard ones). */
  public MktPair withFees(BigDecimal taker, BigDecimal maker) {
    return new MktPair(fqme, dst, src, priceTick, sizeTick, taker, bsMktid, minNotional, maker, minSize);
  }

  /** The fee rate of a fill: the maker's for an order that rested in the book, else the taker's. */
  public BigDecimal feeRate(boolean maker) {
    return maker ? makerFee : takerFee;
  }

  /** Whether an order of {@code size} reaches the venue's least order size. */
  public boolean reachesMinSize(BigDecimal size) {
    return size.compareTo(minSize) >= 0;
  }

  /** Whether an order of {@code size} at {@code price} reaches the venue's min notional. */
  public boolean reachesMinNotional(BigDecimal price, BigDecimal size) {
    return price.multiply(size).compareTo(minNotional) >= 0;
  }

  /** The unit prices of this market travel in as scaled longs: its price tick's decimal places. */
  public Scale priceScale() {
    return Scale.ofTick(priceTick);
  }

  /** The unit sizes of this market travel in as scaled longs: its size tick's decimal places. */
  public Scale sizeScale() {
    return Scale.ofTick(sizeTick);
  }

  public boolean onPriceTick(BigDecimal price) {
    return Ticks.onTick(price, priceTick);
  }

  public boolean onSizeTick(BigDecimal size) {
    return Ticks.onTick(size, sizeTick);
  }
}
