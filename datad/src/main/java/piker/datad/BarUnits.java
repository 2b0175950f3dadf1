package piker.datad;

import java.math.BigDecimal;
import piker.contracts.market.Bar;
import piker.contracts.market.Scale;

/**
 * A market's scales as bars use them: decimals in, exactly ({@link Scale#NONE} for a value that is
 * missing, off its scale or past a {@code long}: the caller refuses it, nothing is rounded), and
 * {@link Bar}s out at the market's decimals.
 */
record BarUnits(Scale prices, Scale sizes) {
  BarUnits {
    java.util.Objects.requireNonNull(prices, "prices");
    java.util.Objects.requireNonNull(sizes, "sizes");
  }

  long price(BigDecimal value) {
    return unitsOrNone(prices, value);
  }

  long size(BigDecimal value) {
    return unitsOrNone(sizes, value);
  }

  /** A bar's open, high, low, close and volume in units into {@code row}; false when one is {@link Scale#NONE}. */
  boolean row(Bar bar, long[] row) {
    row[0] = price(bar.open());
    row[1] = price(bar.high());
    row[2] = price(bar.low());
    row[3] = price(bar.close());
    row[4] = size(bar.volume());
    for (long value : row) {
      if (value == Scale.NONE) {
        return false;
      }
    }
    return true;
  }

  Bar bar(long time, long open, long high, long low, long close, long volume) {
    return new Bar(time, prices.decimal(open), prices.decimal(high), prices.decimal(low), prices.decimal(close),
        sizes.decimal(volume));
  }

  /** For refusals: the decimals values must fit. */
  String describe() {
    return "prices in " + prices.decimals() + " decimals, sizes in " + sizes.decimals();
  }

  private static long unitsOrNone(Scale scale, BigDecimal value) {
    if (value == null) {
      return Scale.NONE;
    }
    try {
      return scale.units(value);
    } catch (ArithmeticException offScale) {
      return Scale.NONE;
    }
  }
}
