package piker.emsd.dark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The index's own promises, which the book's behaviour alone would not reveal. */
class PriceIndexTest {

  @Test
  void removingTheLastTriggerOfALevelDropsTheLevel() {
    // An empty level left behind would still look crossed and send quiet ticks down the slow path.
    PriceIndex index = new PriceIndex(Direction.AT_OR_ABOVE);
    Placed placed = placed("a", "100.0", Direction.AT_OR_ABOVE, 0);
    index.put(placed);
    index.remove(new Placed(placed.trigger(), 0));

    assertFalse(index.crossedBy(new BigDecimal("1000")));
  }

  @Test
  void drainsOnlyTheCrossedEndOfThePriceOrder() {
    PriceIndex index = new PriceIndex(Direction.AT_OR_BELOW);
    Placed high = placed("high", "101", Direction.AT_OR_BELOW, 0);
    Placed mid = placed("mid", "100.00", Direction.AT_OR_BELOW, 1);
    Placed low = placed("low", "99", Direction.AT_OR_BELOW, 2);
    List.of(low, high, mid).forEach(index::put);

    List<Placed> sink = new ArrayList<>();
    index.drainCrossed(new BigDecimal("100.0"), sink);

    assertEquals(List.of(high, mid), sink);
    assertTrue(index.crossedBy(new BigDecimal("99")));
    assertFalse(index.crossedBy(new BigDecimal("99.01")));
  }

  private static Placed placed(String oid, String price, Direction direction, long seq) {
    return new Placed(new Trigger(oid, new BigDecimal(price), direction, Watch.ALERT), seq);
  }
}
