package piker.emsd.dark;

import java.math.BigDecimal;
import java.util.Objects;

/** A dark order or alert waiting in a trigger book, identified by its order id. */
public record Trigger(String oid, BigDecimal price, Direction direction, Watch watch) {

  public Trigger {
    Objects.requireNonNull(oid, "oid");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(watch, "watch");
    if (price.signum() < 0) {
      throw new IllegalArgumentException("trigger price must be >= 0: " + price);
    }
  }

  /** A trigger as submitted while the market last traded at {@code last}. */
  public static Trigger fromLast(String oid, BigDecimal price, BigDecimal last, Watch watch) {
    return new Trigger(oid, price, Direction.fromLast(price, last), watch);
  }

  public boolean firesOn(TickKind kind, BigDecimal tickPrice) {
    return watch.watches(kind) && direction.crossedBy(tickPrice, price);
  }
}
