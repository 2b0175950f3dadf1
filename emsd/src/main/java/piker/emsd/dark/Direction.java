package piker.emsd.dark;

/**
 * Which way the market must move to reach a trigger. Fixed once at submission from the last price,
 * so a trigger never fires merely because it was placed on the far side of the market. Prices are
 * the market's scaled longs (piker.contracts.market.Scale), so comparing them is exact.
 */
public enum Direction {
  AT_OR_ABOVE, AT_OR_BELOW;

  public static Direction fromLast(long triggerPrice, long last) {
    return triggerPrice >= last ? AT_OR_ABOVE : AT_OR_BELOW;
  }

  /** Equality fires in both directions: a tick exactly at the trigger price has reached it. */
  public boolean crossedBy(long tickPrice, long triggerPrice) {
    return this == AT_OR_ABOVE ? tickPrice >= triggerPrice : tickPrice <= triggerPrice;
  }
}
