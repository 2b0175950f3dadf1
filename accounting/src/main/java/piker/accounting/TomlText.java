package piker.accounting;

import java.math.BigDecimal;

/** Renders values as TOML text, exactly: the files must read back into equal records. */
final class TomlText {
  private TomlText() {}

  /** A TOML basic string with every character escaped that TOML requires to be escaped. */
  static String quoted(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** Plain decimal text, never exponent notation: {@code 1E-8} is written {@code 0.00000001}. */
  static String decimal(BigDecimal value) {
    return value.toPlainString();
  }

  static String entry(String key, String renderedValue) {
    return key + " = " + renderedValue + "\n";
  }
}
