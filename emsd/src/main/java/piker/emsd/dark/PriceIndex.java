package piker.emsd.dark;

import java.util.Arrays;
import java.util.List;

/**
 * The triggers of one watch and one direction, by price level. The triggers a tick crosses always form
 * one end of the price order, so the levels sit in a sorted array with the level the market reaches
 * first at its END: a quiet tick is one compare against that last key, a firing tick pops levels off
 * the end, and neither allocates. Keys are prices for AT_OR_BELOW (highest last) and negated prices for
 * AT_OR_ABOVE (lowest last); prices are never negative, so negation is exact.
 *
 * <p>Adding or emptying a level far from the market shifts the levels between it and the end
 * ({@code System.arraycopy}); that is the order path, and near-market levels, the common case, shift few.
 */
final class PriceIndex {
  private static final int INITIAL_LEVELS = 16;

  private final Direction direction;
  private long[] keys = new long[INITIAL_LEVELS];
  private Placed.Level[] levels = new Placed.Level[INITIAL_LEVELS];
  private int count;

  PriceIndex(Direction direction) {
    this.direction = direction;
  }

  void put(Placed placed) {
    long key = keyOf(placed.trigger.price());
    int at = Arrays.binarySearch(keys, 0, count, key);
    if (at < 0) {
      at = -at - 1;
      insertLevel(at, key, new Placed.Level(placed.trigger.price()));
    }
    levels[at].append(placed);
  }

  void remove(Placed placed) {
    Placed.Level level = placed.level;
    if (level == null) {
      return;
    }
    level.unlink(placed);
    if (level.isEmpty()) {
      int at = Arrays.binarySearch(keys, 0, count, keyOf(level.price));
      removeLevel(at);
    }
  }

  /** Whether the tick fires anything here: one compare, no allocation (most ticks fire nothing). */
  boolean crossedBy(long tickPrice) {
    return count > 0 && direction.crossedBy(tickPrice, priceOf(keys[count - 1]));
  }

  /** Removes every level the tick crosses and appends its triggers to {@code sink}, nearest level first. */
  void drainCrossed(long tickPrice, List<Placed> sink) {
    while (crossedBy(tickPrice)) {
      Placed.Level level = levels[--count];
      levels[count] = null;
      level.drainTo(sink);
    }
  }

  int levelCount() {
    return count;
  }

  private long keyOf(long price) {
    return direction == Direction.AT_OR_ABOVE ? -price : price;
  }

  private long priceOf(long key) {
    return direction == Direction.AT_OR_ABOVE ? -key : key;
  }

  private void insertLevel(int at, long key, Placed.Level level) {
    if (count == keys.length) {
      keys = Arrays.copyOf(keys, count * 2);
      levels = Arrays.copyOf(levels, count * 2);
    }
    System.arraycopy(keys, at, keys, at + 1, count - at);
    System.arraycopy(levels, at, levels, at + 1, count - at);
    keys[at] = key;
    levels[at] = level;
    count++;
  }

  private void removeLevel(int at) {
    count--;
    System.arraycopy(keys, at + 1, keys, at, count - at);
    System.arraycopy(levels, at + 1, levels, at, count - at);
    levels[count] = null;
  }
}
