package piker.backends.kraken.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import piker.backends.kraken.rest.CallCounter;

/**
 * The fake's private REST methods ({@code POST /0/private/<Method>}, docs/venues/kraken.md 5, 6.7-6.11), each
 * signed call verified by the {@link KeyRing} and counted on its key's call counter (Starter: 15, -0.33/s; ledger
 * and trade history calls 2), answered in the envelope, always HTTP 200: GetWebSocketsToken, Balance, BalanceEx,
 * OpenOrders, ClosedOrders, QueryOrders, QueryTrades, TradesHistory, CancelAllOrdersAfter. REST decimals are
 * strings at the pair's decimals, times seconds with a fraction.
 */
final class PrivateRoutes {
  private static final int PAGE = 50;
  static final String FORM = "application/x-www-form-urlencoded";
  static final String JSON = "application/json";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyRing keys;
  private final Map<String, Account> tokens;
  /** Kraken counts per API key ("Each API key's counter is separate"). */
  private final Map<String, CallCounter> counters = new ConcurrentHashMap<>();
  private final AtomicReference<String> refuseNext = new AtomicReference<>();
  private final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();

  private interface Method {
    ObjectNode result(Account account, Map<String, String> params);
  }

  PrivateRoutes(KeyRing keys, Map<String, Account> tokens) {
    this.keys = keys;
    this.tokens = tokens;
  }

  void register(RestServer rest) {
    route(rest, "GetWebSocketsToken", (account, params) -> token(account));
    route(rest, "Balance", (account, params) -> balance(account, false));
    route(rest, "BalanceEx", (account, params) -> balance(account, true));
    route(rest, "OpenOrders", (account, params) -> orders(account, params, true));
    route(rest, "ClosedOrders", (account, params) -> orders(account, params, false));
    route(rest, "QueryOrders", this::queryOrders);
    route(rest, "QueryTrades", this::queryTrades);
    route(rest, "TradesHistory", this::tradesHistory);
    route(rest, "CancelAllOrdersAfter", (account, params) -> {
      long[] times = account.cancelAfter(Long.parseLong(require(params, "timeout")));
      ObjectNode result = Catalogue.JSON.createObjectNode();
      result.put("currentTime", Ids.rfc3339(times[0]));
      result.put("triggerTime", times[1] == 0 ? "0" : Ids.rfc3339(times[1]));
      return result;
    });
  }

  /** The next private REST call is refused with {@code error} (after its signature and nonce were checked). */
  void refuseNext(String error) {
    refuseNext.set(error);
  }

  /** Private REST requests received so far, refused ones included. */
  long calls() {
    return calls.get();
  }

  private void route(RestServer rest, String name, Method method) {
    String path = "/0/private/" + name;
    int cost = name.equals("TradesHistory") || name.equals("QueryTrades") ? 2 : 1;
    rest.route(path, request -> {
      calls.incrementAndGet();
      if (!request.method().equals("POST")) {
        return PublicRoutes.envelope("EGeneral:Invalid arguments", null);
      }
      // the body's encoding is told by its Content-Type alone ("Request payloads are form-encoded
      // (Content-Type: application/x-www-form-urlencoded)"; JSON is taken too): any other value, a charset
      // parameter included, is refused (ours: the docs name no string for it)
      String type = request.header("Content-Type");
      if (!FORM.equals(type) && !JSON.equals(type)) {
        return PublicRoutes.envelope("EGeneral:Invalid arguments:Content-Type", null);
      }
      try {
        Account account = keys.verify(path, request.header("API-Key"), request.header("API-Sign"), request.body(),
            JSON.equals(type));
        CallCounter counter = counters.computeIfAbsent(request.header("API-Key"), k -> new CallCounter(15, 0.33));
        synchronized (counter) {
          if (!(counter.admit(System.currentTimeMillis(), cost) instanceof CallCounter.Go)) {
            throw new Refusal("EAPI:Rate limit exceeded");
          }
        }
        String refusal = refuseNext.getAndSet(null);
        if (refusal != null) {
          throw new Refusal(refusal);
        }
        return PublicRoutes.envelope(null, method.result(account, PublicRoutes.params(request.body())));
      } catch (Refusal refused) {
        return PublicRoutes.envelope(refused.getMessage(), null);
      } catch (NumberFormatException e) {
        return PublicRoutes.envelope("EGeneral:Invalid arguments", null);
      }
    });
  }

  private ObjectNode token(Account account) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getEncoder().withoutPadding().encodeToString(bytes);
    tokens.put(token, account);
    ObjectNode result = Catalogue.JSON.createObjectNode();
    result.put("token", token);
    result.put("expires", 900);
    return result;
  }

  private static ObjectNode balance(Account account, boolean extended) {
    ObjectNode result = Catalogue.JSON.createObjectNode();
    account.balancesWithHolds().forEach((asset, amounts) -> {
      String balance = amounts[0].setScale(10, RoundingMode.HALF_UP).toPlainString();
      if (extended) {
        ObjectNode entry = result.putObject(asset);
        entry.put("balance", balance);
        entry.put("hold_trade", amounts[1].setScale(10, RoundingMode.HALF_UP).toPlainString());
        entry.put("credit", "0.0000000000");
        entry.put("credit_used", "0.0000000000");
      } else {
        result.put(asset, balance);
      }
    });
    return result;
  }

  /** OpenOrders ({@code {"open": {...}}}, oldest first) or ClosedOrders (newest first, 50 a page from {@code ofs}). */
  private static ObjectNode orders(Account account, Map<String, String> params, boolean open) {
    boolean withTrades = flag(params, "trades");
    List<Account.Order> matching = new ArrayList<>(account.orders().stream().filter(o -> o.open() == open).toList());
    ObjectNode result = Catalogue.JSON.createObjectNode();
    ObjectNode list = result.putObject(open ? "open" : "closed");
    if (open) {
      matching.forEach(order -> list.set(order.txid, orderInfo(order, withTrades)));
      return result;
    }
    java.util.Collections.reverse(matching);
    int ofs = Integer.parseInt(params.getOrDefault("ofs", "0"));
    matching.stream().skip(ofs).limit(PAGE).forEach(order -> list.set(order.txid, orderInfo(order, withTrades)));
    result.put("count", matching.size());
    return result;
  }

  private ObjectNode queryOrders(Account account, Map<String, String> params) {
    String[] txids = require(params, "txid").split(",");
    if (txids.length > 50) {
      throw Refusal.invalidArguments("txid");
    }
    boolean withTrades = flag(params, "trades");
    ObjectNode result = Catalogue.JSON.createObjectNode();
    for (String txid : txids) {
      Account.Order order = account.orders().stream().filter(o -> o.txid.equals(txid)).findFirst()
          .orElseThrow(() -> new Refusal("EOrder:Unknown order")); // ours: the docs we read name no string
      result.set(txid, orderInfo(order, withTrades));
    }
    return result;
  }

  private ObjectNode queryTrades(Account account, Map<String, String> params) {
    String[] txids = require(params, "txid").split(",");
    if (txids.length > 20) {
      throw Refusal.invalidArguments("txid");
    }
    ObjectNode result = Catalogue.JSON.createObjectNode();
    for (String txid : txids) {
      Account.Trade trade = account.trades().stream().filter(t -> t.txid().equals(txid)).findFirst()
          .orElseThrow(() -> Refusal.invalidArguments("txid"));
      result.set(txid, tradeInfo(trade));
    }
    return result;
  }

  /** Newest first, 50 a page from {@code ofs}; {@code count} is every trade of the account. */
  private ObjectNode tradesHistory(Account account, Map<String, String> params) {
    List<Account.Trade> all = new ArrayList<>(account.trades());
    java.util.Collections.reverse(all);
    int ofs = Integer.parseInt(params.getOrDefault("ofs", "0"));
    ObjectNode result = Catalogue.JSON.createObjectNode();
    ObjectNode trades = result.putObject("trades");
    all.stream().skip(ofs).limit(PAGE).forEach(trade -> trades.set(trade.txid(), tradeInfo(trade)));
    result.put("count", all.size());
    return result;
  }

  static ObjectNode orderInfo(Account.Order order, boolean withTrades) {
    Catalogue.Pair pair = order.pair;
    ObjectNode info = Catalogue.JSON.createObjectNode();
    info.putNull("refid");
    info.putNull("userref");
    if (order.clOrdId != null) {
      info.put("cl_ord_id", order.clOrdId);
    }
    info.put("status", order.status);
    info.put("opentm", seconds(order.openedMicros));
    info.put("starttm", 0);
    info.put("expiretm", 0);
    if (!order.open()) {
      info.put("closetm", seconds(order.closedMicros));
    }
    ObjectNode descr = info.putObject("descr");
    descr.put("pair", pair.altname());
    descr.put("type", order.side);
    descr.put("ordertype", "limit");
    descr.put("price", price(pair, order.price));
    descr.put("price2", "0");
    descr.put("leverage", "none");
    descr.put("order", order.side + " " + volume(pair, order.qty) + " " + pair.altname() + " @ limit "
        + price(pair, order.price));
    descr.put("close", "");
    info.put("vol", volume(pair, order.qty));
    info.put("vol_exec", volume(pair, order.filled));
    info.put("cost", cost(pair, order.cost));
    info.put("fee", cost(pair, order.fee));
    info.put("price", order.filled.signum() == 0 ? price(pair, BigDecimal.ZERO)
        : price(pair, order.cost.divide(order.filled, pair.pairDecimals(), RoundingMode.HALF_UP)));
    info.put("stopprice", price(pair, BigDecimal.ZERO));
    info.put("limitprice", price(pair, BigDecimal.ZERO));
    info.put("misc", "");
    info.put("oflags", "fciq");
    if (order.reason != null) {
      info.put("reason", order.reason);
    }
    if (withTrades && !order.trades.isEmpty()) {
      var trades = info.putArray("trades");
      order.trades.forEach(trades::add);
    }
    return info;
  }

  static ObjectNode tradeInfo(Account.Trade trade) {
    Catalogue.Pair pair = trade.pair();
    ObjectNode info = Catalogue.JSON.createObjectNode();
    info.put("ordertxid", trade.orderTxid());
    info.put("postxid", "TKH2SE-M7IF5-CFI7LT");
    info.put("pair", pair.key());
    info.put("time", seconds(trade.micros()));
    info.put("type", trade.side());
    info.put("ordertype", "limit");
    info.put("price", price(pair, trade.price()));
    info.put("cost", cost(pair, trade.cost()));
    info.put("fee", cost(pair, trade.fee()));
    info.put("vol", volume(pair, trade.qty()));
    info.put("margin", cost(pair, BigDecimal.ZERO));
    info.put("misc", "");
    info.put("trade_id", trade.tradeId());
    info.put("maker", trade.maker());
    return info;
  }

  private static BigDecimal seconds(long micros) {
    return BigDecimal.valueOf(micros, 6);
  }

  private static String price(Catalogue.Pair pair, BigDecimal value) {
    return value.setScale(pair.pairDecimals(), RoundingMode.HALF_UP).toPlainString();
  }

  private static String volume(Catalogue.Pair pair, BigDecimal value) {
    return value.setScale(pair.lotDecimals(), RoundingMode.HALF_UP).toPlainString();
  }

  private static String cost(Catalogue.Pair pair, BigDecimal value) {
    return value.setScale(pair.costDecimals(), RoundingMode.HALF_UP).toPlainString();
  }

  private static boolean flag(Map<String, String> params, String name) {
    String value = params.getOrDefault(name, "false");
    if (!value.equals("true") && !value.equals("false")) {
      throw Refusal.invalidArguments(name);
    }
    return value.equals("true");
  }

  private static String require(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      throw Refusal.invalidArguments(name);
    }
    return value;
  }
}
