package piker.contracts.names;

/** A user's value quoted back in an error message, cut short so a 10 KB mistake does not flood the terminal. */
public final class Echoed {
  /** Characters of a value an error message repeats; longer values end in "…". */
  public static final int MAX = 32;

  private Echoed() {}

  public static String cut(String value) {
    if (value == null) {
      return "null";
    }
    return value.length() <= MAX ? value : value.substring(0, MAX) + "… (" + value.length() + " characters)";
  }
}
