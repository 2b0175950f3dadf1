package piker.pikerd.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import piker.contracts.names.Echoed;

/** cli.md's DURATION: a whole number with a unit, {@code 500ms}, {@code 20s}, {@code 2m}. */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private Durations() {}

  public static Duration parse(String text) {
    Matcher match = FORM.matcher(text == null ? "" : text.strip());
    if (!match.matches()) {
      throw new IllegalArgumentException("invalid duration '" + Echoed.cut(text)
          + "': use a number with a unit, e.g. 500ms, 20s, 2m");
    }
    long amount = Long.parseLong(match.group(1));
    Duration duration = switch (match.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
    if (duration.isZero()) {
      throw new IllegalArgumentException("invalid duration '" + Echoed.cut(text) + "': it must be positive");
    }
    return duration;
  }
}
