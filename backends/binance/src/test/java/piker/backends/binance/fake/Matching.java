package piker.backends.binance.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The fake's one account: balances, LIMIT GTC orders matched against each market's scriptable top of book,
 * and the user-data events each change emits. Every method runs under the venue's lock.
 */
final class Matching {
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,36}");

  /** Placement result: the order and the fills of this placement (FULL lists them). */
  record Placed(Order order, List<Order.Fill> fills) {}

  private record Balance(BigDecimal free, BigDecimal locked) {}

  private final Venue venue;
  private final Map<String, Balance> balances = new TreeMap<>();
  private final List<Order> orders = new ArrayList<>();
  private final Map<String, Long> nextOrderId = new HashMap<>();
  private volatile Consumer<ObjectNode> userEvents = event -> {};
  private volatile BigDecimal commissionRate = new BigDecimal("0.001");
  private long executionIds = 1;
  private long generatedIds;

  Matching(Venue venue) {
    this.venue = venue;
    for (String asset : List.of("USDT", "BTC", "ETH", "BNB", "LTC", "SOL", "EUR")) {
      balances.put(asset, new Balance(asset.equals("USDT") || asset.equals("EUR") ? new BigDecimal("100000")
          : new BigDecimal("10"), BigDecimal.ZERO));
    }
  }

  void userEvents(Consumer<ObjectNode> sink) {
    this.userEvents = sink;
  }

  void commissionRate(BigDecimal rate) {
    this.commissionRate = rate;
  }

  Placed place(String symbol, String side, String type, String timeInForce, BigDecimal price, BigDecimal qty,
      String clientOrderId) {
    synchronized (venue) {
      Catalogue.Market market = venue.catalogue.require(symbol);
      if (!"BUY".equals(side) && !"SELL".equals(side)) {
        throw Refusal.badRequest(-1117, "Invalid side.");
      }
      if (!"LIMIT".equals(type)) {
        throw Refusal.badRequest(-1116, "Invalid orderType.");
      }
      if (!"GTC".equals(timeInForce)) {
        throw Refusal.badRequest(-1115, "Invalid timeInForce.");
      }
      String id = clientOrderId == null ? generatedId() : clientOrderId;
      if (!CLIENT_ID.matcher(id).matches()) {
        throw Refusal.badRequest(-1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '"
            + "^[a-zA-Z0-9-_]{1,36}$'.");
      }
      if (!market.status().equals("TRADING")) {
        throw Refusal.badRequest(-2010, "Market is closed.");
      }
      Catalogue.check(market, price, qty);
      if (orders.stream().anyMatch(o -> o.isOpen() && o.market == market && o.clientOrderId.equals(id))) {
        throw Refusal.badRequest(-2010, "Duplicate order sent.");
      }
      String lockAsset = side.equals("BUY") ? market.quoteAsset() : market.baseAsset();
      BigDecimal lockAmount = side.equals("BUY") ? price.multiply(qty) : qty;
      if (balance(lockAsset).free().compareTo(lockAmount) < 0) {
        throw Refusal.badRequest(-2010, "Account has insufficient balance for requested action.");
      }
      long orderId = nextOrderId.merge(market.symbol(), 1L, Long::sum) + 1000;
      Order order = new Order(market, orderId, id, side, price, qty, venue.now());
      orders.add(order);
      move(lockAsset, lockAmount.negate(), lockAmount);
      emit(order.executionReport("NEW", null, venue.now(), executionIds++));
      position(lockAsset);
      List<Order.Fill> fills = new ArrayList<>();
      Tape tape = venue.tape(market.symbol());
      Tape.Top top = tape.top();
      BigDecimal opposite = order.isBuy() ? top.ask() : top.bid();
      BigDecimal available = order.isBuy() ? top.askQty() : top.bidQty();
      boolean crosses = order.isBuy() ? price.compareTo(opposite) >= 0 : price.compareTo(opposite) <= 0;
      if (crosses && available.signum() > 0) {
        BigDecimal take = available.min(qty);
        tape.consume(order.isBuy(), take);
        fills.add(execute(order, take, opposite, false));
      }
      return new Placed(order, fills);
    }
  }

  private String generatedId() {
    return String.format("fake%018d", ++generatedIds);
  }

  /** Resting orders the new top of book reaches fill at their own price, as makers, up to the top's size. */
  void cross(Tape tape) {
    synchronized (venue) {
      for (Order order : List.copyOf(orders)) {
        if (!order.isOpen() || order.market != tape.market) {
          continue;
        }
        Tape.Top top = tape.top();
        BigDecimal available = order.isBuy() ? top.askQty() : top.bidQty();
        boolean crosses = order.isBuy() ? order.price.compareTo(top.ask()) >= 0 : order.price.compareTo(top.bid()) <= 0;
        if (crosses && available.signum() > 0) {
          BigDecimal take = available.min(order.remaining());
          tape.consume(order.isBuy(), take);
          execute(order, take, order.price, true);
        }
      }
    }
  }

  /** Driver: fills (part of) an open order as a maker at {@code price}, or at its own price when null. */
  Order.Fill fill(String symbol, String orderIdOrClientId, BigDecimal qty, BigDecimal price) {
    synchronized (venue) {
      Order order = find(symbol, orderIdOrClientId.matches("\\d+") ? Long.valueOf(orderIdOrClientId) : null,
          orderIdOrClientId.matches("\\d+") ? null : orderIdOrClientId);
      if (order == null || !order.isOpen() || qty.compareTo(order.remaining()) > 0) {
        throw new IllegalArgumentException("no open order " + orderIdOrClientId + " with " + qty + " left to fill");
      }
      return execute(order, qty, price == null ? order.price : price, true);
    }
  }

  private Order.Fill execute(Order order, BigDecimal qty, BigDecimal price, boolean maker) {
    Catalogue.Market market = order.market;
    BigDecimal quote = price.multiply(qty);
    BigDecimal commission;
    String commissionAsset;
    if (order.isBuy()) {
      commission = qty.multiply(commissionRate).setScale(8, RoundingMode.DOWN);
      commissionAsset = market.baseAsset();
      // The lock was taken at the order's price; a better price gives the difference back.
      move(market.quoteAsset(), order.price.multiply(qty).subtract(quote), order.price.multiply(qty).negate());
      move(market.baseAsset(), qty.subtract(commission), BigDecimal.ZERO);
    } else {
      commission = quote.multiply(commissionRate).setScale(8, RoundingMode.DOWN);
      commissionAsset = market.quoteAsset();
      move(market.baseAsset(), BigDecimal.ZERO, qty.negate());
      move(market.quoteAsset(), quote.subtract(commission), BigDecimal.ZERO);
    }
    Tape tape = venue.tape(market.symbol());
    Tape.Trade trade = tape.record(venue.now(), price, qty, order.isBuy() == maker);
    Order.Fill fill = new Order.Fill(trade.id(), trade.time(), price, qty, commission, commissionAsset, maker);
    order.fills.add(fill);
    order.executedQty = order.executedQty.add(qty);
    order.cumulativeQuote = order.cumulativeQuote.add(quote);
    order.status = order.remaining().signum() == 0 ? "FILLED" : "PARTIALLY_FILLED";
    order.updateTime = trade.time();
    emit(order.executionReport("TRADE", fill, venue.now(), executionIds++));
    position(market.baseAsset(), market.quoteAsset());
    venue.announce(tape, trade);
    return fill;
  }

  /** DELETE /api/v3/order: the cancel's client id replaces the order's, freeing the old one. */
  Order cancel(String symbol, Long orderId, String origClientOrderId, String newClientOrderId) {
    synchronized (venue) {
      venue.catalogue.require(symbol);
      if (orderId == null && origClientOrderId == null) {
        throw Refusal.badRequest(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
      }
      Order order = find(symbol, orderId, origClientOrderId);
      if (order == null || !order.isOpen()) {
        throw Refusal.badRequest(-2011, "Unknown order sent.");
      }
      String cancelId = newClientOrderId == null ? generatedId() : newClientOrderId;
      order.origClientOrderId = order.clientOrderId;
      order.clientOrderId = cancelId;
      order.status = "CANCELED";
      order.updateTime = venue.now();
      String asset = order.isBuy() ? order.market.quoteAsset() : order.market.baseAsset();
      BigDecimal unlock = order.isBuy() ? order.price.multiply(order.remaining()) : order.remaining();
      move(asset, unlock, unlock.negate());
      emit(order.executionReport("CANCELED", null, venue.now(), executionIds++));
      position(asset);
      return order;
    }
  }

  /** GET /api/v3/order. A canceled order is still found by its original client id (docs silent; 13.8). */
  Order query(String symbol, Long orderId, String origClientOrderId) {
    synchronized (venue) {
      venue.catalogue.require(symbol);
      if (orderId == null && origClientOrderId == null) {
        throw Refusal.badRequest(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
      }
      if (orderId != null && origClientOrderId != null) {
        Order byId = find(symbol, orderId, null);
        if (byId != null && !byId.knownAs(origClientOrderId)) {
          throw Refusal.badRequest(-2039, "Client order ID is not correct for this order ID.");
        }
      }
      Order order = find(symbol, orderId, origClientOrderId);
      if (order == null) {
        throw Refusal.badRequest(-2013, "Order does not exist.");
      }
      return order;
    }
  }

  private Order find(String symbol, Long orderId, String clientId) {
    // Newest first: a reused client id means the latest order, and only an open order holds an id exclusively.
    return orders.stream()
        .filter(o -> o.market.symbol().equals(symbol))
        .filter(o -> orderId != null ? o.orderId == orderId : o.knownAs(clientId))
        .reduce((first, second) -> second)
        .orElse(null);
  }

  List<Order> openOrders(String symbol) {
    synchronized (venue) {
      if (symbol != null) {
        venue.catalogue.require(symbol);
      }
      return orders.stream().filter(Order::isOpen)
          .filter(o -> symbol == null || o.market.symbol().equals(symbol)).toList();
    }
  }

  /** GET /api/v3/myTrades rows, oldest first, by the documented filters. */
  ArrayNode myTrades(String symbol, Long orderId, Long fromId, Long startTime, Long endTime, int limit) {
    synchronized (venue) {
      venue.catalogue.require(symbol);
      record Row(Order order, Order.Fill fill) {}
      List<Row> rows = new ArrayList<>();
      for (Order order : orders) {
        if (order.market.symbol().equals(symbol) && (orderId == null || order.orderId == orderId)) {
          order.fills.forEach(fill -> rows.add(new Row(order, fill)));
        }
      }
      rows.sort(Comparator.comparingLong(row -> row.fill().tradeId()));
      ArrayNode array = Wire.array();
      rows.stream()
          .filter(row -> fromId == null || row.fill().tradeId() >= fromId)
          .filter(row -> startTime == null || row.fill().time() >= startTime)
          .filter(row -> endTime == null || row.fill().time() <= endTime)
          .limit(limit)
          .forEach(row -> array.add(row.order().trade(row.fill())));
      return array;
    }
  }

  /** GET /api/v3/account in the documented shape. */
  ObjectNode account(boolean omitZeroBalances) {
    synchronized (venue) {
      ObjectNode node = Wire.object();
      node.put("makerCommission", 10);
      node.put("takerCommission", 10);
      node.put("buyerCommission", 0);
      node.put("sellerCommission", 0);
      ObjectNode rates = node.putObject("commissionRates");
      rates.put("maker", Wire.decimal(commissionRate));
      rates.put("taker", Wire.decimal(commissionRate));
      rates.put("buyer", Wire.decimal(BigDecimal.ZERO));
      rates.put("seller", Wire.decimal(BigDecimal.ZERO));
      node.put("canTrade", true);
      node.put("canWithdraw", true);
      node.put("canDeposit", true);
      node.put("brokered", false);
      node.put("requireSelfTradePrevention", false);
      node.put("preventSor", false);
      node.put("updateTime", venue.now());
      node.put("accountType", "SPOT");
      ArrayNode array = node.putArray("balances");
      balances.forEach((asset, balance) -> {
        if (!omitZeroBalances || balance.free().signum() != 0 || balance.locked().signum() != 0) {
          ObjectNode b = array.addObject();
          b.put("asset", asset);
          b.put("free", Wire.decimal(balance.free()));
          b.put("locked", Wire.decimal(balance.locked()));
        }
      });
      node.putArray("permissions").add("SPOT");
      node.put("uid", 354937868);
      return node;
    }
  }

  /** Driver: a deposit (positive) or withdrawal (negative): balanceUpdate, then outboundAccountPosition. */
  void deposit(String asset, BigDecimal delta) {
    synchronized (venue) {
      move(asset, delta, BigDecimal.ZERO);
      ObjectNode event = Wire.object();
      event.put("e", "balanceUpdate");
      event.put("E", venue.now());
      event.put("a", asset);
      event.put("d", Wire.decimal(delta));
      event.put("T", venue.now());
      emit(event);
      position(asset);
    }
  }

  BigDecimal free(String asset) {
    synchronized (venue) {
      return balance(asset).free();
    }
  }

  private Balance balance(String asset) {
    return balances.getOrDefault(asset, new Balance(BigDecimal.ZERO, BigDecimal.ZERO));
  }

  private void move(String asset, BigDecimal freeDelta, BigDecimal lockedDelta) {
    Balance b = balance(asset);
    balances.put(asset, new Balance(b.free().add(freeDelta), b.locked().add(lockedDelta)));
  }

  private void position(String... assets) {
    ObjectNode event = Wire.object();
    event.put("e", "outboundAccountPosition");
    event.put("E", venue.now());
    event.put("u", venue.now());
    ArrayNode array = event.putArray("B");
    for (String asset : assets) {
      ObjectNode b = array.addObject();
      b.put("a", asset);
      b.put("f", Wire.decimal(balance(asset).free()));
      b.put("l", Wire.decimal(balance(asset).locked()));
    }
    emit(event);
  }

  private void emit(ObjectNode event) {
    userEvents.accept(event);
  }
}
