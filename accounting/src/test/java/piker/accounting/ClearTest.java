package piker.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piker.accounting.Fills.BTC;
import static piker.accounting.Fills.dec;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClearTest {
  private static final Instant DT = Instant.parse("2026-03-01T00:00:00Z");

  private static String reject(String tid, String size, String price, String cost, String bsMktid) {
    return assertThrows(IllegalArgumentException.class,
        () -> new Clear(tid, BTC, dec(size), dec(price), dec(cost), DT, bsMktid)).getMessage();
  }

  @Test
  void rejectsInvalidFieldsWithClearMessages() {
    assertTrue(reject("t1", "0", "1", "0", "X").contains("size must not be zero"));
    assertTrue(reject("t1", "0.000", "1", "0", "X").contains("size must not be zero"));
    assertTrue(reject("t1", "1", "-0.01", "0", "X").contains("price -0.01 is negative"));
    assertTrue(reject("t1", "1", "1", "-1", "X").contains("cost -1 is negative"));
    assertTrue(reject(" ", "1", "1", "0", "X").contains("blank"));
    assertTrue(reject("t\n1", "1", "1", "0", "X").contains("control character U+000A"));
    assertTrue(reject("t1", "1", "1", "0", "X\u0000").contains("control character U+0000"));
    assertTrue(reject("t\uD800", "1", "1", "0", "X").contains("unpaired surrogate"));
  }

  @Test
  void widensNegativeScaleOnlySoPlainTextRoundTrips() {
    Clear clear = new Clear("t1", BTC, new BigDecimal("1E+3"), dec("60000.10"), dec("0"), DT, "BTCUSDT");
    assertEquals(0, clear.size().scale());
    assertEquals("1000", clear.size().toPlainString());
    assertEquals(dec("60000.10"), clear.price()); // trailing zero kept: equals() is scale-sensitive
  }
}
