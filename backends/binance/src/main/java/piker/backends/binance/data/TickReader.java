package piker.backends.binance.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Reads the two frames that make nearly all of a market stream's traffic, a trade and a book ticker (raw, or
 * combined with {@code stream} first as Binance sends it), straight off the text with a streaming parser: no
 * JSON tree per frame, decimals made from the parser's characters; unknown keys are skipped, nested or not.
 * Any other frame, or one shaped otherwise (a reply's keys, a known key nested, a missing or mistyped field),
 * is left to {@link StreamMessage#read}, which gives the same answer for these two, only slower.
 */
final class TickReader {
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper TREES = new ObjectMapper();

  private TickReader() {}

  /** See {@link StreamMessage#parse}. */
  static StreamMessage parse(String text) throws IOException {
    StreamMessage tick = read(text);
    return tick != null ? tick : StreamMessage.read(TREES.readTree(text));
  }

  /** A trade or a book ticker; null when the frame is to be read as a tree. */
  static StreamMessage read(String text) {
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String name = parser.nextFieldName();
      boolean combined = "stream".equals(name);
      if (combined) {
        if (parser.nextToken() != JsonToken.VALUE_STRING || !"data".equals(parser.nextFieldName())
            || parser.nextToken() != JsonToken.START_OBJECT) {
          return null;
        }
        name = parser.nextFieldName();
      }
      Fields fields = new Fields();
      if (!fields.read(parser, name) || combined && parser.nextToken() != JsonToken.END_OBJECT) {
        return null;
      }
      return fields.message();
    } catch (IOException e) {
      return null; // not JSON: the tree reader says so
    }
  }

  /** The flat payload's fields this reader knows; the rest are skipped, as unknown keys must be. */
  private static final class Fields {
    /** Keys whose nested value means another kind of frame. */
    private static final java.util.Set<String> KNOWN = java.util.Set.of("e", "s", "t", "T", "u", "p", "q", "b", "B",
        "a", "A", "k", "id", "result", "code", "error", "data", "stream");
    String event;
    String symbol;
    long id = Long.MIN_VALUE;
    long time = Long.MIN_VALUE;
    long updateId = Long.MIN_VALUE;
    BigDecimal price;
    BigDecimal qty;
    BigDecimal bid;
    BigDecimal bidQty;
    BigDecimal ask;
    BigDecimal askQty;

    /** Reads up to the payload's end; false at anything that is not a flat trade or book ticker. */
    boolean read(JsonParser parser, String first) throws IOException {
      for (String name = first; name != null; name = parser.nextFieldName()) {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          if (KNOWN.contains(name)) {
            return false; // a kline's k, a reply's error: the tree reader's
          }
          parser.skipChildren();
          continue;
        }
        switch (name) {
          case "e" -> event = text(parser, token);
          case "s" -> symbol = text(parser, token);
          case "t" -> id = whole(parser, token);
          case "T" -> time = whole(parser, token);
          case "u" -> updateId = whole(parser, token);
          case "p" -> price = decimal(parser, token);
          case "q" -> qty = decimal(parser, token);
          case "b" -> bid = decimal(parser, token);
          case "B" -> bidQty = decimal(parser, token);
          case "a" -> ask = decimal(parser, token);
          case "A" -> askQty = decimal(parser, token);
          case "id", "result", "code", "error", "data", "stream" -> {
            return false;
          }
          default -> { }
        }
      }
      return true;
    }

    StreamMessage message() {
      if ("trade".equals(event) && symbol != null && id != Long.MIN_VALUE && time != Long.MIN_VALUE
          && price != null && qty != null) {
        return new StreamMessage.Trade(symbol.toUpperCase(Locale.ROOT), id, price, qty, time);
      }
      if (event == null && symbol != null && updateId != Long.MIN_VALUE && bid != null && bidQty != null
          && ask != null && askQty != null) {
        return new StreamMessage.BookTicker(symbol.toUpperCase(Locale.ROOT), updateId, bid, bidQty, ask, askQty);
      }
      return null;
    }

    private static String text(JsonParser parser, JsonToken token) throws IOException {
      return token == JsonToken.VALUE_STRING ? parser.getText() : null;
    }

    private static long whole(JsonParser parser, JsonToken token) throws IOException {
      return token == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : Long.MIN_VALUE;
    }

    /** Binance's decimals are strings; made into a BigDecimal from the parser's own characters. */
    private static BigDecimal decimal(JsonParser parser, JsonToken token) throws IOException {
      return token == JsonToken.VALUE_STRING
          ? new BigDecimal(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength()) : null;
    }
  }
}
