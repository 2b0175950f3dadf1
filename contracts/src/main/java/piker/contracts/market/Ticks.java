package piker.contracts.market;

import java.math.BigDecimal;

/** Exact checks of prices and sizes against their tick; no binary floating point anywhere. */
public final class Ticks {
  private Ticks() {}

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
