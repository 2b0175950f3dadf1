package piker.emsd.dark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The index's own promises, which the book's behaviour alone would not reveal. */
class PriceIndexTest {

  @Test
  void removingTheLastTriggerOfALevelDropsTheLevel() {
    // An empty level left behind would still look crossed and send quiet ticks down the slow path.
    PriceIndex index = new PriceIndex(Direction.AT_OR_ABOVE);
    Placed placed = placed("a", 10_000, Direction.AT_OR_ABOVE, 0);
    index.put(placed);
    index.remove(placed);

    assertEquals(0, index.levelCount());
    assertFalse(index.crossedBy(100_000));
  }

  @Test
  void drainsOnlyTheCrossedEndOfThePriceOrder() {
    PriceIndex index = new PriceIndex(Direction.AT_OR_BELOW);
    Placed high = placed("high", 10_100, Direction.AT_OR_BELOW, 0);
    Placed mid = placed("mid", 10_000, Direction.AT_OR_BELOW, 1);
    Placed low = placed("low", 9_900, Direction.AT_OR_BELOW, 2);
    List.of(low, high, mid).forEach(index::put);

    List<Placed> sink = new ArrayList<>();
    index.drainCrossed(10_000, sink);

    assertEquals(List.of(high, mid), sink);
    assertTrue(index.crossedBy(9_900));
    assertFalse(index.crossedBy(9_901));
  }

  @Test
  void aboveDrainsLowestFirstAndKeepsLevelsSortedWhateverTheInsertOrder() {
    PriceIndex index = new PriceIndex(Direction.AT_OR_ABOVE);
    List<Placed> placed = new ArrayList<>();
    long[] prices = {500, 100, 300, 200, 400, 100};
    for (int i = 0; i < prices.length; i++) {
      placed.add(placed("t" + i, prices[i], Direction.AT_OR_ABOVE, i));
      index.put(placed.get(i));
    }
    assertEquals(5, index.levelCount(), "two triggers at 100 share a level");
    index.remove(placed.get(2)); // the level at 300 goes from the middle

    List<Placed> sink = new ArrayList<>();
    index.drainCrossed(400, sink);

    assertEquals(List.of(placed.get(1), placed.get(5), placed.get(3), placed.get(4)), sink);
    assertEquals(1, index.levelCount());
    assertFalse(index.crossedBy(499));
  }

  @Test
  void removingAMiddleTriggerKeepsItsLevelsOrder() {
    PriceIndex index = new PriceIndex(Direction.AT_OR_BELOW);
    Placed first = placed("first", 100, Direction.AT_OR_BELOW, 0);
    Placed middle = placed("middle", 100, Direction.AT_OR_BELOW, 1);
    Placed last = placed("last", 100, Direction.AT_OR_BELOW, 2);
    List.of(first, middle, last).forEach(index::put);
    index.remove(middle);

    List<Placed> sink = new ArrayList<>();
    index.drainCrossed(100, sink);

    assertEquals(List.of(first, last), sink);
  }

  private static Placed placed(String oid, long price, Direction direction, long seq) {
    return new Placed(new Trigger(oid, price, direction, Watch.ALERT), seq);
  }
}
