package piker.backends.sim.venue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The venue's order side: limit orders per account, matched against each market's L1 book and ticks.
 *
 * <p>An arriving order is a taker: a buy fills at the ask while the ask is at or below its limit, up
 * to the ask's size (a thin book fills it partly), and the rest rests. A resting order is a maker: a
 * tick on the other side (an ask for a buy, a bid for a sell) or a trade at or through its limit fills
 * it at its own limit, up to the tick's size, best price first, then oldest. Fees are the market's
 * taker rate on every fill. Result codes, not exceptions, on the order path. Every order, fill and
 * cancel is written to the {@link ExchangeLog} before it is answered; the log rebuilds it all.
 *
 * <p>Open orders are indexed per market and side, and everything an account asks for per account, so
 * a tick or a query costs what it touches, not the venue's whole history.
 */
final class Exchange {
  /** Why an order or a cancel was refused; {@code type} is the error type on the wire. */
  enum Refusal {
    BAD_ORDER("BadOrder"), UNKNOWN_ORDER("UnknownOrder"), NOT_OPEN("NotOpen"), DUPLICATE_CLIENT_ID("DuplicateClientId");

    final String type;

    Refusal(String type) {
      this.type = type;
    }
  }

  record Fill(String tradeId, VenueOrder order, BigDecimal price, BigDecimal size, BigDecimal fee, long timeNs) {}

  sealed interface Result {}

  /** The order, as it stands after matching on arrival, and its fills. */
  record Placed(VenueOrder order, List<Fill> fills) implements Result {}

  record Canceled(VenueOrder order) implements Result {}

  record Refused(Refusal code, String reason) implements Result {}

  /**
   * Matching priority: best limit first, then oldest. The id's sequence (arrival) breaks a tie of time, as
   * the stable sort this replaced did, and keeps two orders from ever being equal in a TreeSet.
   */
  private static final Comparator<VenueOrder> OLDEST = Comparator.<VenueOrder>comparingLong(o -> o.timeNs)
      .thenComparingLong(o -> sequence(o.orderId));
  private static final Comparator<VenueOrder> BIDS = Comparator.<VenueOrder, BigDecimal>comparing(o -> o.price)
      .reversed().thenComparing(OLDEST);
  private static final Comparator<VenueOrder> ASKS = Comparator.<VenueOrder, BigDecimal>comparing(o -> o.price)
      .thenComparing(OLDEST);

  /** One market's open orders, each side in matching priority. */
  private static final class Book {
    final NavigableSet<VenueOrder> buys = new TreeSet<>(BIDS);
    final NavigableSet<VenueOrder> sells = new TreeSet<>(ASKS);

    NavigableSet<VenueOrder> side(boolean buy) {
      return buy ? buys : sells;
    }
  }

  /** What one account asks about, kept up to date as its orders fill or cancel. */
  private static final class Account {
    /** Open orders in arrival order. */
    final Map<String, VenueOrder> open = new LinkedHashMap<>();
    final Map<String, VenueOrder> byClientId = new HashMap<>();
    final List<Fill> trades = new ArrayList<>();
    /** Net size per market, zeros included (left out when asked). */
    final Map<String, BigDecimal> positions = new TreeMap<>();
  }

  private final ExchangeLog log;
  private final VenueJson json;
  /** Every order, done ones too: fills and cancels name them by id. */
  private final Map<String, VenueOrder> orders = new HashMap<>();
  /** Only markets with at least one open order have a book here. */
  private final Map<String, Book> books = new HashMap<>();
  private final Map<String, Account> accounts = new HashMap<>();
  private final Map<String, List<Fill>> orderTrades = new HashMap<>();
  private long orderSeq;
  private long tradeSeq;

  Exchange(ExchangeLog log, VenueJson json) {
    this.log = log;
    this.json = json;
    log.replay().forEach(this::replay);
  }

  Result place(String account, MarketBook book, String side, BigDecimal price, BigDecimal size, String clientId,
               long nowNs) {
    SimMarket market = book.market;
    boolean buy = "buy".equals(side);
    if (!buy && !"sell".equals(side)) {
      return new Refused(Refusal.BAD_ORDER, "side must be buy or sell, not '" + side + "'");
    }
    if (price.signum() <= 0 || size.signum() <= 0 || price.precision() > VenueJson.MAX_DIGITS
        || size.precision() > VenueJson.MAX_DIGITS) {
      return new Refused(Refusal.BAD_ORDER, "price and size must be positive decimals");
    }
    java.util.Optional<String> offTicks = market.offTicks(price, size);
    if (offTicks.isPresent()) {
      return new Refused(Refusal.BAD_ORDER, offTicks.get());
    }
    if (clientId != null && byClientId(account, clientId).isPresent()) {
      return new Refused(Refusal.DUPLICATE_CLIENT_ID, "client id " + clientId + " is taken by an order of this account");
    }
    VenueOrder order = new VenueOrder("SIM-" + (++orderSeq), clientId, account, market.key(), buy, price, size, nowNs);
    add(order);
    log.append(json.object().put("e", "order").put("order_id", order.orderId).put("client_id", clientId)
        .put("account", account).put("market", order.market).put("side", side)
        .put("price", VenueJson.plain(price)).put("size", VenueJson.plain(size)).put("time_ns", nowNs));
    List<Fill> fills = new ArrayList<>();
    BigDecimal touch = buy ? book.ask : book.bid;
    BigDecimal depth = buy ? book.askSize : book.bidSize;
    if (touch != null && depth != null && depth.signum() > 0 && order.crossedBy(touch)) {
      Fill fill = fill(order, touch, depth, market, nowNs);
      fills.add(fill);
      // the taker used up that much of the touch: the next order finds only what is left
      if (buy) {
        book.askSize = depth.subtract(fill.size());
      } else {
        book.bidSize = depth.subtract(fill.size());
      }
    }
    return new Placed(order, fills);
  }

  Result cancel(String account, String orderId) {
    VenueOrder order = orders.get(orderId);
    if (order == null || !order.account.equals(account)) {
      return new Refused(Refusal.UNKNOWN_ORDER, "no order " + orderId + " of this account");
    }
    if (!order.open()) {
      return new Refused(Refusal.NOT_OPEN, "order " + orderId + " is " + order.status);
    }
    order.status = VenueOrder.CANCELED;
    unindex(order);
    log.append(json.object().put("e", "cancel").put("order_id", orderId));
    return new Canceled(order);
  }

  /**
   * A tick reached the market: the resting orders it crosses fill, best limit first, then oldest. A trade
   * hits both sides, buys first.
   */
  List<Fill> onTick(SimMarket market, String type, BigDecimal price, BigDecimal size, long nowNs) {
    Book book = books.get(market.key());
    if (book == null) {
      return List.of();
    }
    List<Fill> fills = new ArrayList<>();
    BigDecimal left = size;
    if (type.equals("ask") || type.equals("trade")) {
      left = match(book.buys, market, price, left, nowNs, fills);
    }
    if (type.equals("bid") || type.equals("trade")) {
      match(book.sells, market, price, left, nowNs, fills);
    }
    return fills;
  }

  /** Fills the side's best orders while the price crosses them and size is left; returns what is left. */
  private BigDecimal match(NavigableSet<VenueOrder> side, SimMarket market, BigDecimal price, BigDecimal left,
                           long nowNs, List<Fill> fills) {
    // each fill either fills the best order (which leaves the side) or uses up what is left
    while (left.signum() > 0 && !side.isEmpty() && side.first().crossedBy(price)) {
      VenueOrder order = side.first();
      Fill fill = fill(order, order.price, left, market, nowNs);
      fills.add(fill);
      left = left.subtract(fill.size());
    }
    return left;
  }

  private Fill fill(VenueOrder order, BigDecimal price, BigDecimal available, SimMarket market, long nowNs) {
    BigDecimal size = order.remaining().min(available);
    Fill fill = new Fill("SIMT-" + (++tradeSeq), order, price, size, price.multiply(size).multiply(market.takerFee()),
        nowNs);
    log.append(json.object().put("e", "fill").put("trade_id", fill.tradeId()).put("order_id", order.orderId)
        .put("price", VenueJson.plain(price)).put("size", VenueJson.plain(size))
        .put("fee", VenueJson.plain(fill.fee())).put("time_ns", nowNs));
    apply(fill);
    return fill;
  }

  private void apply(Fill fill) {
    VenueOrder order = fill.order();
    order.filled = order.filled.add(fill.size());
    if (order.remaining().signum() == 0) {
      order.status = VenueOrder.FILLED;
      unindex(order);
    }
    Account account = account(order.account);
    account.trades.add(fill);
    account.positions.merge(order.market, order.buy ? fill.size() : fill.size().negate(), BigDecimal::add);
    orderTrades.computeIfAbsent(order.orderId, id -> new ArrayList<>()).add(fill);
  }

  /** A new order, open: into every index. */
  private void add(VenueOrder order) {
    orders.put(order.orderId, order);
    Account account = account(order.account);
    account.open.put(order.orderId, order);
    if (order.clientId != null) {
      account.byClientId.putIfAbsent(order.clientId, order); // the first order keeps its client id
    }
    books.computeIfAbsent(order.market, m -> new Book()).side(order.buy).add(order);
  }

  /** An order no longer open (filled or canceled): out of the open-order indexes. */
  private void unindex(VenueOrder order) {
    Account account = accounts.get(order.account);
    if (account != null) {
      account.open.remove(order.orderId);
    }
    Book book = books.get(order.market);
    if (book != null && book.side(order.buy).remove(order) && book.buys.isEmpty() && book.sells.isEmpty()) {
      books.remove(order.market);
    }
  }

  private Account account(String account) {
    return accounts.computeIfAbsent(account, a -> new Account());
  }

  /** The account's open orders, oldest first. */
  List<VenueOrder> openOrders(String account) {
    Account indexed = accounts.get(account);
    return indexed == null ? List.of() : List.copyOf(indexed.open.values());
  }

  /** The markets where an order rests (their walks must keep moving even with no subscriber). */
  Set<String> marketsWithOpenOrders() {
    return Set.copyOf(books.keySet());
  }

  Optional<VenueOrder> order(String account, String orderId) {
    return Optional.ofNullable(orders.get(orderId)).filter(o -> o.account.equals(account));
  }

  Optional<VenueOrder> byClientId(String account, String clientId) {
    Account indexed = accounts.get(account);
    return indexed == null ? Optional.empty() : Optional.ofNullable(indexed.byClientId.get(clientId));
  }

  /** The account's fills, oldest first. */
  List<Fill> trades(String account) {
    Account indexed = accounts.get(account);
    return indexed == null ? List.of() : List.copyOf(indexed.trades);
  }

  /** One order's fills, oldest first; none for an order that is not the account's. */
  List<Fill> trades(String account, String orderId) {
    return order(account, orderId).map(o -> List.copyOf(orderTrades.getOrDefault(orderId, List.of())))
        .orElse(List.of());
  }

  /** The account's net size per market, from its fills; markets at zero are left out. */
  Map<String, BigDecimal> positions(String account) {
    Map<String, BigDecimal> positions = new TreeMap<>();
    Account indexed = accounts.get(account);
    if (indexed != null) {
      indexed.positions.forEach((market, size) -> {
        if (size.signum() != 0) {
          positions.put(market, size);
        }
      });
    }
    return positions;
  }

  // ---- replay

  private void replay(JsonNode event) {
    switch (event.path("e").asText()) {
      case "order" -> {
        String orderId = event.path("order_id").asText();
        JsonNode clientId = event.get("client_id");
        VenueOrder order = new VenueOrder(orderId, clientId == null || clientId.isNull() ? null : clientId.asText(),
            event.path("account").asText(), event.path("market").asText(), "buy".equals(event.path("side").asText()),
            VenueJson.decimal(event, "price"), VenueJson.decimal(event, "size"), event.path("time_ns").asLong());
        add(order);
        orderSeq = Math.max(orderSeq, sequence(orderId));
      }
      case "fill" -> {
        VenueOrder order = orders.get(event.path("order_id").asText());
        if (order == null) {
          throw new IllegalStateException("the exchange log has a fill of an unknown order: " + event);
        }
        String tradeId = event.path("trade_id").asText();
        apply(new Fill(tradeId, order, VenueJson.decimal(event, "price"), VenueJson.decimal(event, "size"),
            VenueJson.decimal(event, "fee"), event.path("time_ns").asLong()));
        tradeSeq = Math.max(tradeSeq, sequence(tradeId));
      }
      case "cancel" -> {
        VenueOrder order = orders.get(event.path("order_id").asText());
        if (order != null) {
          order.status = VenueOrder.CANCELED;
          unindex(order);
        }
      }
      default -> throw new IllegalStateException("the exchange log has an unknown event: " + event);
    }
  }

  private static long sequence(String id) {
    return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
  }

  /** An order as the venue reports it. */
  ObjectNode describe(VenueOrder order) {
    return json.object().put("order_id", order.orderId).put("client_id", order.clientId)
        .put("market", order.market).put("side", order.buy ? "buy" : "sell")
        .put("price", VenueJson.plain(order.price)).put("size", VenueJson.plain(order.size))
        .put("filled", VenueJson.plain(order.filled)).put("remaining", VenueJson.plain(order.remaining()))
        .put("status", order.status).put("time_ns", order.timeNs);
  }

  ObjectNode describe(Fill fill) {
    return json.object().put("trade_id", fill.tradeId()).put("order_id", fill.order().orderId)
        .put("client_id", fill.order().clientId).put("market", fill.order().market)
        .put("venue_id", SimMarket.venueId(fill.order().market))
        .put("side", fill.order().buy ? "buy" : "sell").put("price", VenueJson.plain(fill.price()))
        .put("size", VenueJson.plain(fill.size())).put("fee", VenueJson.plain(fill.fee()))
        .put("time_ns", fill.timeNs());
  }
}
