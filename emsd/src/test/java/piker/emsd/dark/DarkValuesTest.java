package piker.emsd.dark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DarkValuesTest {

  @Test
  void tickKindsMapOnlyPriceTicks() {
    assertEquals(Optional.of(TickKind.TRADE), TickKind.of("trade"));
    assertEquals(Optional.of(TickKind.BID), TickKind.of("bid"));
    assertEquals(Optional.of(TickKind.ASK), TickKind.of("ask"));
    assertEquals(Optional.empty(), TickKind.of("bsize"));
    assertEquals(Optional.empty(), TickKind.of("asize"));
    assertEquals(Optional.empty(), TickKind.of(null));
  }

  @Test
  void watchesCoverTheirSideAndTrades() {
    assertEquals(EnumSet.of(TickKind.ASK, TickKind.TRADE), watched(Watch.BUY));
    assertEquals(EnumSet.of(TickKind.BID, TickKind.TRADE), watched(Watch.SELL));
    assertEquals(EnumSet.of(TickKind.TRADE), watched(Watch.ALERT));
  }

  @Test
  void directionIsFixedFromLastAndAtLastCountsAsAbove() {
    assertEquals(Direction.AT_OR_ABOVE, Direction.fromLast(p("60000.00"), p("60000")));
    assertEquals(Direction.AT_OR_ABOVE, Direction.fromLast(p("60000.01"), p("60000")));
    assertEquals(Direction.AT_OR_BELOW, Direction.fromLast(p("59999.99"), p("60000")));
  }

  @Test
  void crossingIncludesEquality() {
    assertTrue(Direction.AT_OR_ABOVE.crossedBy(p("100.0"), p("100.00")));
    assertTrue(Direction.AT_OR_ABOVE.crossedBy(p("100.01"), p("100")));
    assertFalse(Direction.AT_OR_ABOVE.crossedBy(p("99.99"), p("100")));
    assertTrue(Direction.AT_OR_BELOW.crossedBy(p("100.00"), p("100")));
    assertTrue(Direction.AT_OR_BELOW.crossedBy(p("99.99"), p("100")));
    assertFalse(Direction.AT_OR_BELOW.crossedBy(p("100.01"), p("100")));
  }

  @Test
  void triggerRejectsNegativeAndMissingFields() {
    assertThrows(IllegalArgumentException.class,
        () -> new Trigger("x", p("-0.01"), Direction.AT_OR_ABOVE, Watch.BUY));
    assertThrows(NullPointerException.class, () -> new Trigger(null, p("1"), Direction.AT_OR_ABOVE, Watch.BUY));
    assertThrows(NullPointerException.class, () -> new Trigger("x", null, Direction.AT_OR_ABOVE, Watch.BUY));
    assertThrows(NullPointerException.class, () -> new Trigger("x", p("1"), null, Watch.BUY));
    assertThrows(NullPointerException.class, () -> new Trigger("x", p("1"), Direction.AT_OR_ABOVE, null));
    assertEquals(0, new Trigger("x", p("0"), Direction.AT_OR_BELOW, Watch.SELL).price().signum());
  }

  private static EnumSet<TickKind> watched(Watch watch) {
    EnumSet<TickKind> kinds = EnumSet.noneOf(TickKind.class);
    for (TickKind kind : TickKind.values()) {
      if (watch.watches(kind)) {
        kinds.add(kind);
      }
    }
    return kinds;
  }

  private static BigDecimal p(String price) {
    return new BigDecimal(price);
  }
}
