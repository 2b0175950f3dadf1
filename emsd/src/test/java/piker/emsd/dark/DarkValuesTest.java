package piker.emsd.dark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import piker.contracts.market.TickKind;

class DarkValuesTest {

  @Test
  void watchesCoverTheirSideAndTradesAndNeverSizes() {
    assertEquals(EnumSet.of(TickKind.ASK, TickKind.TRADE), watched(Watch.BUY));
    assertEquals(EnumSet.of(TickKind.BID, TickKind.TRADE), watched(Watch.SELL));
    assertEquals(EnumSet.of(TickKind.TRADE), watched(Watch.ALERT));
  }

  @Test
  void directionIsFixedFromLastAndAtLastCountsAsAbove() {
    assertEquals(Direction.AT_OR_ABOVE, Direction.fromLast(6_000_000, 6_000_000));
    assertEquals(Direction.AT_OR_ABOVE, Direction.fromLast(6_000_001, 6_000_000));
    assertEquals(Direction.AT_OR_BELOW, Direction.fromLast(5_999_999, 6_000_000));
  }

  @Test
  void crossingIncludesEquality() {
    assertTrue(Direction.AT_OR_ABOVE.crossedBy(10_000, 10_000));
    assertTrue(Direction.AT_OR_ABOVE.crossedBy(10_001, 10_000));
    assertFalse(Direction.AT_OR_ABOVE.crossedBy(9_999, 10_000));
    assertTrue(Direction.AT_OR_BELOW.crossedBy(10_000, 10_000));
    assertTrue(Direction.AT_OR_BELOW.crossedBy(9_999, 10_000));
    assertFalse(Direction.AT_OR_BELOW.crossedBy(10_001, 10_000));
  }

  @Test
  void triggerRejectsNegativeAndMissingFields() {
    assertThrows(IllegalArgumentException.class, () -> new Trigger("x", -1, Direction.AT_OR_ABOVE, Watch.BUY));
    assertThrows(NullPointerException.class, () -> new Trigger(null, 1, Direction.AT_OR_ABOVE, Watch.BUY));
    assertThrows(NullPointerException.class, () -> new Trigger("x", 1, null, Watch.BUY));
    assertThrows(NullPointerException.class, () -> new Trigger("x", 1, Direction.AT_OR_ABOVE, null));
    assertEquals(0, new Trigger("x", 0, Direction.AT_OR_BELOW, Watch.SELL).price());
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
}
