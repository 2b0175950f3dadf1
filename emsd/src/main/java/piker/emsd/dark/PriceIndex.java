package piker.emsd.dark;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The triggers of one watch and one direction, keyed by price. The triggers a tick crosses always form
 * one end of the price order, so a tick only ever looks at that end: AT_OR_ABOVE fires the lowest
 * prices (the head up to the tick, inclusive), AT_OR_BELOW the highest (the tail from the tick, inclusive).
 */
final class PriceIndex {

  private final Direction direction;
  // TreeMap keys by compareTo, so 60000.0 and 60000.00 are one level. Each level keeps insertion order.
  private final TreeMap<BigDecimal, Map<String, Placed>> levels = new TreeMap<>();

  PriceIndex(Direction direction) {
    this.direction = direction;
  }

  void put(Placed placed) {
    levels.computeIfAbsent(placed.trigger().price(), price -> new LinkedHashMap<>()).put(placed.oid(), placed);
  }

  void remove(Placed placed) {
    BigDecimal price = placed.trigger().price();
    Map<String, Placed> level = levels.get(price);
    if (level != null && level.remove(placed.oid()) != null && level.isEmpty()) {
      levels.remove(price);
    }
  }

  /** Whether the tick fires anything here; allocates nothing, since most ticks fire nothing. */
  boolean crossedBy(BigDecimal tickPrice) {
    return !levels.isEmpty() && direction.crossedBy(tickPrice, nearestLevel());
  }

  /** Removes every level the tick crosses and appends its triggers to {@code sink}. */
  void drainCrossed(BigDecimal tickPrice, List<Placed> sink) {
    while (crossedBy(tickPrice)) {
      Map.Entry<BigDecimal, Map<String, Placed>> level =
          direction == Direction.AT_OR_ABOVE ? levels.pollFirstEntry() : levels.pollLastEntry();
      sink.addAll(level.getValue().values());
    }
  }

  /** The level the market reaches first when it moves this index's way. */
  private BigDecimal nearestLevel() {
    return direction == Direction.AT_OR_ABOVE ? levels.firstKey() : levels.lastKey();
  }
}
