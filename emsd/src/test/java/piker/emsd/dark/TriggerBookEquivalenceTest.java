package piker.emsd.dark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import piker.contracts.market.TickKind;

/** The indexed book must behave exactly like the scanning one under a long random mix of operations. */
class TriggerBookEquivalenceTest {

  private static final int OPERATIONS = 20_000;
  // A small grid and oid pool so ticks fire often and adds often replace.
  private static final int GRID_STEPS = 40;
  private static final int OIDS = 150;
  // 100.00 + k * 0.25 in cents
  private static final long GRID_BASE = 10_000;
  private static final long GRID_STEP = 25;

  @ParameterizedTest
  @ValueSource(longs = {1L, 42L, 20240611L})
  void indexedMatchesReference(long seed) {
    Random random = new Random(seed);
    TriggerBook indexed = new IndexedTriggerBook();
    TriggerBook reference = new ReferenceTriggerBook();
    long last = gridPrice(random);
    // one list for every tick, as emsd reuses one: the indexed book must only append to it
    List<Trigger> indexedFired = new ArrayList<>();
    int ticks = 0;
    int fired = 0;
    int removed = 0;

    for (int op = 0; op < OPERATIONS; op++) {
      int roll = random.nextInt(100);
      if (roll < 45) {
        Trigger trigger = Trigger.fromLast(oid(random), gridPrice(random), last, watch(random));
        indexed.add(trigger);
        reference.add(trigger);
      } else if (roll < 55) {
        String oid = oid(random);
        var expected = reference.remove(oid);
        assertEquals(expected, indexed.remove(oid), "remove " + oid + " at op " + op);
        removed += expected.isPresent() ? 1 : 0;
      } else {
        last = gridPrice(random);
        TickKind kind = TickKind.values()[random.nextInt(TickKind.values().length)];
        List<Trigger> expected = new ArrayList<>();
        reference.onTick(kind, last, expected);
        indexedFired.clear();
        assertEquals(expected.size(), indexed.onTick(kind, last, indexedFired), "count at op " + op);
        assertEquals(expected, indexedFired, kind + " " + last + " at op " + op);
        assertEquals(reference.all(), indexed.all(), "book after op " + op);
        ticks++;
        fired += expected.size();
      }
      assertEquals(reference.size(), indexed.size(), "size after op " + op);
    }

    // Guards against a generator that never exercises the interesting paths.
    assertTrue(ticks > 5_000, "ticks " + ticks);
    assertTrue(fired > 2_000, "fired " + fired);
    assertTrue(removed > 100, "removed " + removed);
  }

  private static long gridPrice(Random random) {
    return GRID_BASE + GRID_STEP * random.nextInt(GRID_STEPS);
  }

  private static String oid(Random random) {
    return "o" + random.nextInt(OIDS);
  }

  private static Watch watch(Random random) {
    return Watch.values()[random.nextInt(Watch.values().length)];
  }
}
