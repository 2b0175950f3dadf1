package piker.pikerd.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import piker.contracts.names.Echoed;

/** cli.md's DURATION: a number with a unit, {@code 500ms}, {@code 20s}, {@code 1.5s}, {@code 2m}. */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)(ms|s|m|h)");

  /** The longest a DURATION may be. */
  static final Duration MAX = Duration.ofDays(24);

  private Durations() {}

  public static Duration parse(String text) {
    Matcher match = FORM.matcher(text == null ? "" : text.strip());
    if (!match.matches()) {
      throw new IllegalArgumentException("invalid duration '" + Echoed.cut(text)
          + "': use a number with a unit, e.g. 500ms, 20s, 1.5s, 2m");
    }
    BigDecimal unitSeconds = switch (match.group(2)) {
      case "ms" -> new BigDecimal("0.001");
      case "s" -> BigDecimal.ONE;
      case "m" -> BigDecimal.valueOf(60);
      default -> BigDecimal.valueOf(3600);
    };
    // whole nanoseconds (anything finer is dropped); the pattern's largest, ~3.6e12 s, is within a Duration
    BigDecimal seconds = new BigDecimal(match.group(1)).multiply(unitSeconds).setScale(9, RoundingMode.DOWN);
    Duration duration = Duration.ofSeconds(seconds.longValue(),
        seconds.remainder(BigDecimal.ONE).movePointRight(9).longValueExact());
    if (duration.isZero()) {
      throw new IllegalArgumentException("invalid duration '" + Echoed.cut(text) + "': it must be positive");
    }
    if (duration.compareTo(MAX) > 0) {
      // a socket's timeout is an int of milliseconds: longer would fail at run time, not here
      throw new IllegalArgumentException("invalid duration '" + Echoed.cut(text) + "': at most 24 days (576h)");
    }
    return duration;
  }
}
