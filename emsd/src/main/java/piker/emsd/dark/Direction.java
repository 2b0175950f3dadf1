package piker.emsd.dark;

import java.math.BigDecimal;

/**
 * Which way the market must move to reach a trigger. Fixed once at submission from the last price,
 * so a trigger never fires merely because it was placed on the far side of the market.
 */
public enum Direction {
  AT_OR_ABOVE, AT_OR_BELOW;

  public static Direction fromLast(BigDecimal triggerPrice, BigDecimal last) {
    return triggerPrice.compareTo(last) >= 0 ? AT_OR_ABOVE : AT_OR_BELOW;
  }

  /** Equality fires in both directions: a tick exactly at the trigger price has reached it. */
  public boolean crossedBy(BigDecimal tickPrice, BigDecimal triggerPrice) {
    int cmp = tickPrice.compareTo(triggerPrice);
    return this == AT_OR_ABOVE ? cmp >= 0 : cmp <= 0;
  }
}
