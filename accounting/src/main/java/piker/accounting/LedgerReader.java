package piker.accounting;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import piker.contracts.names.Fqme;

/**
 * Reads ledger bytes into clears, in file order, telling a torn tail from a malformed file.
 *
 * <p>A torn tail is what a crash mid-append leaves: a prefix of what the writer writes. So only the end
 * of the file may be broken, and only the way a cut write looks: a last table whose fields are the
 * first ones of the writer's order (the writer puts {@code bs_mktid} last, so a torn table always misses
 * a field or ends in an unterminated string), a last line without its newline that does not parse but
 * starts the way the writer's next line would, and zeros a file system may leave after the last write.
 * Everything else wrong, anywhere (a table missing a field in the middle, garbage after the last table,
 * a field the writer never writes in a torn table), is malformed and raises
 * {@link MalformedLedgerException} with the line: the file is never cut for it.
 */
final class LedgerReader {
  private static final List<String> REQUIRED =
      List.of("tid", "fqme", "size", "price", "cost", "dt", "etype", "bs_mktid");

  /**
   * The clears of the complete tables and the byte length they (with comments) occupy; {@code torn}
   * describes the tail after them, or is null when the file is whole.
   */
  record Contents(List<Clear> clears, long keptBytes, boolean endsWithNewline, Torn torn) {
    Contents(List<Clear> clears, long keptBytes, boolean endsWithNewline) {
      this(clears, keptBytes, endsWithNewline, null);
    }
  }

  /**
   * A torn tail: from byte {@code offset} (line {@code line}) to the end; {@code table} is the trade id of
   * the incomplete table it holds, or null when it is only part of a line (or zeros).
   */
  record Torn(long offset, int line, String table) {}

  private final Path file;
  private final List<Clear> clears = new ArrayList<>();
  private final Set<String> tids = new HashSet<>();
  private Table current;

  private LedgerReader(Path file) {
    this.file = file;
  }

  static Contents read(Path file, byte[] bytes) throws MalformedLedgerException {
    return new LedgerReader(file).readAll(bytes);
  }

  private Contents readAll(byte[] bytes) throws MalformedLedgerException {
    // zeros after the last write are what a file system may leave when a crash cut the write short
    int length = bytes.length;
    while (length > 0 && bytes[length - 1] == 0) {
      length--;
    }
    int lineNo = 0;
    int start = 0;
    while (start < length) {
      lineNo++;
      int newline = indexOf(bytes, (byte) '\n', start, length);
      boolean terminated = newline >= 0;
      int end = terminated ? newline : length;
      TomlLine.Parsed parsed;
      try {
        parsed = TomlLine.parse(decode(bytes, start, end));
      } catch (TomlLine.SyntaxError e) {
        if (terminated) {
          throw new MalformedLedgerException(file, lineNo, e.getMessage());
        }
        return tornFragment(bytes, start, end, lineNo, e.getMessage());
      }
      accept(parsed, lineNo, start);
      start = terminated ? newline + 1 : length;
    }
    if (current != null && !current.isComplete()) {
      return tornTable();
    }
    finishCurrent();
    if (length < bytes.length) {
      return new Contents(clears, length, length == 0 || bytes[length - 1] == '\n', new Torn(length, lineNo + 1, null));
    }
    return new Contents(clears, bytes.length, bytes.length == 0 || bytes[bytes.length - 1] == '\n');
  }

  /**
   * An unparseable last line without newline: a torn write if it starts the way the writer's next line
   * would (the next field of an incomplete table, or a new table); then it goes, with its table if that is
   * incomplete. Anything else there is damage.
   */
  private Contents tornFragment(byte[] bytes, int offset, int end, int lineNo, String syntaxError)
      throws MalformedLedgerException {
    String fragment = new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    boolean inTable = current != null && !current.isComplete();
    String next = inTable ? current.nextField() : null;
    boolean writerLike = inTable
        ? next != null && ((next + " = ").startsWith(fragment) || fragment.startsWith(next + " = "))
        : fragment.startsWith("[");
    if (!writerLike) {
      throw new MalformedLedgerException(file, lineNo, syntaxError + " (and it is not the start of what the ledger "
          + "writer writes there, so not a torn write)");
    }
    if (inTable) {
      return tornTable();
    }
    finishCurrent();
    return new Contents(clears, offset, true, new Torn(offset, lineNo, null));
  }

  /**
   * The last table lacks fields: a torn write only if what it has is the writer's first fields in the
   * writer's order; a table with a field missing in the middle, or one the writer never writes, is damage.
   */
  private Contents tornTable() throws MalformedLedgerException {
    if (!current.isWriterPrefix()) {
      throw new MalformedLedgerException(file, current.headerLine, "the last table [" + current.key
          + "] lacks field(s) " + current.missing() + " but is not what a write cut short leaves (its fields "
          + "are not the first ones of " + REQUIRED + " in that order)");
    }
    return new Contents(clears, current.headerOffset, true,
        new Torn(current.headerOffset, current.headerLine, current.key));
  }

  private void accept(TomlLine.Parsed parsed, int lineNo, int offset) throws MalformedLedgerException {
    if (parsed instanceof TomlLine.Header header) {
      if (current != null && !current.isComplete()) {
        throw new MalformedLedgerException(file, current.headerLine,
            "table [" + current.key + "] lacks field(s) " + current.missing());
      }
      finishCurrent();
      current = new Table(header.key(), lineNo, offset);
    } else if (parsed instanceof TomlLine.Entry entry) {
      if (current == null) {
        throw new MalformedLedgerException(file, lineNo, "entry '" + entry.key() + "' outside any table");
      }
      if (current.values.putIfAbsent(entry.key(), entry.value()) != null) {
        throw new MalformedLedgerException(file, lineNo, "duplicate key '" + entry.key() + "'");
      }
      current.lines.put(entry.key(), lineNo);
    }
  }

  private void finishCurrent() throws MalformedLedgerException {
    if (current == null) {
      return;
    }
    Table table = current;
    current = null;
    Clear clear = table.toClear();
    if (!tids.add(clear.tid())) {
      throw new MalformedLedgerException(file, table.headerLine, "duplicate trade id '" + clear.tid() + "'");
    }
    clears.add(clear);
  }

  private String decode(byte[] bytes, int start, int end) throws TomlLine.SyntaxError {
    if (end > start && bytes[end - 1] == '\r') {
      end--;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, end - start))
          .toString();
    } catch (CharacterCodingException e) {
      throw new TomlLine.SyntaxError("invalid UTF-8");
    }
  }

  private static int indexOf(byte[] bytes, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** One table as read, before it is checked and turned into a clear. */
  private final class Table {
    final String key;
    final int headerLine;
    final int headerOffset;
    final Map<String, TomlLine.Value> values = new LinkedHashMap<>();
    final Map<String, Integer> lines = new HashMap<>();

    Table(String key, int headerLine, int headerOffset) {
      this.key = key;
      this.headerLine = headerLine;
      this.headerOffset = headerOffset;
    }

    boolean isComplete() {
      return values.keySet().containsAll(REQUIRED);
    }

    List<String> missing() {
      return REQUIRED.stream().filter(field -> !values.containsKey(field)).toList();
    }

    /** True when the fields read are the first of {@link #REQUIRED}, in order: what a cut write leaves. */
    boolean isWriterPrefix() {
      return values.size() <= REQUIRED.size()
          && List.copyOf(values.keySet()).equals(REQUIRED.subList(0, values.size()));
    }

    /** The field the writer writes after those read, or null when there is none. */
    String nextField() {
      return isWriterPrefix() && values.size() < REQUIRED.size() ? REQUIRED.get(values.size()) : null;
    }

    Clear toClear() throws MalformedLedgerException {
      String tid = string("tid");
      if (!tid.equals(key)) {
        throw error("tid", "tid '" + tid + "' differs from its table key '" + key + "'");
      }
      if (!Clear.ETYPE.equals(string("etype"))) {
        throw error("etype", "unsupported etype '" + string("etype") + "', expected 'clear'");
      }
      Fqme fqme;
      try {
        fqme = Fqme.parse(string("fqme"));
      } catch (IllegalArgumentException e) {
        throw error("fqme", e.getMessage());
      }
      try {
        return new Clear(tid, fqme, number("size"), number("price"), number("cost"), instant("dt"),
            string("bs_mktid"));
      } catch (IllegalArgumentException e) {
        throw new MalformedLedgerException(file, headerLine, e.getMessage());
      }
    }

    private String string(String field) throws MalformedLedgerException {
      if (values.get(field) instanceof TomlLine.Str str) {
        return str.text();
      }
      throw error(field, field + " must be a string");
    }

    private BigDecimal number(String field) throws MalformedLedgerException {
      if (values.get(field) instanceof TomlLine.Num num) {
        return num.value();
      }
      throw error(field, field + " must be a number");
    }

    private Instant instant(String field) throws MalformedLedgerException {
      TomlLine.Value value = values.get(field);
      String text;
      if (value instanceof TomlLine.Str str) {
        text = str.text();
      } else if (value instanceof TomlLine.DateTime dateTime) {
        text = dateTime.text();
      } else {
        throw error(field, field + " must be a date-time");
      }
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException notAnInstant) {
        try {
          return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
          throw error(field, field + " '" + text + "' is not an ISO-8601 date-time with offset");
        }
      }
    }

    private MalformedLedgerException error(String field, String reason) {
      return new MalformedLedgerException(file, lines.getOrDefault(field, headerLine), reason);
    }
  }
}
