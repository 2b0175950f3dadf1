package piker.backends.kraken.fake;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import piker.backends.testkit.wire.WsConnection;

/**
 * One connection to the fake's private WebSocket v2 (docs/venues/kraken.md 9): every request must carry a token
 * {@code GetWebSocketsToken} issued; {@code executions} answers its ack, then a snapshot of the open orders, then
 * updates with a {@code sequence}; {@code add_order}, {@code cancel_order}, {@code cancel_all},
 * {@code cancel_all_orders_after} and {@code ping} answer with {@code method}, {@code result} or {@code error},
 * {@code success}, {@code req_id}, {@code time_in}, {@code time_out}. A subscribed connection gets a
 * {@code heartbeat} every second ({@link #heartbeat()}). Parameters are checked by name and JSON type.
 */
final class PrivateSession implements WsConnection.Session, Account.Subscriber {
  static final ObjectWriter WRITER = Catalogue.JSON.writer().with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  /** Ours: the docs we read give no string for a token the engine does not know. */
  static final String INVALID_TOKEN = "EAPI:Invalid token";
  private static final Set<String> TIME_IN_FORCE = Set.of("gtc", "gtd", "ioc");

  private final WsConnection connection;
  private final Map<String, Account> tokens;
  private final Catalogue catalogue;
  private final AtomicReference<String> failNextOrder;
  private final AtomicReference<String> muteNext;
  private final AtomicReference<String> rejectNextOrder;
  private final AtomicLong sequence = new AtomicLong();
  private volatile Account subscribed;

  PrivateSession(WsConnection connection, Map<String, Account> tokens, Catalogue catalogue,
                 AtomicReference<String> failNextOrder, AtomicReference<String> muteNext,
                 AtomicReference<String> rejectNextOrder) {
    this.connection = connection;
    this.tokens = tokens;
    this.catalogue = catalogue;
    this.failNextOrder = failNextOrder;
    this.muteNext = muteNext;
    this.rejectNextOrder = rejectNextOrder;
  }

  @Override
  public void onText(WsConnection from, String text) {
    String timeIn = now();
    JsonNode request;
    try {
      request = piker.backends.kraken.rest.Envelope.JSON.readTree(text); // numbers exact
    } catch (JsonProcessingException e) {
      return;
    }
    String method = request.path("method").asText();
    JsonNode params = request.path("params");
    ObjectNode answer = Catalogue.JSON.createObjectNode().put("method", method);
    try {
      if (method.equals("ping")) {
        answer.put("method", "pong");
      } else {
        Account account = tokens.get(params.path("token").asText(""));
        if (account == null) {
          throw new Refusal(INVALID_TOKEN);
        }
        switch (method) {
          case "subscribe" -> subscribe(account, params, answer);
          case "add_order" -> answer.set("result", addOrder(account, params));
          case "cancel_order" -> {
            cancelOrders(account, params, request, timeIn);
            return; // one answer per order, sent there
          }
          case "cancel_all" -> answer.putObject("result").put("count", account.cancelAll("User requested"));
          case "cancel_all_orders_after" -> answer.set("result", cancelAfter(account, params));
          default -> throw new Refusal("EGeneral:Invalid arguments:method");
        }
      }
      answer.put("success", true);
    } catch (Refusal refused) {
      answer.put("error", refused.getMessage()).put("success", false);
    }
    if (muteNext.compareAndSet(method, null)) {
      return; // done (an order's executions went out), its answer lost
    }
    send(finish(answer, request, timeIn));
    if (method.equals("subscribe") && answer.path("success").asBoolean()) {
      snapshot(params.path("snap_orders").asBoolean(true), params.path("snap_trades").asBoolean(false));
    }
  }

  private void subscribe(Account account, JsonNode params, ObjectNode answer) {
    if (!params.path("channel").asText().equals("executions")) {
      throw new Refusal("EGeneral:Invalid arguments:channel");
    }
    for (String flag : List.of("snap_orders", "snap_trades", "order_status", "ratecounter")) {
      if (params.has(flag) && !params.get(flag).isBoolean()) {
        throw new Refusal("EGeneral:Invalid arguments:" + flag);
      }
    }
    subscribed = account;
    account.subscribe(this);
    ObjectNode result = answer.putObject("result").put("channel", "executions").put("maxratecount", 125)
        .put("snap_orders", params.path("snap_orders").asBoolean(true))
        .put("snap_trades", params.path("snap_trades").asBoolean(false));
    answer.set("result", result);
  }

  /** The open orders ({@code snap_orders}, default true) and the last 50 fills ({@code snap_trades}, default false). */
  private void snapshot(boolean orders, boolean trades) {
    Account account = subscribed;
    ArrayNode data = Catalogue.JSON.createArrayNode();
    if (orders) {
      account.orders().stream().filter(Account.Order::open).forEach(order -> data.add(ExecutionItems.snapshot(order)));
    }
    if (trades) {
      List<Account.Trade> all = account.trades();
      for (Account.Trade trade : all.subList(Math.max(0, all.size() - 50), all.size())) {
        account.find(trade.orderTxid()).ifPresent(order -> data.add(ExecutionItems.trade(order, trade)));
      }
    }
    send(Catalogue.JSON.createObjectNode().put("channel", "executions").put("type", "snapshot")
        .<ObjectNode>set("data", data).put("sequence", sequence.incrementAndGet()));
  }

  private ObjectNode addOrder(Account account, JsonNode params) {
    if (!params.path("order_type").asText().equals("limit")) {
      throw new Refusal("EGeneral:Invalid arguments:order_type"); // the fake takes limit orders only
    }
    String side = params.path("side").asText();
    if (!side.equals("buy") && !side.equals("sell")) {
      throw new Refusal("EGeneral:Invalid arguments:side");
    }
    BigDecimal qty = number(params, "order_qty");
    BigDecimal price = number(params, "limit_price");
    if (params.has("time_in_force") && !TIME_IN_FORCE.contains(params.path("time_in_force").asText())) {
      throw new Refusal("EGeneral:Invalid arguments:time_in_force");
    }
    if (params.has("cl_ord_id") && params.has("order_userref")) {
      throw new Refusal("EGeneral:Invalid arguments:cl_ord_id and order_userref are mutually exclusive");
    }
    Catalogue.Pair pair = catalogue.symbol(params.path("symbol").asText())
        .orElseThrow(Refusal::unknownPair);
    String refusal = failNextOrder.getAndSet(null);
    if (refusal != null) {
      throw new Refusal(refusal);
    }
    if (!pair.status().equals("online")) {
      throw new Refusal("EService:Market in " + pair.status() + " mode");
    }
    if (price.signum() <= 0 || price.remainder(pair.tickSize()).signum() != 0) {
      throw new Refusal("EGeneral:Invalid arguments:limit_price");
    }
    if (qty.signum() <= 0 || qty.stripTrailingZeros().scale() > pair.lotDecimals()) {
      throw new Refusal("EGeneral:Invalid arguments:order_qty");
    }
    if (qty.compareTo(pair.ordermin()) < 0) {
      throw new Refusal("EOrder:Order minimum not met");
    }
    if (price.multiply(qty).compareTo(pair.costmin()) < 0) {
      throw new Refusal("EOrder:Cost minimum not met");
    }
    String clOrdId = params.hasNonNull("cl_ord_id") ? params.get("cl_ord_id").asText() : null;
    String feePreference = params.hasNonNull("fee_preference") ? params.get("fee_preference").asText() : null;
    if (feePreference != null && !feePreference.equals("base") && !feePreference.equals("quote")) {
      throw new Refusal("EGeneral:Invalid arguments:fee_preference");
    }
    Account.Order order = account.add(clOrdId, pair, side, price, qty, rejectNextOrder.getAndSet(null),
        feePreference);
    ObjectNode result = Catalogue.JSON.createObjectNode().put("order_id", order.txid);
    if (clOrdId != null) {
      result.put("cl_ord_id", clOrdId);
    }
    return result;
  }

  private void cancelOrders(Account account, JsonNode params, JsonNode request, String timeIn) {
    boolean byOrderId = params.has("order_id");
    JsonNode ids = byOrderId ? params.get("order_id") : params.path("cl_ord_id");
    if (!ids.isArray() || ids.isEmpty() || byOrderId && params.has("cl_ord_id")) {
      send(finish(Catalogue.JSON.createObjectNode().put("method", "cancel_order")
          .put("error", "EGeneral:Invalid arguments:order_id").put("success", false), request, timeIn));
      return;
    }
    for (JsonNode id : ids) {
      ObjectNode answer = Catalogue.JSON.createObjectNode().put("method", "cancel_order");
      try {
        Account.Order order = account.cancel(id.asText(), "User requested");
        ObjectNode result = answer.putObject("result").put("order_id", order.txid);
        if (order.clOrdId != null) {
          result.put("cl_ord_id", order.clOrdId);
        }
        answer.put("success", true);
      } catch (Refusal refused) {
        answer.put("error", refused.getMessage()).put("success", false);
      }
      send(finish(answer, request, timeIn));
    }
  }

  private static ObjectNode cancelAfter(Account account, JsonNode params) {
    JsonNode timeout = params.path("timeout");
    if (!timeout.canConvertToLong() || !timeout.isIntegralNumber() || timeout.asLong() < 0
        || timeout.asLong() >= 86_400) {
      throw new Refusal("EGeneral:Invalid arguments:timeout");
    }
    long[] times = account.cancelAfter(timeout.asLong());
    ObjectNode result = Catalogue.JSON.createObjectNode();
    result.put("currentTime", Ids.rfc3339(times[0]));
    result.put("triggerTime", times[1] == 0 ? "0" : Ids.rfc3339(times[1]));
    return result;
  }

  /** A JSON number, as WS v2 types prices and quantities; a string or anything else is refused. */
  private static BigDecimal number(JsonNode params, String name) {
    JsonNode value = params.get(name);
    if (value == null || !value.isNumber()) {
      throw new Refusal("EGeneral:Invalid arguments:" + name);
    }
    return new BigDecimal(value.asText());
  }

  @Override
  public void onItems(List<ObjectNode> items) {
    ArrayNode data = Catalogue.JSON.createArrayNode();
    items.forEach(data::add);
    send(Catalogue.JSON.createObjectNode().put("channel", "executions").put("type", "update")
        .<ObjectNode>set("data", data).put("sequence", sequence.incrementAndGet()));
  }

  /** A heartbeat, sent by the fake's timer to subscribed connections. */
  void heartbeat() {
    if (subscribed != null) {
      send(Catalogue.JSON.createObjectNode().put("channel", "heartbeat"));
    }
  }

  @Override
  public void onClosed(WsConnection from) {
    Account account = subscribed;
    if (account != null) {
      account.unsubscribe(this);
    }
  }

  boolean open() {
    return connection.isOpen();
  }

  private static ObjectNode finish(ObjectNode answer, JsonNode request, String timeIn) {
    answer.put("time_in", timeIn).put("time_out", now());
    if (request.has("req_id")) {
      answer.set("req_id", request.get("req_id"));
    }
    return answer;
  }

  private void send(ObjectNode message) {
    if (!connection.isOpen()) {
      return;
    }
    try {
      connection.sendText(WRITER.writeValueAsString(message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always writes", e);
    } catch (RuntimeException e) {
      // the connection went while we wrote: its client hears of it by the drop
    }
  }

  private static String now() {
    return java.time.Instant.now().toString();
  }
}
