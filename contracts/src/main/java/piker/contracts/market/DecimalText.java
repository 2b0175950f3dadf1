package piker.contracts.market;

import java.math.BigDecimal;

/**
 * A venue's decimal text read straight into a {@link Scale}'s units, exactly and without making a
 * {@code BigDecimal}: what a backend's parser does with every price and size it receives. Trailing zeros past
 * the scale are fine ({@code "60000.10000000"} is 6,000,010 cents); any other digit past it is refused
 * ({@link ArithmeticException}, as {@link Scale#units} refuses), never rounded. Text with an exponent takes the
 * slow exact way through {@code BigDecimal}; text that is not a number throws {@link NumberFormatException}.
 */
public final class DecimalText {
  private static final long[] POWERS = new long[Scale.MAX_DECIMALS + 1];

  static {
    POWERS[0] = 1;
    for (int i = 1; i < POWERS.length; i++) {
      POWERS[i] = POWERS[i - 1] * 10;
    }
  }

  private DecimalText() {}

  /** {@code text} in {@code scale}'s units. */
  public static long units(Scale scale, CharSequence text) {
    int at = 0;
    int to = text.length();
    boolean negative = false;
    if (at < to && (text.charAt(at) == '-' || text.charAt(at) == '+')) {
      negative = text.charAt(at) == '-';
      at++;
    }
    long units = 0;
    int digits = 0;
    int fraction = -1; // digits after the point; -1 before it
    for (; at < to; at++) {
      char c = text.charAt(at);
      if (c == '.' && fraction < 0) {
        fraction = 0;
      } else if (c >= '0' && c <= '9') {
        digits++;
        if (fraction >= 0 && ++fraction > scale.decimals()) {
          if (c != '0') {
            throw new ArithmeticException(text + " has more decimals than " + scale);
          }
        } else if (units > (Long.MAX_VALUE - (c - '0')) / 10) {
          throw tooBig(scale, text);
        } else {
          units = units * 10 + (c - '0');
        }
      } else if (c == 'e' || c == 'E') {
        return scale.units(new BigDecimal(text.toString()));
      } else {
        throw new NumberFormatException("not a decimal: '" + text + "'");
      }
    }
    if (digits == 0) {
      throw new NumberFormatException("not a decimal: '" + text + "'");
    }
    long power = POWERS[scale.decimals() - Math.min(Math.max(fraction, 0), scale.decimals())];
    if (units > Long.MAX_VALUE / power) {
      throw tooBig(scale, text);
    }
    return negative ? -units * power : units * power;
  }

  private static ArithmeticException tooBig(Scale scale, CharSequence text) {
    return new ArithmeticException(text + " does not fit a scaled long of " + scale);
  }
}
