package piker.pikerd.cli;

import java.math.BigDecimal;
import java.util.List;
import piker.contracts.RemoteException;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.market.Ticks;
import piker.contracts.names.Echoed;
import piker.contracts.names.Fqme;
import piker.contracts.spi.BackendCatalog;

/** Read-only checks of user input, before anything is sent: failures exit 2 naming the value. */
final class Inputs {
  private Inputs() {}

  static Fqme fqme(String text, BackendCatalog backends) {
    Fqme fqme;
    try {
      fqme = Fqme.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
    if (backends.find(fqme.broker()).isEmpty()) {
      throw new BadInputException("unknown backend '" + fqme.broker() + "' in fqme '" + Echoed.cut(text)
          + "'; installed: "
          + String.join(", ", backends.all().keySet()));
    }
    return fqme;
  }

  /** Markets named once each: a repeat (after case folding) is refused rather than silently merged. */
  static List<Fqme> fqmes(List<String> texts, BackendCatalog backends) {
    java.util.Map<Fqme, String> seen = new java.util.LinkedHashMap<>();
    for (String text : texts) {
      String first = seen.putIfAbsent(fqme(text, backends), text);
      if (first != null) {
        throw new BadInputException("market '" + Echoed.cut(text) + "' is named twice" + (first.equals(text) ? ""
            : " ('" + Echoed.cut(first) + "' is the same market)") + ": name each market once");
      }
    }
    return List.copyOf(seen.keySet());
  }

  /** Checks a whole-number option: {@code option} is within {@code min..max} ({@code unit}, if any, after the range). */
  static void inRange(String option, long value, long min, long max, String unit) {
    if (value < min || value > max) {
      throw new BadInputException("invalid " + option + " " + value + ": use " + min + ".." + max
          + (unit.isEmpty() ? "" : " " + unit));
    }
  }

  static void inRange(String option, long value, long min, long max) {
    inRange(option, value, min, max, "");
  }

  static BigDecimal positive(String text, String what) {
    BigDecimal value = decimal(text, what);
    if (value.signum() <= 0) {
      throw new BadInputException("invalid " + what + " '" + Echoed.cut(text) + "': it must be positive");
    }
    return value;
  }

  static BigDecimal nonNegative(String text, String what) {
    BigDecimal value = decimal(text, what);
    if (value.signum() < 0) {
      throw new BadInputException("invalid " + what + " '" + Echoed.cut(text) + "': it must not be negative");
    }
    return value;
  }

  /**
   * An exact decimal of at most {@link Ticks#MAX_DIGITS} digits either side of the point (what emsd
   * accepts); NaN, infinities and anything else that is not a plain number are refused.
   */
  private static BigDecimal decimal(String text, String what) {
    BigDecimal value;
    try {
      value = new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw new BadInputException("invalid " + what + " '" + Echoed.cut(text) + "': not a decimal number");
    }
    if (!Ticks.bounded(value)) {
      throw new BadInputException("invalid " + what + " '" + Echoed.cut(text) + "': " + Ticks.BOUND_RULE);
    }
    return value;
  }

  /** An order id as emsd takes it ({@link EmsProtocol#validOid}). */
  static String oid(String text, String what) {
    if (!EmsProtocol.validOid(text)) {
      throw new BadInputException("invalid " + what + " '" + Echoed.cut(text) + "': " + EmsProtocol.OID_RULE);
    }
    return text;
  }

  static java.time.Duration duration(String text, String what) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("invalid " + what + ": " + e.getMessage());
    }
  }

  /** A lookup the daemon answered with "no such market" is the user's bad input. */
  static RuntimeException unknownMarket(RemoteException error, Fqme fqme) {
    if (error.error().type().equals("UnknownMarket")) {
      return new BadInputException("unknown fqme '" + fqme + "': " + error.error().message());
    }
    return error;
  }
}
