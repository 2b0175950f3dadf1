package piker.contracts.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PriceLevelsTest {

  @Test
  void bestIsTheHighestOrTheLowestWhateverTheInsertOrder() {
    PriceLevels<String> bids = new PriceLevels<>(true);
    PriceLevels<String> asks = new PriceLevels<>(false);
    for (long price : new long[] {300, 100, 500, 200, 400}) {
      bids.put(price, "b" + price);
      asks.put(price, "a" + price);
    }
    assertEquals(500, bids.bestPrice());
    assertEquals("b500", bids.pollBest());
    assertEquals(400, bids.bestPrice());
    assertEquals(100, asks.bestPrice());
    assertEquals("a100", asks.pollBest());
    assertEquals("a200", asks.best());
    assertEquals(4, asks.size());
  }

  @Test
  void getPutAndRemoveByPrice() {
    PriceLevels<String> side = new PriceLevels<>(false);
    side.put(0, "zero");
    side.put(7, "seven");
    assertEquals("seven", side.get(7));
    assertNull(side.get(6));
    assertThrows(IllegalStateException.class, () -> side.put(7, "again"));
    assertThrows(IllegalArgumentException.class, () -> side.put(-1, "negative"));
    assertTrue(side.remove(0));
    assertFalse(side.remove(0));
    assertEquals(7, side.bestPrice());
    assertTrue(side.remove(7));
    assertTrue(side.isEmpty());
  }

  @Test
  void agreesWithATreeMapUnderARandomMix() {
    Random random = new Random(18);
    PriceLevels<Long> levels = new PriceLevels<>(true);
    TreeMap<Long, Long> reference = new TreeMap<>();
    for (int op = 0; op < 20_000; op++) {
      long price = random.nextInt(500);
      int roll = random.nextInt(3);
      if (roll == 0 && !reference.containsKey(price)) {
        levels.put(price, price);
        reference.put(price, price);
      } else if (roll == 1) {
        assertEquals(reference.remove(price) != null, levels.remove(price), "remove " + price);
      } else if (!reference.isEmpty()) {
        assertEquals(reference.lastKey(), levels.bestPrice());
        if (random.nextBoolean()) {
          assertEquals(reference.pollLastEntry().getValue(), levels.pollBest());
        }
      }
      assertEquals(reference.size(), levels.size());
      assertEquals(reference.get(price), levels.get(price));
    }
    List<Long> drained = new ArrayList<>();
    while (!levels.isEmpty()) {
      drained.add(levels.pollBest());
    }
    assertEquals(new ArrayList<>(reference.descendingKeySet()), drained);
  }
}
