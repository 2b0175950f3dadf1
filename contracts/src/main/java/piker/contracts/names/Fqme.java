package piker.contracts.names;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * Fully qualified market endpoint: {@code <pair>[.<venue>[.<suffix>]].<broker>}, lower case, e.g.
 * {@code btcusdt.spot.sim}, {@code btcusdt.usdtm.perp.binance}, {@code mnq.cme.20261218.sim}.
 * The part before the broker is the backend's own key ({@link #bsFqme()}).
 *
 * @param pair   the market pair or contract symbol
 * @param venue  the venue or market kind, empty when absent
 * @param suffix expiry or contract kind, empty when absent (only with a venue)
 * @param broker the backend name
 */
public record Fqme(String pair, String venue, String suffix, String broker) {
  private static final int MAX_LENGTH = 128;

  public Fqme {
    check(isPart(nonNull(pair)), pair, "pair");
    check(isPart(nonNull(broker)), broker, "broker");
    venue = nonNull(venue);
    suffix = nonNull(suffix);
    check(venue.isEmpty() || isPart(venue), venue, "venue");
    check(suffix.isEmpty() || isPart(suffix), suffix, "suffix");
    check(suffix.isEmpty() || !venue.isEmpty(), suffix, "suffix without a venue");
  }

  /** Parses user or wire input, folding it to lower case; the error names the malformed value. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Fqme parse(String text) {
    if (text == null || text.isBlank()) {
      throw new MalformedFqmeException(String.valueOf(text), "it is empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw new MalformedFqmeException(Echoed.cut(text), "it is longer than " + MAX_LENGTH + " characters");
    }
    String folded = text.strip().toLowerCase(Locale.ROOT);
    String[] parts = folded.split("\\.", -1);
    if (parts.length < 2 || parts.length > 4) {
      throw new MalformedFqmeException(text,
          "expected <pair>.<broker>, <pair>.<venue>.<broker> or <pair>.<venue>.<suffix>.<broker>");
    }
    for (String part : parts) {
      if (!isPart(part)) {
        throw new MalformedFqmeException(text,
            part.isEmpty() ? "it has an empty part" : "part '" + part + "' may only hold a-z, 0-9, '_' and '-'");
      }
    }
    String broker = parts[parts.length - 1];
    return switch (parts.length) {
      case 2 -> new Fqme(parts[0], "", "", broker);
      case 3 -> new Fqme(parts[0], parts[1], "", broker);
      default -> new Fqme(parts[0], parts[1], parts[2], broker);
    };
  }

  /** The backend's own key: everything before the broker. */
  public String bsFqme() {
    StringBuilder text = new StringBuilder(pair);
    if (!venue.isEmpty()) text.append('.').append(venue);
    if (!suffix.isEmpty()) text.append('.').append(suffix);
    return text.toString();
  }

  public Optional<String> venueOpt() {
    return venue.isEmpty() ? Optional.empty() : Optional.of(venue);
  }

  @JsonValue
  @Override
  public String toString() {
    return bsFqme() + '.' + broker;
  }

  /** The length of {@link #toString()}, without building it. */
  public int textLength() {
    return pair.length() + (venue.isEmpty() ? 0 : 1 + venue.length()) + (suffix.isEmpty() ? 0 : 1 + suffix.length())
        + 1 + broker.length();
  }

  /**
   * One part of the grammar: {@code [a-z0-9][a-z0-9_-]*}. Checked by hand rather than by regex:
   * every quote on the wire carries an fqme, so this runs once per quote received.
   */
  static boolean isPart(String part) {
    if (part.isEmpty()) {
      return false;
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alnum && (i == 0 || (c != '_' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private static void check(boolean ok, String value, String what) {
    if (!ok) {
      throw new MalformedFqmeException(String.valueOf(value), "invalid " + what);
    }
  }

  /** A malformed fqme; the message names the offending text. */
  public static final class MalformedFqmeException extends IllegalArgumentException {
    public MalformedFqmeException(String value, String why) {
      super("malformed fqme '" + value + "': " + why);
    }
  }
}
