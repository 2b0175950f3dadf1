package piker.backends.sim.venue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The venue's trading desk: which account each connection logged in for, and each account's requests (orders,
 * cancels, status, trades, positions) answered in the venue's JSON, with every order's changes told to the
 * account's connections. The engine's actor owns it and calls it on its thread; the books stay the engine's.
 */
final class VenueDesk {
  /** A request the venue refuses: its error type and a reason (never the key). */
  static final class Refused extends RuntimeException {
    final String type;

    Refused(String type, String reason) {
      super(reason);
      this.type = type;
    }
  }

  private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  /** Room for a 64-character order id and a replacement number, as brokers build client ids. */
  private static final int MAX_CLIENT_ID = 80;

  private final Exchange exchange;
  private final VenueJson json;
  /** Sends a text to a connection (the engine's send: it keeps answers behind logged lines). */
  private final BiConsumer<Long, String> send;
  /** The account each logged-in connection trades for. */
  private final Map<Long, String> logins = new HashMap<>();

  VenueDesk(Exchange exchange, VenueJson json, BiConsumer<Long, String> send) {
    this.exchange = exchange;
    this.json = json;
    this.send = send;
  }

  JsonNode login(long connection, JsonNode request) {
    String account = VenueJson.text(request, "account");
    if (!ACCOUNT.matcher(account).matches()) {
      throw new IllegalArgumentException("an account id is 1-64 letters, digits, '_' or '-'");
    }
    JsonNode key = request.get("key");
    if (key == null || !key.isTextual() || !key.asText().startsWith("simkey-") || key.asText().length() > 256) {
      throw new Refused("InvalidKey", "the api key was rejected: the sim venue accepts keys that start with "
          + "'simkey-'");
    }
    logins.put(connection, account);
    return json.object().put("account", account);
  }

  void disconnected(long connection) {
    logins.remove(connection);
  }

  /** The account the connection logged in for; refused before it has. */
  String account(long connection) {
    String account = logins.get(connection);
    if (account == null) {
      throw new Refused("NotLoggedIn", "log in before trading");
    }
    return account;
  }

  /** Places an order on the market's book; its fills on arrival are the caller's to announce after the ack. */
  Exchange.Placed place(String account, Supplier<MarketBook> book, JsonNode request, long nowNs) {
    JsonNode clientId = request.get("client_id");
    if (clientId != null && !clientId.isNull() && (!clientId.isTextual()
        || clientId.asText().length() > MAX_CLIENT_ID)) {
      throw new IllegalArgumentException("'client_id' must be a string of at most " + MAX_CLIENT_ID + " characters");
    }
    Exchange.Result result = exchange.place(account, book.get(), VenueJson.text(request, "side"),
        VenueJson.decimal(request, "price"), VenueJson.decimal(request, "size"),
        clientId == null || clientId.isNull() ? null : clientId.asText(), nowNs);
    if (result instanceof Exchange.Refused refused) {
      throw new Refused(refused.code().type, refused.reason());
    }
    return (Exchange.Placed) result;
  }

  JsonNode cancel(String account, String orderId) {
    Exchange.Result result = exchange.cancel(account, orderId);
    if (result instanceof Exchange.Refused refused) {
      throw new Refused(refused.code().type, refused.reason());
    }
    VenueOrder order = ((Exchange.Canceled) result).order();
    announceOrder(order);
    return exchange.describe(order);
  }

  JsonNode orderStatus(String account, JsonNode request) {
    Optional<VenueOrder> order = request.hasNonNull("order_id")
        ? exchange.order(account, VenueJson.text(request, "order_id"))
        : exchange.byClientId(account, VenueJson.text(request, "client_id"));
    return order.<JsonNode>map(exchange::describe)
        .orElseThrow(() -> new Refused(Exchange.Refusal.UNKNOWN_ORDER.type, "no such order of this account"));
  }

  ArrayNode openOrders(String account) {
    ArrayNode list = json.array();
    exchange.openOrders(account).forEach(order -> list.add(exchange.describe(order)));
    return list;
  }

  /** The account's trades, or with {@code order_id} only that order's. */
  ArrayNode trades(String account, JsonNode request) {
    ArrayNode list = json.array();
    (request.hasNonNull("order_id") ? exchange.trades(account, VenueJson.text(request, "order_id"))
        : exchange.trades(account)).forEach(fill -> list.add(exchange.describe(fill)));
    return list;
  }

  ArrayNode positions(String account) {
    ArrayNode list = json.array();
    exchange.positions(account).forEach((market, size) ->
        list.add(json.object().put("market", market).put("size", VenueJson.plain(size))));
    return list;
  }

  /** A placed order after its ack: its fills, or the new order itself when nothing filled. */
  void announcePlaced(List<Exchange.Fill> fills, VenueOrder order) {
    if (fills.isEmpty()) {
      announceOrder(order);
    }
    announceFills(fills);
  }

  /** Each fill as a {@code fill} event, then its order's new state, to the order's account's connections. */
  void announceFills(List<Exchange.Fill> fills) {
    for (Exchange.Fill fill : fills) {
      toAccount(fill.order().account, exchange.describe(fill).put("event", "fill"));
      announceOrder(fill.order());
    }
  }

  private void announceOrder(VenueOrder order) {
    toAccount(order.account, exchange.describe(order).put("event", "order"));
  }

  private void toAccount(String account, ObjectNode event) {
    String text = json.write(event);
    // over a copy: a send that finds its connection gone drops that connection's login
    for (Map.Entry<Long, String> login : new ArrayList<>(logins.entrySet())) {
      if (login.getValue().equals(account)) {
        send.accept(login.getKey(), text);
      }
    }
  }
}
