package piker.accounting;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * A strict reader for one line of the TOML subset the ledger uses: blank lines, comments, single-key
 * table headers ({@code ["tid"]}, {@code ['tid']}, {@code [tid]}) and {@code key = value} entries whose
 * value is a basic or literal string, a boolean, an integer or float (read exactly as BigDecimal) or a
 * bare offset date-time. Anything else (arrays, inline tables, multi-line strings, dotted keys) is
 * rejected with a message, which the caller turns into a file/line error.
 */
final class TomlLine {
  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern INTEGER = Pattern.compile("[+-]?(0|[1-9](_?[0-9])*)");
  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(0|[1-9](_?[0-9])*)(\\.[0-9](_?[0-9])*)?([eE][+-]?[0-9](_?[0-9])*)?");
  private static final Pattern DATE_TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");

  /** What one line holds. */
  sealed interface Parsed permits Blank, Header, Entry {}

  record Blank() implements Parsed {}

  record Header(String key) implements Parsed {}

  record Entry(String key, Value value) implements Parsed {}

  /** A scalar value. */
  sealed interface Value permits Str, Num, Bool, DateTime {}

  record Str(String text) implements Value {}

  record Num(BigDecimal value) implements Value {}

  record Bool(boolean value) implements Value {}

  record DateTime(String text) implements Value {}

  /** A line outside the subset; the message says what was expected. */
  static final class SyntaxError extends Exception {
    SyntaxError(String message) {
      super(message);
    }
  }

  private final String line;
  private int pos;

  private TomlLine(String line) {
    this.line = line;
  }

  static Parsed parse(String line) throws SyntaxError {
    return new TomlLine(line).parseLine();
  }

  private Parsed parseLine() throws SyntaxError {
    skipSpace();
    if (atEndOrComment()) {
      return new Blank();
    }
    if (peek() == '[') {
      pos++;
      if (peek() == '[') {
        throw new SyntaxError("arrays of tables are not supported in a ledger");
      }
      skipSpace();
      String key = key();
      skipSpace();
      expect(']', "expected ']' after the table key");
      requireLineEnd();
      return new Header(key);
    }
    String key = key();
    skipSpace();
    expect('=', "expected '=' after key '" + key + "'");
    skipSpace();
    Value value = value();
    requireLineEnd();
    return new Entry(key, value);
  }

  private String key() throws SyntaxError {
    String key;
    if (peek() == '"') {
      key = basicString();
    } else if (peek() == '\'') {
      key = literalString();
    } else {
      int start = pos;
      while (pos < line.length() && isBareKeyChar(line.charAt(pos))) {
        pos++;
      }
      key = line.substring(start, pos);
      if (!BARE_KEY.matcher(key).matches()) {
        throw new SyntaxError("expected a key");
      }
    }
    skipSpace();
    if (peek() == '.') {
      throw new SyntaxError("dotted keys are not supported in a ledger");
    }
    return key;
  }

  private Value value() throws SyntaxError {
    char c = peek();
    if (c == '"') {
      if (line.startsWith("\"\"\"", pos)) {
        throw new SyntaxError("multi-line strings are not supported in a ledger");
      }
      return new Str(basicString());
    }
    if (c == '\'') {
      if (line.startsWith("'''", pos)) {
        throw new SyntaxError("multi-line strings are not supported in a ledger");
      }
      return new Str(literalString());
    }
    if (c == '[' || c == '{') {
      throw new SyntaxError("arrays and inline tables are not supported in a ledger");
    }
    int start = pos;
    skipToken();
    // TOML lets a date-time separate date and time with one space instead of 'T'.
    if (DATE.matcher(line.substring(start, pos)).matches() && peek() == ' '
        && pos + 1 < line.length() && Character.isDigit(line.charAt(pos + 1))) {
      pos++;
      skipToken();
    }
    String token = line.substring(start, pos);
    if (token.equals("true") || token.equals("false")) {
      return new Bool(token.equals("true"));
    }
    if (INTEGER.matcher(token).matches() || FLOAT.matcher(token).matches()) {
      return new Num(new BigDecimal(token.replace("_", "")));
    }
    if (DATE_TIME.matcher(token).matches()) {
      return new DateTime(token);
    }
    throw new SyntaxError(token.isEmpty() ? "expected a value" : "invalid value '" + token + "'");
  }

  private String basicString() throws SyntaxError {
    pos++; // opening quote
    StringBuilder out = new StringBuilder();
    while (pos < line.length()) {
      char c = line.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        out.append(escape());
      } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new SyntaxError("control character U+" + String.format("%04X", (int) c) + " in a string");
      } else {
        out.append(c);
      }
    }
    throw new SyntaxError("unterminated string");
  }

  private String escape() throws SyntaxError {
    if (pos >= line.length()) {
      throw new SyntaxError("unterminated string");
    }
    char c = line.charAt(pos++);
    return switch (c) {
      case 'b' -> "\b";
      case 't' -> "\t";
      case 'n' -> "\n";
      case 'f' -> "\f";
      case 'r' -> "\r";
      case '"' -> "\"";
      case '\\' -> "\\";
      case 'u' -> unicode(4);
      case 'U' -> unicode(8);
      default -> throw new SyntaxError("invalid escape '\\" + c + "'");
    };
  }

  private String unicode(int digits) throws SyntaxError {
    if (pos + digits > line.length()) {
      throw new SyntaxError("truncated unicode escape");
    }
    String hex = line.substring(pos, pos + digits);
    pos += digits;
    try {
      int codePoint = Integer.parseInt(hex, 16);
      if (!Character.isValidCodePoint(codePoint) || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
        throw new SyntaxError("invalid unicode escape '" + hex + "'");
      }
      return new String(Character.toChars(codePoint));
    } catch (NumberFormatException e) {
      throw new SyntaxError("invalid unicode escape '" + hex + "'");
    }
  }

  private String literalString() throws SyntaxError {
    int end = line.indexOf('\'', pos + 1);
    if (end < 0) {
      throw new SyntaxError("unterminated string");
    }
    String text = line.substring(pos + 1, end);
    pos = end + 1;
    return text;
  }

  private void skipToken() {
    while (pos < line.length() && !isSpace(line.charAt(pos)) && line.charAt(pos) != '#') {
      pos++;
    }
  }

  private void requireLineEnd() throws SyntaxError {
    skipSpace();
    if (!atEndOrComment()) {
      throw new SyntaxError("unexpected text '" + line.substring(pos) + "'");
    }
  }

  private void expect(char c, String message) throws SyntaxError {
    if (peek() != c) {
      throw new SyntaxError(message);
    }
    pos++;
  }

  private char peek() {
    return pos < line.length() ? line.charAt(pos) : '\0';
  }

  private boolean atEndOrComment() {
    return pos >= line.length() || line.charAt(pos) == '#';
  }

  private void skipSpace() {
    while (pos < line.length() && isSpace(line.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isBareKeyChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  }
}
