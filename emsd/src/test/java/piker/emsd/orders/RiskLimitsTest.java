package piker.emsd.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import piker.contracts.market.Scale;

/** The check in scaled longs must answer exactly as the decimal reference does, overflow included. */
class RiskLimitsTest {

  private static final RiskLimits LIMITS =
      new RiskLimits(new BigDecimal("0.5"), new BigDecimal("10000"), new BigDecimal("0.05"));

  @Test
  void eachLimitAtItsEdgeInUnits() {
    // BTC-like: price in cents, size in 10^-5
    long last = 6_000_000;
    assertNull(LIMITS.breached(6_000_000, 2, 16_666, 5, last), "notional 9999.6");
    assertEquals(RiskLimits.Limit.MAX_NOTIONAL, LIMITS.breached(6_000_000, 2, 16_667, 5, last), "10000.2");
    assertNull(LIMITS.breached(1_000_000, 2, 50_000, 5, Scale.NONE), "size exactly at the limit");
    assertEquals(RiskLimits.Limit.MAX_ORDER_SIZE, LIMITS.breached(100, 2, 50_001, 5, last));
    assertNull(LIMITS.breached(5_700_000, 2, 1, 5, last), "exactly 5% below last");
    assertEquals(RiskLimits.Limit.PRICE_BAND, LIMITS.breached(5_699_999, 2, 1, 5, last));
    assertNull(LIMITS.breached(5_699_999, 2, 1, 5, Scale.NONE), "no last, no band");
  }

  @Test
  void aProductPastALongFallsBackToDecimalsAndStaysExact() {
    RiskLimits wide = new RiskLimits(null, new BigDecimal("1E+30"), null);
    // 9e17 × 9e17 at scale 0 passes a long; 8.1e35 is above 1e30
    assertEquals(RiskLimits.Limit.MAX_NOTIONAL, wide.breached(900_000_000_000_000_000L, 0, 900_000_000_000_000_000L, 0,
        Scale.NONE));
    assertNull(wide.breached(1_000_000_000_000_000L, 0, 1_000_000_000_000L, 0, Scale.NONE), "exactly 1e30");
  }

  @Test
  void theDecimalCheckNamesTheLimitAsBefore() {
    String reason = LIMITS.check(new BigDecimal("60000"), new BigDecimal("0.20"), new BigDecimal("60000")).orElseThrow();
    assertEquals("notional 12000 exceeds the risk limit max_notional 10000", reason);
    assertTrue(LIMITS.check(new BigDecimal("59000"), new BigDecimal("0.1"), new BigDecimal("60000")).isEmpty());
  }

  @ParameterizedTest
  @ValueSource(longs = {1L, 7L, 20240611L})
  void unitsAgreeWithDecimals(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 20_000; i++) {
      RiskLimits limits = new RiskLimits(limit(random), limit(random), limit(random));
      int priceDecimals = random.nextInt(9);
      int sizeDecimals = random.nextInt(9);
      long price = magnitude(random);
      long size = magnitude(random);
      long last = random.nextInt(10) == 0 ? Scale.NONE : magnitude(random);
      BigDecimal lastDecimal = last == Scale.NONE ? null : BigDecimal.valueOf(last, priceDecimals);
      RiskLimits.Limit expected = limits.breachedInDecimals(BigDecimal.valueOf(price, priceDecimals),
          BigDecimal.valueOf(size, sizeDecimals), lastDecimal);
      assertEquals(expected, limits.breached(price, priceDecimals, size, sizeDecimals, last),
          limits + " price " + price + "e-" + priceDecimals + " size " + size + "e-" + sizeDecimals + " last " + last);
    }
  }

  /** Small and huge, so both the long path and its overflow fallback are exercised. */
  private static long magnitude(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> random.nextInt(1_000);
      case 1 -> random.nextInt(100_000_000);
      case 2 -> random.nextLong(1L << 40);
      default -> random.nextLong(Long.MAX_VALUE);
    };
  }

  private static BigDecimal limit(Random random) {
    if (random.nextInt(4) == 0) {
      return null;
    }
    BigDecimal limit = BigDecimal.valueOf(magnitude(random), random.nextInt(12) - 2);
    return random.nextInt(20) == 0 ? limit.multiply(BigDecimal.TEN.pow(25)) : limit;
  }
}
