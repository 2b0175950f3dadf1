package piker.contracts.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TickKindTest {
  @Test
  void everyKindRoundTripsThroughItsWireNameAndOrdinal() {
    for (TickKind kind : TickKind.values()) {
      assertEquals(kind, TickKind.parse(kind.wire()));
      assertEquals(kind, TickKind.ofOrdinal(kind.ordinal()));
    }
    assertNull(TickKind.parse("TRADE"), "wire names are lower case");
    assertNull(TickKind.parse("dark_trade"));
    assertNull(TickKind.parse(null));
  }

  @Test
  void onlyTradesAndTheTouchCarryAPrice() {
    assertTrue(TickKind.TRADE.pricing() && TickKind.BID.pricing() && TickKind.ASK.pricing());
    assertFalse(TickKind.BSIZE.pricing() || TickKind.ASIZE.pricing());
  }
}
