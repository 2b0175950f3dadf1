package piker.pikerd.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each key and table of a TOML text is written: the line of every key path ({@code [risk]},
 * {@code risk.max_order_size}, {@code sim.accounts.main}), so a message can name the line a user must
 * fix, and the text of each bare value (a number as written). Jackson's TOML tree keeps no positions,
 * and it misreads 19-digit integers (2.21: {@code 9223372036854775807} comes out as {@code 6854775807});
 * this scans the same text once the parser has accepted it, skipping values (strings of every kind,
 * arrays, inline tables) by TOML's rules. It never throws: on text it cannot follow, it keeps what it
 * found so far.
 */
final class TomlSource {
  private final Map<List<String>, Integer> lines = new HashMap<>();
  private final Map<List<String>, String> bareValues = new HashMap<>();
  private final String text;
  private int pos;
  private int line = 1;

  private TomlSource(String text) {
    this.text = text;
  }

  static TomlSource of(String text) {
    TomlSource scan = new TomlSource(text);
    try {
      scan.document();
    } catch (RuntimeException cannotFollow) {
      // best effort: keep the lines found so far
    }
    return scan;
  }

  /** The line of {@code path}, else of its nearest enclosing table that is written down; 0 when none is. */
  int line(List<String> path) {
    for (int length = path.size(); length > 0; length--) {
      Integer found = lines.get(path.subList(0, length));
      if (found != null) {
        return found;
      }
    }
    return 0;
  }

  /** The text of the bare value (number, boolean, date) written for {@code path}, if it is one. */
  Optional<String> bareValue(List<String> path) {
    return Optional.ofNullable(bareValues.get(path));
  }

  private void document() {
    List<String> table = List.of();
    while (skipWhitespaceAndComments()) {
      if (peek() == '[') {
        boolean arrayOfTables = peek(1) == '[';
        pos += arrayOfTables ? 2 : 1;
        int at = line;
        table = keyPath(List.of());
        record(table, at);
        pos += arrayOfTables ? 2 : 1;
      } else {
        int before = pos;
        keyValue(table);
        progressed(before);
      }
      skipToEndOfLine();
    }
  }

  private void keyValue(List<String> table) {
    int at = line;
    List<String> key = keyPath(table);
    record(key, at);
    skipSpaces();
    pos++; // '='
    skipSpaces();
    value(key, true);
  }

  private void record(List<String> path, int at) {
    for (int length = 1; length <= path.size(); length++) {
      lines.putIfAbsent(List.copyOf(path.subList(0, length)), at);
    }
  }

  /** {@code a."b.c".d} after {@code prefix}. */
  private List<String> keyPath(List<String> prefix) {
    List<String> path = new ArrayList<>(prefix);
    while (true) {
      skipSpaces();
      path.add(keyPart());
      skipSpaces();
      if (peek() != '.') {
        return path;
      }
      pos++;
    }
  }

  private String keyPart() {
    char c = peek();
    if (c == '"') {
      return basicString();
    }
    if (c == '\'') {
      int end = text.indexOf('\'', pos + 1);
      String part = text.substring(pos + 1, end);
      pos = end + 1;
      return part;
    }
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '-')) {
      pos++;
    }
    if (start == pos) {
      throw new IllegalStateException("no key at " + pos);
    }
    return text.substring(start, pos);
  }

  private void value(List<String> key, boolean keyed) {
    char c = peek();
    if (c == '"' || c == '\'') {
      if (text.startsWith(c == '"' ? "\"\"\"" : "'''", pos)) {
        multiLineString(c);
      } else if (c == '"') {
        basicString();
      } else {
        pos = text.indexOf('\'', pos + 1) + 1;
      }
    } else if (c == '[') {
      pos++;
      while (skipWhitespaceAndComments() && peek() != ']') {
        int before = pos;
        value(key, false);
        skipWhitespaceAndComments();
        if (peek() == ',') {
          pos++;
        }
        progressed(before);
      }
      pos++;
    } else if (c == '{') {
      pos++;
      while (skipWhitespaceAndComments() && peek() != '}') {
        int before = pos;
        keyValue(key);
        skipWhitespaceAndComments();
        if (peek() == ',') {
          pos++;
        }
        progressed(before);
      }
      pos++;
    } else {
      int start = pos;
      while (pos < text.length() && " \t\r\n,]}#".indexOf(peek()) < 0) {
        pos++;
      }
      if (keyed) {
        bareValues.putIfAbsent(List.copyOf(key), text.substring(start, pos));
      }
    }
  }

  /** A {@code "..."} string with its escapes decoded enough to compare keys. */
  private String basicString() {
    StringBuilder out = new StringBuilder();
    pos++;
    while (peek() != '"') {
      char c = text.charAt(pos++);
      if (c == '\\') {
        char escaped = text.charAt(pos++);
        switch (escaped) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> { out.appendCodePoint(Integer.parseInt(text.substring(pos, pos + 4), 16)); pos += 4; }
          case 'U' -> { out.appendCodePoint(Integer.parseInt(text.substring(pos, pos + 8), 16)); pos += 8; }
          default -> out.append(escaped);
        }
      } else {
        out.append(c);
      }
    }
    pos++;
    return out.toString();
  }

  /** {@code """..."""} or {@code '''...'''}; a closing run may carry one or two extra quotes. */
  private void multiLineString(char quote) {
    String fence = String.valueOf(quote).repeat(3);
    pos += 3;
    while (!text.startsWith(fence, pos)) {
      char c = text.charAt(pos++);
      if (c == '\\' && quote == '"') {
        countLine(text.charAt(pos++));
      } else {
        countLine(c);
      }
    }
    pos += 3;
    while (pos < text.length() && peek() == quote) {
      pos++;
    }
  }

  /** Text this scanner cannot follow must end the scan, never loop on it. */
  private void progressed(int before) {
    if (pos == before) {
      throw new IllegalStateException("cannot follow the text at " + pos);
    }
  }

  private void countLine(char c) {
    if (c == '\n') {
      line++;
    }
  }

  /** Skips spaces, tabs, newlines and comments; false at the end of the text. */
  private boolean skipWhitespaceAndComments() {
    while (pos < text.length()) {
      char c = peek();
      if (c == '#') {
        while (pos < text.length() && peek() != '\n') {
          pos++;
        }
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        countLine(c);
        pos++;
      } else {
        return true;
      }
    }
    return false;
  }

  private void skipSpaces() {
    while (pos < text.length() && (peek() == ' ' || peek() == '\t')) {
      pos++;
    }
  }

  /** After a table header or key/value: a comment, then the newline (counted by the next skip). */
  private void skipToEndOfLine() {
    skipSpaces();
    if (pos < text.length() && peek() == '#') {
      while (pos < text.length() && peek() != '\n') {
        pos++;
      }
    }
  }

  private char peek() {
    return text.charAt(pos);
  }

  private char peek(int ahead) {
    return pos + ahead < text.length() ? text.charAt(pos + ahead) : '\0';
  }
}
