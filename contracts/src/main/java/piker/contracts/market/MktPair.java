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
 */
public record MktPair(Fqme fqme, Asset dst, Asset src, BigDecimal priceTick, BigDecimal sizeTick,
                      BigDecimal takerFee, String bsMktid) {
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
  }

  public boolean onPriceTick(BigDecimal price) {
    return Ticks.onTick(price, priceTick);
  }

  public boolean onSizeTick(BigDecimal size) {
    return Ticks.onTick(size, sizeTick);
  }
}
