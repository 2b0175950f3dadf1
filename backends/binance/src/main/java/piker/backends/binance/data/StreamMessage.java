package piker.backends.binance.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * One text frame from Binance's market streams (docs/venues/binance.md 8), combined ({@code stream}/{@code data})
 * or raw: a control reply, a trade, a book ticker (told by its keys: it has no {@code e}), a kline, a
 * serverShutdown, or something we do not read.
 */
public sealed interface StreamMessage {

  /** A SUBSCRIBE/UNSUBSCRIBE answer: {@code result: null} is success; any {@code code} is a failure. */
  record Reply(long id, boolean ok, String code, String message) implements StreamMessage {}

  /** {@code <symbol>@trade}: trade id {@code t}, price, quantity, trade time {@code T} (ms). */
  record Trade(String symbol, long id, BigDecimal price, BigDecimal quantity, long timeMs) implements StreamMessage {}

  /** {@code <symbol>@bookTicker}: update id {@code u}, best bid and ask with their quantities. */
  record BookTicker(String symbol, long updateId, BigDecimal bid, BigDecimal bidQty, BigDecimal ask,
                    BigDecimal askQty) implements StreamMessage {}

  /**
   * {@code <symbol>@kline_<interval>}: the period opening at {@code openMs}, its running OHLCV, the last
   * trade id it holds ({@code L}; meaningful only when {@code trades}, the documented {@code n}, is above 0)
   * and whether it is closed.
   */
  record Kline(String symbol, String interval, long openMs, long lastTradeId, long trades, BigDecimal open,
               BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal volume, boolean closed)
      implements StreamMessage {
    public piker.contracts.market.Bar bar() {
      return new piker.contracts.market.Bar(openMs / 1000, open, high, low, close, volume);
    }
  }

  /** The server goes down soon: move to a new connection (CL 2026-05-06). */
  record ServerShutdown() implements StreamMessage {}

  /** Anything else: ignored, as unknown keys and events must be. */
  record Other() implements StreamMessage {}

  /**
   * Reads one frame's text: a trade or a book ticker straight off the text ({@link TickReader}), anything else
   * through a JSON tree and {@link #read(JsonNode)}. Throws when the text is not JSON.
   */
  static StreamMessage parse(String text) throws java.io.IOException {
    return TickReader.parse(text);
  }

  /** Reads one parsed frame. */
  static StreamMessage read(JsonNode frame) {
    if (frame.has("id") && (frame.has("result") || frame.has("code") || frame.has("error"))) {
      JsonNode error = frame.has("error") ? frame.path("error") : frame;
      boolean ok = !error.has("code") && frame.has("result");
      return new Reply(frame.path("id").asLong(-1), ok, error.path("code").asText(""), error.path("msg").asText(""));
    }
    JsonNode data = frame.has("data") && frame.has("stream") ? frame.path("data") : frame;
    String event = data.path("e").asText("");
    switch (event) {
      case "trade":
        return new Trade(data.path("s").asText().toUpperCase(Locale.ROOT), data.path("t").asLong(),
            decimal(data, "p"), decimal(data, "q"), data.path("T").asLong());
      case "kline": {
        JsonNode k = data.path("k");
        return new Kline(data.path("s").asText().toUpperCase(Locale.ROOT), k.path("i").asText(), k.path("t").asLong(),
            k.path("L").asLong(-1), k.path("n").asLong(), decimal(k, "o"), decimal(k, "h"), decimal(k, "l"),
            decimal(k, "c"), decimal(k, "v"), k.path("x").asBoolean(false));
      }
      case "serverShutdown":
        return new ServerShutdown();
      case "":
        if (data.has("u") && data.has("b") && data.has("a") && data.has("s")) {
          return new BookTicker(data.path("s").asText().toUpperCase(Locale.ROOT), data.path("u").asLong(),
              decimal(data, "b"), decimal(data, "B"), decimal(data, "a"), decimal(data, "A"));
        }
        return new Other();
      default:
        return new Other();
    }
  }

  private static BigDecimal decimal(JsonNode node, String field) {
    return new BigDecimal(node.path(field).asText());
  }
}
