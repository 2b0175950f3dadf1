package piker.contracts.spi;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one conf.toml setting may hold. Values arrive as TOML gives them: {@link String}, {@link Boolean},
 * {@link BigInteger} (whole numbers), {@link BigDecimal} (numbers with a point or exponent, exact as
 * written), {@link Double} (only {@code nan} and {@code inf}), a {@code java.time} value, {@link Map}
 * (a table) or {@link List} (an array). {@link #problem} says in words why a value does not fit;
 * {@link #normalize} turns a fitting one into what readers get ({@code Long}, {@code BigDecimal}, ...).
 */
public sealed interface SettingType {

  /** What a fitting value looks like, as a message or the docs say it: "a whole number from 0 to 1000". */
  String expected();

  /** Empty when {@code value} fits; else why not, e.g. {@code must be a whole number, not the text "seven"}. */
  Optional<String> problem(Object value);

  /** A fitting value as readers get it. */
  default Object normalize(Object value) {
    return value;
  }

  static SettingType wholeNumber(long min, long max) {
    return new WholeNumber(min, max);
  }

  static SettingType wholeNumber() {
    return new WholeNumber(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  static SettingType positiveDecimal() {
    return new PositiveDecimal();
  }

  static SettingType flag() {
    return new Flag();
  }

  static SettingType text() {
    return new Text();
  }

  /** Text that is one of {@code choices}, exactly (lower-case words, e.g. a venue's account tiers). */
  static SettingType oneOf(String... choices) {
    return new OneOf(java.util.List.of(choices));
  }

  /** {@code "HOST:PORT"}, or {@code ""} for "none" when {@code emptyAllowed}. */
  static SettingType hostPort(boolean emptyAllowed) {
    return new HostPort(emptyAllowed);
  }

  /** An absolute URL with one of {@code schemes}, e.g. {@code https} or {@code wss}. */
  static SettingType url(String... schemes) {
    return new Url(Set.of(schemes));
  }

  /** A whole number within [min, max]; read as a {@code Long}. */
  record WholeNumber(long min, long max) implements SettingType {
    @Override
    public String expected() {
      if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
        return "a whole number";
      }
      return max == Long.MAX_VALUE ? "a whole number of at least " + min : "a whole number from " + min + " to " + max;
    }

    @Override
    public Optional<String> problem(Object value) {
      if (!(value instanceof BigInteger number)) {
        return mismatch(this, value);
      }
      if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
        return mismatch(this, value);
      }
      return Optional.empty();
    }

    @Override
    public Object normalize(Object value) {
      return ((BigInteger) value).longValueExact();
    }
  }

  /** A number above zero, exact as written ({@code 0.1}, {@code 1e3}, {@code 250}); read as a {@code BigDecimal}. */
  record PositiveDecimal() implements SettingType {
    @Override
    public String expected() {
      return "a positive number";
    }

    @Override
    public Optional<String> problem(Object value) {
      BigDecimal decimal = decimal(value);
      return decimal != null && decimal.signum() > 0 ? Optional.empty() : mismatch(this, value);
    }

    @Override
    public Object normalize(Object value) {
      return decimal(value);
    }

    private static BigDecimal decimal(Object value) {
      if (value instanceof BigDecimal decimal) {
        return decimal;
      }
      return value instanceof BigInteger whole ? new BigDecimal(whole) : null;
    }
  }

  /** {@code true} or {@code false}. */
  record Flag() implements SettingType {
    @Override
    public String expected() {
      return "true or false";
    }

    @Override
    public Optional<String> problem(Object value) {
      return value instanceof Boolean ? Optional.empty() : mismatch(this, value);
    }
  }

  /** Any text. */
  record Text() implements SettingType {
    @Override
    public String expected() {
      return "text in quotes";
    }

    @Override
    public Optional<String> problem(Object value) {
      return value instanceof String ? Optional.empty() : mismatch(this, value);
    }
  }

  /** One of a few words, in quotes. */
  record OneOf(java.util.List<String> choices) implements SettingType {
    public OneOf {
      choices = java.util.List.copyOf(choices);
    }

    @Override
    public String expected() {
      return "one of " + String.join(", ", choices.stream().map(choice -> "\"" + choice + "\"").toList());
    }

    @Override
    public Optional<String> problem(Object value) {
      return value instanceof String text && choices.contains(text) ? Optional.empty() : mismatch(this, value);
    }
  }

  /** {@code "HOST:PORT"} (port 1 to 65535), or {@code ""} when allowed. */
  record HostPort(boolean emptyAllowed) implements SettingType {
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9][A-Za-z0-9.-]*):(\\d{1,5})");

    @Override
    public String expected() {
      return emptyAllowed ? "\"HOST:PORT\" or \"\"" : "\"HOST:PORT\"";
    }

    @Override
    public Optional<String> problem(Object value) {
      if (!(value instanceof String text)) {
        return mismatch(this, value);
      }
      if (text.isEmpty() && emptyAllowed) {
        return Optional.empty();
      }
      Matcher matcher = HOST_PORT.matcher(text);
      if (!matcher.matches() || Integer.parseInt(matcher.group(2)) < 1 || Integer.parseInt(matcher.group(2)) > 65535) {
        return mismatch(this, value);
      }
      return Optional.empty();
    }
  }

  /** An absolute URL with one of the given schemes. */
  record Url(Set<String> schemes) implements SettingType {
    public Url {
      schemes = Set.copyOf(schemes);
    }

    @Override
    public String expected() {
      return "a URL starting " + String.join(" or ", schemes.stream().sorted().map(s -> s + "://").toList());
    }

    @Override
    public Optional<String> problem(Object value) {
      if (!(value instanceof String text)) {
        return mismatch(this, value);
      }
      try {
        URI uri = new URI(text);
        if (uri.getScheme() == null || uri.getHost() == null
            || !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
          return mismatch(this, value);
        }
        return Optional.empty();
      } catch (URISyntaxException e) {
        return mismatch(this, value);
      }
    }
  }

  /** {@code must be <expected>, not <what value is>}. */
  static Optional<String> mismatch(SettingType type, Object value) {
    return Optional.of("must be " + type.expected() + ", not " + describe(value));
  }

  /** A value as a user wrote it, in words: {@code the text "seven"}, {@code the number 42}, {@code a table}. */
  static String describe(Object value) {
    if (value instanceof String text) {
      String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
      return "the text \"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("\\p{Cntrl}", "?") + "\"";
    }
    if (value instanceof Boolean flag) {
      return flag.toString();
    }
    if (value instanceof BigDecimal decimal) {
      return "the number " + decimal;
    }
    if (value instanceof Double special) {
      return special.isNaN() ? "nan" : special > 0 ? "inf" : "-inf";
    }
    if (value instanceof Number number) {
      return "the number " + number;
    }
    if (value instanceof Map<?, ?>) {
      return "a table";
    }
    if (value instanceof List<?>) {
      return "an array";
    }
    return value == null ? "nothing" : "the date/time " + value;
  }
}
