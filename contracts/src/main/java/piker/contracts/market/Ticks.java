package piker.contracts.market;

import java.math.BigDecimal;

/** Exact checks of prices and sizes against their tick; no binary floating point anywhere. */
public final class Ticks {
  private Ticks() {}

  /** Digits either side of the decimal point a client's number may have: bounds what checking it costs. */
  public static final int MAX_DIGITS = 24;
  /** What {@link #bounded} accepts, in words for an error message. */
  public static final String BOUND_RULE = "at most " + MAX_DIGITS + " digits either side of the point";

  /**
   * True when {@code value} has at most {@link #MAX_DIGITS} digits either side of the point. Check this
   * before any arithmetic or printing: 1E+999999999 is a valid BigDecimal whose plain text is a gigabyte.
   */
  public static boolean bounded(BigDecimal value) {
    // in long: precision - scale overflows int for 1E+2147483647
    return value.scale() <= MAX_DIGITS && (long) value.precision() - value.scale() <= MAX_DIGITS;
  }

  /** True when {@code value} is a whole multiple of {@code tick}. */
  public static boolean onTick(BigDecimal value, BigDecimal tick) {
    return value.remainder(tick).signum() == 0;
  }

  static BigDecimal requirePositive(BigDecimal value, String what) {
    if (value == null || value.signum() <= 0) {
      throw new IllegalArgumentException(what + " must be a positive decimal, got " + value);
    }
    return value;
  }
}
