package piker.contracts.market;

import java.math.BigDecimal;

/**
 * How a market's prices (or sizes) travel as {@code long}s on the hot paths: a value is a count of
 * units of 10<sup>-decimals</sup>, the decimal places of the market's tick (or lot). A tick of 0.01
 * counts cents; a tick of 0.05 also counts cents, so every on-tick value converts exactly and the tick
 * check stays an exact {@code %}. Conversion never rounds: a value with more decimals than the scale,
 * or beyond a {@code long}, is refused. Instances are shared (no allocation per conversion).
 */
public final class Scale {
  /** The most decimals a scale may have: 10^18 still fits a {@code long}. */
  public static final int MAX_DECIMALS = 18;
  /** A scaled value that is not known (no bid yet, a tick without a size). */
  public static final long NONE = Long.MIN_VALUE;

  private static final Scale[] SCALES = new Scale[MAX_DECIMALS + 1];

  static {
    for (int d = 0; d <= MAX_DECIMALS; d++) {
      SCALES[d] = new Scale(d);
    }
  }

  private final int decimals;

  private Scale(int decimals) {
    this.decimals = decimals;
  }

  /** The scale of {@code decimals} places, 0 to {@link #MAX_DECIMALS}. */
  public static Scale of(int decimals) {
    if (decimals < 0 || decimals > MAX_DECIMALS) {
      throw new IllegalArgumentException("a scale has 0 to " + MAX_DECIMALS + " decimals, got " + decimals);
    }
    return SCALES[decimals];
  }

  /** The scale a tick (or lot) sets: its decimal places, 0 for a whole-number tick such as 10. */
  public static Scale ofTick(BigDecimal tick) {
    if (tick == null || tick.signum() <= 0) {
      throw new IllegalArgumentException("a tick must be a positive decimal, got " + tick);
    }
    return of(Math.max(0, tick.stripTrailingZeros().scale()));
  }

  public int decimals() {
    return decimals;
  }

  /**
   * {@code value} in this scale's units, exactly.
   *
   * @throws ArithmeticException when {@code value} has more decimals than the scale or does not fit a long
   */
  public long units(BigDecimal value) {
    // past 10^19 it cannot fit a long: refused before setScale builds a huge number for 1E+999999999
    if ((long) value.precision() - value.scale() > 19) {
      throw new ArithmeticException("a value of " + ((long) value.precision() - value.scale())
          + " integer digits does not fit a scaled long");
    }
    // setScale without a rounding mode throws rather than round; longValueExact throws past a long
    long units = value.setScale(decimals).unscaledValue().longValueExact();
    if (units == NONE) {
      throw new ArithmeticException(value.toPlainString() + " does not fit a scaled long");
    }
    return units;
  }

  /**
   * {@code units} of this scale in {@code to}'s units, exactly, without a decimal: as they are when the
   * scales are the same (the common case); {@link #NONE} for {@link #NONE}, and for a value {@code to}
   * cannot hold (finer than its decimals, or past a long).
   */
  public long rescaleOrNone(long units, Scale to) {
    if (units == NONE || to == this) {
      return units;
    }
    long factor = POWERS[Math.abs(to.decimals - decimals)];
    if (to.decimals > decimals) {
      long high = Math.multiplyHigh(units, factor);
      long scaled = units * factor;
      return (high == 0 && scaled >= 0) || (high == -1 && scaled < 0 && scaled != NONE) ? scaled : NONE;
    }
    return units % factor == 0 ? units / factor : NONE;
  }

  private static final long[] POWERS = new long[MAX_DECIMALS + 1];

  static {
    POWERS[0] = 1;
    for (int d = 1; d <= MAX_DECIMALS; d++) {
      POWERS[d] = POWERS[d - 1] * 10;
    }
  }

  /** {@link #units} for a value that may be null (unknown): null gives {@link #NONE}. */
  public long unitsOrNone(BigDecimal value) {
    return value == null ? NONE : units(value);
  }

  /** The exact decimal of {@code units}; null for {@link #NONE}. */
  public BigDecimal decimal(long units) {
    return units == NONE ? null : BigDecimal.valueOf(units, decimals);
  }

  /** Whether {@code value} converts exactly (fits the decimals and a long). */
  public boolean fits(BigDecimal value) {
    try {
      units(value);
      return true;
    } catch (ArithmeticException e) {
      return false;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Scale scale && scale.decimals == decimals;
  }

  @Override
  public int hashCode() {
    return decimals;
  }

  @Override
  public String toString() {
    return "Scale(" + decimals + ")";
  }
}
