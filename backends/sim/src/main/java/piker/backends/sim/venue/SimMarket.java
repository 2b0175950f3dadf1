package piker.backends.sim.venue;

import java.math.BigDecimal;

/**
 * One market of the sim venue's catalogue.
 *
 * @param key        the venue's own key, which is the backend's bs_fqme ({@code btcusdt.spot})
 * @param base       the asset bought
 * @param quote      the asset paid with
 * @param priceTick  price step
 * @param sizeTick   size step
 * @param reference  where a quiet market sits, and where the walk starts every UTC day
 * @param takerFee   fee rate on taker fills
 * @param kind       {@code spot}, {@code perp} or {@code future}
 */
public record SimMarket(String key, String base, String quote, BigDecimal priceTick, BigDecimal sizeTick,
                        BigDecimal reference, BigDecimal takerFee, String kind) {

  /**
   * Why a price and size cannot be traded here, or empty when both are on the market's ticks: the one
   * check for orders and pushed ticks alike.
   */
  public java.util.Optional<String> offTicks(BigDecimal price, BigDecimal size) {
    boolean priceOff = price.remainder(priceTick).signum() != 0;
    boolean sizeOff = size.remainder(sizeTick).signum() != 0;
    if (!priceOff && !sizeOff) {
      return java.util.Optional.empty();
    }
    StringBuilder why = new StringBuilder();
    if (priceOff) {
      why.append("price ").append(price.toPlainString()).append(" is not on ").append(key).append("'s price tick ")
          .append(priceTick.toPlainString());
    }
    if (sizeOff) {
      why.append(priceOff ? " and size " : "size ").append(size.toPlainString()).append(" is not on ").append(key)
          .append("'s size tick ").append(sizeTick.toPlainString());
    }
    return java.util.Optional.of(why.toString());
  }

  /** The venue's market id, as an exchange would spell it. */
  public String venueId() {
    return venueId(key);
  }

  /** The venue's market id of the market keyed {@code key} ({@code btcusdt.spot} → {@code BTCUSDT-SPOT}). */
  public static String venueId(String key) {
    return key.toUpperCase(java.util.Locale.ROOT).replace('.', '-');
  }
}
