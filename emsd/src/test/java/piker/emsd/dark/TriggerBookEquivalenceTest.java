package piker.emsd.dark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The indexed book must behave exactly like the scanning one under a long random mix of operations. */
class TriggerBookEquivalenceTest {

  private static final int OPERATIONS = 20_000;
  // A small grid and oid pool so ticks fire often and adds often replace.
  private static final int GRID_STEPS = 40;
  private static final int OIDS = 150;
  private static final BigDecimal GRID_BASE = new BigDecimal("100.00");
  private static final BigDecimal GRID_STEP = new BigDecimal("0.25");

  @ParameterizedTest
  @ValueSource(longs = {1L, 42L, 20240611L})
  void indexedMatchesReference(long seed) {
    Random random = new Random(seed);
    TriggerBook indexed = new IndexedTriggerBook();
    TriggerBook reference = new ReferenceTriggerBook();
    BigDecimal last = gridPrice(random);
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
        List<Trigger> expected = reference.onTick(kind, last);
        assertEquals(expected, indexed.onTick(kind, last), kind + " " + last + " at op " + op);
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

  /** A grid price written at a random scale, so equal prices arrive as 100.5, 100.50 and 100.500. */
  private static BigDecimal gridPrice(Random random) {
    BigDecimal price = GRID_BASE.add(GRID_STEP.multiply(BigDecimal.valueOf(random.nextInt(GRID_STEPS))));
    BigDecimal minimal = price.stripTrailingZeros();
    return minimal.setScale(Math.max(0, minimal.scale()) + random.nextInt(3));
  }

  private static String oid(Random random) {
    return "o" + random.nextInt(OIDS);
  }

  private static Watch watch(Random random) {
    return Watch.values()[random.nextInt(Watch.values().length)];
  }
}
