package piker.contracts.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LevelQueueTest {

  private static final class Item extends LevelQueue.Entry<Item> {
    final String name;

    Item(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @Test
  void keepsArrivalOrderThroughUnlinksAtEitherEndAndInTheMiddle() {
    LevelQueue<Item> level = new LevelQueue<>();
    Item a = new Item("a");
    Item b = new Item("b");
    Item c = new Item("c");
    Item d = new Item("d");
    List.of(a, b, c, d).forEach(level::append);
    level.unlink(b);
    level.unlink(a);
    level.unlink(d);
    level.append(b);

    assertEquals(c, level.first());
    assertEquals(b, c.next());
    assertNull(b.next());
    List<Item> drained = new ArrayList<>();
    level.drainTo(drained);
    assertEquals(List.of(c, b), drained);
    assertTrue(level.isEmpty());
    level.append(c); // a drained entry may queue again
    assertEquals(c, level.first());
  }

  @Test
  void anEntryIsInOneLevelAtATime() {
    LevelQueue<Item> one = new LevelQueue<>();
    LevelQueue<Item> other = new LevelQueue<>();
    Item a = new Item("a");
    one.append(a);
    assertThrows(IllegalStateException.class, () -> other.append(a));
    assertThrows(IllegalStateException.class, () -> other.unlink(a));
    one.unlink(a);
    other.append(a);
    assertEquals(a, other.first());
  }
}
