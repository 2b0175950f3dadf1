package piker.contracts.names;

/**
 * The part of a name that ends up in file names (a broker, an account label): {@code [a-z0-9][a-z0-9_-]*}.
 * Checked by hand rather than by a regex: accounts are checked on every order, and the regex was the
 * clearing thread's largest single cost in a profile of the order path.
 */
final class NamePart {
  static final String RULE = "[a-z0-9][a-z0-9_-]*";

  private NamePart() {}

  static boolean valid(String part) {
    if (part == null || part.isEmpty() || !lowerOrDigit(part.charAt(0))) {
      return false;
    }
    for (int i = 1; i < part.length(); i++) {
      char c = part.charAt(i);
      if (!lowerOrDigit(c) && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean lowerOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
