package piker.contracts.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ScaleTest {
  @Test
  void aTicksDecimalPlacesSetTheUnitWholeTicksCountOnes() {
    assertEquals(2, Scale.ofTick(new BigDecimal("0.01")).decimals());
    assertEquals(2, Scale.ofTick(new BigDecimal("0.05")).decimals());
    assertEquals(6, Scale.ofTick(new BigDecimal("0.00000100")).decimals(), "trailing zeros do not count");
    assertEquals(0, Scale.ofTick(new BigDecimal("10")).decimals());
    assertEquals(0, Scale.ofTick(new BigDecimal("1E+1")).decimals());
    assertSame(Scale.of(3), Scale.ofTick(new BigDecimal("0.001")), "shared instances");
    assertThrows(IllegalArgumentException.class, () -> Scale.ofTick(BigDecimal.ZERO));
    assertThrows(IllegalArgumentException.class, () -> Scale.ofTick(new BigDecimal("1E-19")));
  }

  @Test
  void valuesConvertExactlyBothWaysAndNothingIsRounded() {
    Scale cents = Scale.of(2);
    assertEquals(6_000_001L, cents.units(new BigDecimal("60000.01")));
    assertEquals(6_000_000L, cents.units(new BigDecimal("6E+4")));
    assertEquals(-150L, cents.units(new BigDecimal("-1.500")));
    assertEquals(0, new BigDecimal("60000.01").compareTo(cents.decimal(6_000_001L)));
    assertEquals("60000.01", cents.decimal(6_000_001L).toPlainString());
    assertThrows(ArithmeticException.class, () -> cents.units(new BigDecimal("60000.001")), "off the scale");
    assertThrows(ArithmeticException.class, () -> cents.units(new BigDecimal("1E+18")), "past a long");
    assertThrows(ArithmeticException.class, () -> cents.units(new BigDecimal("1E+999999999")),
        "refused before any huge number is built");
    assertFalse(cents.fits(new BigDecimal("0.001")));
    assertTrue(cents.fits(new BigDecimal("0.010")));
  }

  @Test
  void unitsMoveBetweenScalesExactlyOrNotAtAll() {
    Scale cents = Scale.of(2);
    Scale mills = Scale.of(3);
    assertEquals(6_000_001_0L, cents.rescaleOrNone(6_000_001L, mills));
    assertEquals(6_000_001L, mills.rescaleOrNone(6_000_001_0L, cents));
    assertEquals(-150L, mills.rescaleOrNone(-1_500L, cents));
    assertEquals(Scale.NONE, mills.rescaleOrNone(6_000_001_5L, cents), "finer than cents");
    assertEquals(Scale.NONE, Scale.of(0).rescaleOrNone(Long.MAX_VALUE / 10, Scale.of(2)), "past a long");
    assertEquals(Scale.NONE, Scale.of(0).rescaleOrNone(Long.MIN_VALUE / 10, Scale.of(2)), "past a long, below");
    assertEquals(Scale.NONE, cents.rescaleOrNone(Scale.NONE, mills));
    assertEquals(42L, cents.rescaleOrNone(42L, Scale.of(2)), "the same scale: as it is");
    assertEquals(cents.units(new java.math.BigDecimal("-0.07")),
        Scale.of(18).rescaleOrNone(Scale.of(18).units(new java.math.BigDecimal("-0.07")), cents));
  }

  @Test
  void unknownValuesTravelAsNone() {
    Scale scale = Scale.of(4);
    assertEquals(Scale.NONE, scale.unitsOrNone(null));
    assertNull(scale.decimal(Scale.NONE));
    assertThrows(ArithmeticException.class, () -> Scale.of(0).units(BigDecimal.valueOf(Long.MIN_VALUE)),
        "the marker value is never a price");
  }
}
