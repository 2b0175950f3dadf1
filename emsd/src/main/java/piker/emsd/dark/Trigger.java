package piker.emsd.dark;

import java.util.Objects;
import piker.contracts.market.TickKind;

/**
 * A dark order or alert waiting in a trigger book, identified by its order id.
 *
 * @param price the trigger price in the market's price units (piker.contracts.market.Scale)
 */
public record Trigger(String oid, long price, Direction direction, Watch watch) {

  public Trigger {
    Objects.requireNonNull(oid, "oid");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(watch, "watch");
    if (price < 0) {
      throw new IllegalArgumentException("trigger price must be >= 0: " + price);
    }
  }

  /** A trigger as submitted while the market last traded at {@code last} (same units). */
  public static Trigger fromLast(String oid, long price, long last, Watch watch) {
    return new Trigger(oid, price, Direction.fromLast(price, last), watch);
  }

  public boolean firesOn(TickKind kind, long tickPrice) {
    return watch.watches(kind) && direction.crossedBy(tickPrice, price);
  }
}
