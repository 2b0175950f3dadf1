package piker.emsd.dark;

import java.util.List;
import piker.contracts.market.LevelQueue;
import piker.contracts.market.PriceLevels;

/**
 * The triggers of one watch and one direction, by price level. The triggers a tick crosses always form
 * one end of the price order, the level the market reaches first (the lowest for AT_OR_ABOVE, the
 * highest for AT_OR_BELOW): that is the levels' best, so a quiet tick is one compare against it and a
 * firing tick takes levels off that end; neither allocates.
 */
final class PriceIndex {

  private final Direction direction;
  private final PriceLevels<LevelQueue<Placed>> levels;

  PriceIndex(Direction direction) {
    this.direction = direction;
    this.levels = new PriceLevels<>(direction == Direction.AT_OR_BELOW);
  }

  void put(Placed placed) {
    long price = placed.trigger.price();
    LevelQueue<Placed> level = levels.get(price);
    if (level == null) {
      level = new LevelQueue<>();
      levels.put(price, level);
    }
    level.append(placed);
  }

  /** Takes out a trigger this index holds. */
  void remove(Placed placed) {
    long price = placed.trigger.price();
    LevelQueue<Placed> level = levels.get(price);
    level.unlink(placed);
    if (level.isEmpty()) {
      levels.remove(price);
    }
  }

  /** Whether the tick fires anything here: one compare, no allocation (most ticks fire nothing). */
  boolean crossedBy(long tickPrice) {
    return !levels.isEmpty() && direction.crossedBy(tickPrice, levels.bestPrice());
  }

  /** Removes every level the tick crosses and appends its triggers to {@code sink}, nearest level first. */
  void drainCrossed(long tickPrice, List<Placed> sink) {
    while (crossedBy(tickPrice)) {
      levels.pollBest().drainTo(sink);
    }
  }

  int levelCount() {
    return levels.size();
  }
}
