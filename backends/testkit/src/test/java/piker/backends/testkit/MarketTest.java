package piker.backends.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The kit's order sizing: whole ticks and lots, and the fewest lots reaching a min notional. */
class MarketTest {
  private static final VenueDriver.Market BTC = new VenueDriver.Market("btcusdt.spot", new BigDecimal("0.01"),
      new BigDecimal("0.00001"), new BigDecimal("5"), new BigDecimal("60000"));

  @Test
  void pricesAndSizesAreWholeTicksAndLots() {
    assertEquals(0, new BigDecimal("59999.97").compareTo(BTC.price(-3)));
    assertEquals(0, new BigDecimal("0.00012").compareTo(BTC.lots(12)));
  }

  @Test
  void minLotsIsTheFewestLotsReachingTheMinNotional() {
    // 5 / (60000 × 0.00001) = 8.33…: 8 lots are 4.8, 9 lots 5.4
    assertEquals(9, BTC.minLots(BTC.price()));
    // exactly on it: 5 / (50000 × 0.00001) = 10
    assertEquals(10, BTC.minLots(new BigDecimal("50000")));
    VenueDriver.Market none = new VenueDriver.Market("x.spot", BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO,
        BigDecimal.TEN);
    assertEquals(1, none.minLots(BigDecimal.TEN));
  }
}
