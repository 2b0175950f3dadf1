package piker.backends.kraken.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import piker.backends.kraken.rest.Envelope;

/**
 * What the public WebSocket v2 sends (docs/venues/kraken.md 8), parsed: {@code ticker} and {@code trade}
 * channel data (prices and quantities are JSON numbers, read from their token text into exact decimals,
 * RFC 3339 timestamps to epoch ns), {@code status}, {@code heartbeat}, and the replies to our requests
 * ({@code subscribe}, {@code unsubscribe}, {@code pong}).
 */
sealed interface WsMessage {
  /** One ticker entry: best bid/ask with their quantities and the last trade price (null when absent). */
  record Ticker(String symbol, boolean snapshot, BigDecimal bid, BigDecimal bidQty, BigDecimal ask,
                BigDecimal askQty, BigDecimal last, long timeNs) implements WsMessage {}

  /** One trade; {@code id} is Kraken's per-book sequence number. */
  record Trade(String symbol, boolean snapshot, BigDecimal price, BigDecimal qty, String side, long id, long timeNs)
      implements WsMessage {}

  /** Several channel entries of one message, in Kraken's order (trades: in trade_id order per symbol). */
  record Batch(List<WsMessage> entries) implements WsMessage {}

  /** The engine's state: {@code online}, {@code cancel_only}, {@code post_only}, {@code maintenance}. */
  record Status(String system) implements WsMessage {}

  record Heartbeat() implements WsMessage {}

  /** A reply to a request of ours: its method, req_id (0 when absent), success, error text and symbol. */
  record Reply(String method, long reqId, boolean success, String error, String channel, String symbol)
      implements WsMessage {}

  /** Anything else (another channel, a message we do not use). */
  record Other(String text) implements WsMessage {}

  static WsMessage parse(String text) throws IOException {
    JsonNode node = Envelope.JSON.readTree(text);
    if (node.has("method")) {
      JsonNode result = node.path("result");
      String symbol = result.path("symbol").asText(node.path("symbol").asText(""));
      return new Reply(node.path("method").asText(), node.path("req_id").asLong(0),
          node.path("success").asBoolean(node.path("method").asText().equals("pong")),
          node.path("error").asText(""), result.path("channel").asText(""), symbol);
    }
    String channel = node.path("channel").asText("");
    boolean snapshot = "snapshot".equals(node.path("type").asText());
    switch (channel) {
      case "heartbeat":
        return new Heartbeat();
      case "status":
        return new Status(node.path("data").path(0).path("system").asText(""));
      case "ticker": {
        List<WsMessage> entries = new ArrayList<>();
        for (JsonNode d : node.path("data")) {
          entries.add(new Ticker(d.path("symbol").asText(), snapshot, decimal(d, "bid"), decimal(d, "bid_qty"),
              decimal(d, "ask"), decimal(d, "ask_qty"), decimal(d, "last"), timeNs(d.path("timestamp"))));
        }
        return new Batch(entries);
      }
      case "trade": {
        List<WsMessage> entries = new ArrayList<>();
        for (JsonNode d : node.path("data")) {
          entries.add(new Trade(d.path("symbol").asText(), snapshot, decimal(d, "price"), decimal(d, "qty"),
              d.path("side").asText(""), d.path("trade_id").asLong(), timeNs(d.path("timestamp"))));
        }
        return new Batch(inIdOrder(entries));
      }
      default:
        return new Other(text);
    }
  }

  /**
   * Trades grouped by symbol (in the order the symbols first appear), each symbol's in trade_id order: the docs
   * make trade_id "a sequence number, unique per book" but promise no order within a message, and the tape
   * drops an id at or below the last one passed on, so a snapshot listed newest first would lose trades.
   */
  private static List<WsMessage> inIdOrder(List<WsMessage> trades) {
    java.util.Map<String, List<Trade>> bySymbol = new java.util.LinkedHashMap<>();
    for (WsMessage entry : trades) {
      Trade trade = (Trade) entry;
      bySymbol.computeIfAbsent(trade.symbol(), symbol -> new ArrayList<>()).add(trade);
    }
    List<WsMessage> ordered = new ArrayList<>(trades.size());
    bySymbol.values().forEach(list -> {
      list.sort(java.util.Comparator.comparingLong(Trade::id));
      ordered.addAll(list);
    });
    return ordered;
  }

  /** A number as its token text has it (740.0 stays 740.0, 1e-08 is 1E-8), never through a double. */
  private static BigDecimal decimal(JsonNode entry, String field) {
    JsonNode value = entry.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText());
  }

  /** RFC 3339 ({@code 2023-09-25T07:48:36.925533Z}) to epoch ns; 0 when absent. */
  static long timeNs(JsonNode timestamp) {
    if (timestamp.isMissingNode() || timestamp.asText().isEmpty()) {
      return 0;
    }
    return Rfc3339.epochNs(timestamp.asText());
  }
}
