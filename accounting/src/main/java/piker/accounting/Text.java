package piker.accounting;

/** Validation of strings that end up in TOML files: they must survive a write and a read unchanged. */
final class Text {
  private Text() {}

  /**
   * Rejects null, control characters (they would need escapes a hand editor easily breaks, and a
   * newline in a trade id is never legitimate) and unpaired surrogates (not encodable in UTF-8).
   */
  static String requireClean(String value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            what + " '" + value.replaceAll("\\p{Cntrl}", "?") + "' contains control character U+"
                + String.format("%04X", (int) c));
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(what + " contains an unpaired surrogate at index " + i);
      }
    }
    return value;
  }

  static String requireNonBlank(String value, String what) {
    requireClean(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " is blank");
    }
    return value;
  }
}
