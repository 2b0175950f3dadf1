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

  /** The venue's market id, as an exchange would spell it. */
  public String venueId() {
    return venueId(key);
  }

  /** The venue's market id of the market keyed {@code key} ({@code btcusdt.spot} → {@code BTCUSDT-SPOT}). */
  public static String venueId(String key) {
    return key.toUpperCase(java.util.Locale.ROOT).replace('.', '-');
  }
}
