package piker.contracts.names;

/** A user's value quoted back in an error message, cut short so a 10 KB mistake does not flood the terminal. */
public final class Echoed {
  /** Characters of a value an error message repeats; longer values end in "…". */
  public static final int MAX = 32;
  /** Characters of one entry of a venue's answer (a candle, a trade) an error or log line repeats. */
  public static final int ENTRY = 200;

  private Echoed() {}

  public static String cut(String value) {
    return cut(value, MAX);
  }

  /** {@code value} cut to {@code max} characters, saying how long it was. */
  public static String cut(String value, int max) {
    if (value == null) {
      return "null";
    }
    return value.length() <= max ? value : value.substring(0, max) + "… (" + value.length() + " characters)";
  }
}
