package piker.contracts.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DecimalTextTest {
  @Test
  void readsWhatScaleUnitsReadsExactly() {
    for (String text : new String[] {"60000.1", "60000.10000000", "0.00000001", "7", "-1.5", "+2.25", "0", ".5", "5.",
        "1E+2", "1.5e-2", "92233720368547758.07"}) {
      Scale scale = Scale.of(text.contains("e-") ? 3 : 2 + (text.contains("0.00000001") ? 6 : 0));
      assertEquals(scale.units(new BigDecimal(text)), DecimalText.units(scale, text), text);
    }
  }

  @Test
  void refusesWhatItWouldHaveToRound() {
    assertThrows(ArithmeticException.class, () -> DecimalText.units(Scale.of(2), "60000.001"));
    assertThrows(ArithmeticException.class, () -> DecimalText.units(Scale.of(2), "60000.0000001"));
    assertThrows(ArithmeticException.class, () -> DecimalText.units(Scale.of(2), "92233720368547758.08"));
    assertThrows(ArithmeticException.class, () -> DecimalText.units(Scale.of(18), "10"));
    assertThrows(ArithmeticException.class, () -> DecimalText.units(Scale.of(0), "1.5E0"));
  }

  @Test
  void refusesWhatIsNotANumber() {
    for (String text : new String[] {"", "-", ".", "1.2.3", "1,5", "abc", " 1"}) {
      assertThrows(NumberFormatException.class, () -> DecimalText.units(Scale.of(2), text), text);
    }
  }
}
