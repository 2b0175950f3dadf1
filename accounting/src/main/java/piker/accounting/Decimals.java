package piker.accounting;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The one place where position math rounds. Sums and products of BigDecimals are exact; a quotient
 * may not be (1/3), so every division uses {@link MathContext#DECIMAL128} (34 significant digits,
 * HALF_EVEN) and is then normalized, which makes the result a pure function of its inputs.
 */
final class Decimals {
  private Decimals() {}

  static BigDecimal divide(BigDecimal dividend, BigDecimal divisor) {
    return normalize(dividend.divide(divisor, MathContext.DECIMAL128));
  }

  /**
   * Strips trailing zeros but never leaves a negative scale: {@code 6E+4} would be written as the TOML
   * integer {@code 60000}, which reads back with scale 0 and would no longer equal the record value.
   */
  static BigDecimal normalize(BigDecimal value) {
    return nonNegativeScale(value.stripTrailingZeros());
  }

  /**
   * Same value, scale at least 0. Records hold decimals with this scale only, because the files write
   * plain text ({@code 1E+3} becomes {@code 1000}) and must read back into equal records.
   */
  static BigDecimal nonNegativeScale(BigDecimal value) {
    return value == null || value.scale() >= 0 ? value : value.setScale(0);
  }
}
