package piker.contracts.names;

import java.util.Objects;

/**
 * An account name {@code <broker>.<label>}, e.g. {@code sim.paper} or {@code binance.main}. Both parts
 * follow {@code [a-z0-9][a-z0-9_-]*} because they end up in file names.
 *
 * @param broker the backend that holds the account
 * @param label  the account label within that backend; {@code paper} marks a simulated account
 */
public record AccountName(String broker, String label) {
  private static final String PAPER = "paper";

  public AccountName {
    requirePart(broker, "broker");
    requirePart(label, "label");
  }

  /** Parses {@code "sim.paper"}; the error names the offending text. */
  public static AccountName parse(String text) {
    Objects.requireNonNull(text, "account name");
    int dot = text.indexOf('.');
    if (dot < 0 || dot != text.lastIndexOf('.')) {
      throw new IllegalArgumentException(
          "malformed account name '" + text + "': expected <broker>.<label>, e.g. sim.paper");
    }
    try {
      return new AccountName(text.substring(0, dot), text.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed account name '" + text + "': " + e.getMessage(), e);
    }
  }

  /** A simulated account: fills come from the paper engine, never from the broker. */
  public boolean isPaper() {
    return PAPER.equals(label);
  }

  @Override
  public String toString() {
    return broker + '.' + label;
  }

  private static void requirePart(String part, String what) {
    if (!NamePart.valid(part)) {
      throw new IllegalArgumentException(
          "invalid account " + what + " '" + part + "': must match " + NamePart.RULE);
    }
  }
}
