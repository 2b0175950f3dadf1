package piker.backends.kraken.fake;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One Kraken account in the fake: balances by Kraken asset code, orders and trades, matching on arrival against
 * the {@link Book} the driver sets (a limit crossing the best opposite price fills there, up to its quantity, as
 * a taker; the rest rests), fills by lever at an order's limit (maker), and the engine's dead man's switch. Every
 * change goes to the account's {@code executions} subscribers as documented items ({@link ExecutionItems}).
 * Buys hold quote, sells hold base (BalanceEx {@code hold_trade}); fees are charged in the asset the order's
 * {@code fee_preference} names, by default the quote for a buy and the base for a sale (REST {@code oflags}: "fcib"
 * "default if selling"), unless a lever charges the base whatever was asked (a preference is not a promise).
 */
final class Account {
  /** What subscribers of {@code executions} hear: one update message's items. */
  interface Subscriber {
    void onItems(List<com.fasterxml.jackson.databind.node.ObjectNode> items);
  }

  /** An order as the engine holds it; REST status {@code open}, {@code closed} (filled) or {@code canceled}. */
  static final class Order {
    final String txid;
    final String clOrdId;
    final Catalogue.Pair pair;
    final String side;
    final BigDecimal price;
    final BigDecimal qty;
    final long openedMicros;
    BigDecimal filled = BigDecimal.ZERO;
    BigDecimal cost = BigDecimal.ZERO;
    BigDecimal fee = BigDecimal.ZERO;
    /** {@code base} or {@code quote}; null when the order named none. */
    String feePreference;
    String status = "open";
    String reason;
    long closedMicros;
    final List<String> trades = new ArrayList<>();

    Order(String txid, String clOrdId, Catalogue.Pair pair, String side, BigDecimal price, BigDecimal qty,
          long openedMicros) {
      this.txid = txid;
      this.clOrdId = clOrdId;
      this.pair = pair;
      this.side = side;
      this.price = price;
      this.qty = qty;
      this.openedMicros = openedMicros;
    }

    BigDecimal remaining() {
      return qty.subtract(filled);
    }

    boolean open() {
      return status.equals("open");
    }
  }

  /** One fill of an order. */
  record Trade(String txid, String orderTxid, Catalogue.Pair pair, String side, BigDecimal price, BigDecimal qty,
               BigDecimal cost, BigDecimal fee, long micros, boolean maker, long tradeId, boolean feeInBase,
               BigDecimal feeQty) {}

  static final BigDecimal MAKER_FEE = new BigDecimal("0.0025");
  static final BigDecimal TAKER_FEE = new BigDecimal("0.0040");

  private final Catalogue catalogue;
  private final Book book;
  private final Ids ids;
  private final ScheduledExecutorService timer;
  private final Map<String, BigDecimal> balances = new TreeMap<>();
  private final Map<String, Order> orders = new LinkedHashMap<>();
  private final List<Trade> trades = new ArrayList<>();
  private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
  private volatile boolean feeFree;
  /** Fees are charged in the base asset whatever the order asked (Kraken "won't necessarily give you your choice"). */
  private volatile boolean feeInBaseAlways;
  private long deadManAtMicros;
  private ScheduledFuture<?> deadMan;

  Account(Catalogue catalogue, Book book, Ids ids, ScheduledExecutorService timer, BigDecimal startingBalance) {
    this.catalogue = catalogue;
    this.book = book;
    this.ids = ids;
    this.timer = timer;
    for (Catalogue.Pair pair : catalogue.all()) {
      balances.put(pair.base(), startingBalance);
      balances.put(pair.quote(), startingBalance);
    }
  }

  void subscribe(Subscriber subscriber) {
    subscribers.add(subscriber);
  }

  void unsubscribe(Subscriber subscriber) {
    subscribers.remove(subscriber);
  }

  void feeFree(boolean free) {
    feeFree = free;
  }

  void feeInBaseAlways(boolean always) {
    feeInBaseAlways = always;
  }

  synchronized void balance(String asset, BigDecimal amount) {
    balances.put(asset, amount);
  }

  /** Balances with what open orders hold of each: {@code [balance, hold_trade]}. */
  synchronized Map<String, BigDecimal[]> balancesWithHolds() {
    Map<String, BigDecimal[]> out = new TreeMap<>();
    balances.forEach((asset, amount) -> out.put(asset, new BigDecimal[] {amount, BigDecimal.ZERO}));
    for (Order order : orders.values()) {
      if (order.open()) {
        String asset = order.side.equals("buy") ? order.pair.quote() : order.pair.base();
        BigDecimal held = order.side.equals("buy") ? order.remaining().multiply(order.price) : order.remaining();
        out.get(asset)[1] = out.get(asset)[1].add(held);
      }
    }
    return out;
  }

  /**
   * Places a limit order: refused as Kraken would (duplicate open {@code cl_ord_id}, funds), else it matches on
   * arrival and rests. Its items go to subscribers before this returns, so they precede the add_order answer.
   */
  synchronized Order add(String clOrdId, Catalogue.Pair pair, String side, BigDecimal price, BigDecimal qty) {
    return add(clOrdId, pair, side, price, qty, null);
  }

  /**
   * As {@link #add(String, Catalogue.Pair, String, BigDecimal, BigDecimal)}; a {@code rejectReason} has the engine
   * cancel the order while still pending, with that reason, as the order lifecycle's "validation failure" does.
   */
  synchronized Order add(String clOrdId, Catalogue.Pair pair, String side, BigDecimal price, BigDecimal qty,
                         String rejectReason) {
    return add(clOrdId, pair, side, price, qty, rejectReason, null);
  }

  /** As above, with the order's {@code fee_preference} ({@code base}, {@code quote}, or null for the default). */
  synchronized Order add(String clOrdId, Catalogue.Pair pair, String side, BigDecimal price, BigDecimal qty,
                         String rejectReason, String feePreference) {
    if (clOrdId != null && orders.values().stream().anyMatch(o -> o.open() && clOrdId.equals(o.clOrdId))) {
      // ours: Kraken enforces uniqueness among open orders but its refusal text is not in the docs we read
      throw new Refusal("EOrder:Duplicate cl_ord_id");
    }
    BigDecimal[] held = balancesWithHolds().get(side.equals("buy") ? pair.quote() : pair.base());
    BigDecimal needed = side.equals("buy") ? price.multiply(qty) : qty;
    if (held == null || held[0].subtract(held[1]).compareTo(needed) < 0) {
      throw new Refusal("EOrder:Insufficient funds");
    }
    Order order = new Order(ids.order(), clOrdId, pair, side, price, qty, ids.micros());
    order.feePreference = feePreference;
    orders.put(order.txid, order);
    List<com.fasterxml.jackson.databind.node.ObjectNode> items = new ArrayList<>();
    items.add(ExecutionItems.pendingNew(order));
    if (rejectReason != null) {
      close(order, rejectReason);
      items.add(ExecutionItems.canceled(order, ids.exec()));
      publish(items);
      return order;
    }
    items.add(ExecutionItems.created(order, ids.exec()));
    Optional<Book.Top> top = book.top(pair.key());
    if (top.isPresent()) {
      boolean buy = side.equals("buy");
      BigDecimal opposite = buy ? top.get().ask() : top.get().bid();
      BigDecimal depth = buy ? top.get().askQty() : top.get().bidQty();
      if (opposite != null && (buy ? price.compareTo(opposite) >= 0 : price.compareTo(opposite) <= 0)) {
        items.add(ExecutionItems.trade(order, execute(order, opposite, order.remaining().min(depth), false)));
      }
    }
    publish(items);
    return order;
  }

  /** Fills {@code qty} of an open order (by txid or cl_ord_id) at its limit, as a maker. */
  synchronized Trade fill(String idOrClOrdId, BigDecimal qty) {
    Order order = find(idOrClOrdId).filter(Order::open)
        .orElseThrow(() -> new IllegalArgumentException("no open order " + idOrClOrdId));
    if (qty.compareTo(order.remaining()) > 0) {
      throw new IllegalArgumentException("fill " + qty + " exceeds the remaining " + order.remaining());
    }
    Trade trade = execute(order, order.price, qty, true);
    publish(List.of(ExecutionItems.trade(order, trade)));
    return trade;
  }

  private Trade execute(Order order, BigDecimal price, BigDecimal qty, boolean maker) {
    Catalogue.Pair pair = order.pair;
    BigDecimal cost = price.multiply(qty).setScale(pair.costDecimals(), RoundingMode.HALF_UP);
    BigDecimal fee = feeFree ? BigDecimal.ZERO
        : cost.multiply(maker ? MAKER_FEE : TAKER_FEE).setScale(pair.costDecimals(), RoundingMode.HALF_UP);
    boolean buy = order.side.equals("buy");
    boolean inBase = feeInBaseAlways || feeInBase(order);
    // in the base: the same rate of the quantity, at the base's precision
    BigDecimal feeQty = !inBase || feeFree ? fee
        : qty.multiply(maker ? MAKER_FEE : TAKER_FEE).setScale(pair.lotDecimals(), RoundingMode.HALF_UP);
    balances.merge(pair.base(), (buy ? qty : qty.negate()).subtract(inBase ? feeQty : BigDecimal.ZERO),
        BigDecimal::add);
    balances.merge(pair.quote(), (buy ? cost.negate() : cost).subtract(inBase ? BigDecimal.ZERO : fee),
        BigDecimal::add);
    Trade trade = new Trade(ids.trade(), order.txid, pair, order.side, price, qty, cost, fee, ids.micros(), maker,
        ids.tradeId(), inBase, feeQty);
    trades.add(trade);
    order.filled = order.filled.add(qty);
    order.cost = order.cost.add(cost);
    order.fee = order.fee.add(fee);
    order.trades.add(trade.txid());
    if (order.remaining().signum() == 0) {
      order.status = "closed";
      order.closedMicros = trade.micros();
    }
    return trade;
  }

  /** Whether the order's fees are due in the base: asked so, or a sale that named no preference. */
  static boolean feeInBase(Order order) {
    return order.feePreference == null ? order.side.equals("sell") : order.feePreference.equals("base");
  }

  /**
   * Amends an open order in place (same txid): a new quantity (not under what filled) and limit, as
   * {@code amend_order} would; subscribers hear an {@code amended} item.
   */
  synchronized Order amend(String idOrClOrdId, BigDecimal qty, BigDecimal price) {
    Order old = find(idOrClOrdId).filter(Order::open).orElseThrow(() -> new Refusal("EOrder:Unknown order"));
    if (qty.compareTo(old.filled) <= 0) {
      throw new Refusal("EGeneral:Invalid arguments:order_qty");
    }
    Order amended = new Order(old.txid, old.clOrdId, old.pair, old.side, price, qty, old.openedMicros);
    amended.filled = old.filled;
    amended.cost = old.cost;
    amended.fee = old.fee;
    amended.feePreference = old.feePreference;
    amended.trades.addAll(old.trades);
    orders.put(amended.txid, amended);
    publish(List.of(ExecutionItems.amended(amended, ids.exec(), ids.micros())));
    return amended;
  }

  /** Cancels an open order by txid or cl_ord_id; {@code EOrder:Unknown order} when none is open. */
  synchronized Order cancel(String idOrClOrdId, String reason) {
    Order order = find(idOrClOrdId).filter(Order::open).orElseThrow(() -> new Refusal("EOrder:Unknown order"));
    close(order, reason);
    publish(List.of(ExecutionItems.canceled(order, ids.exec())));
    return order;
  }

  /** Cancels every open order; how many. */
  synchronized int cancelAll(String reason) {
    List<com.fasterxml.jackson.databind.node.ObjectNode> items = new ArrayList<>();
    for (Order order : orders.values()) {
      if (order.open()) {
        close(order, reason);
        items.add(ExecutionItems.canceled(order, ids.exec()));
      }
    }
    publish(items);
    return items.size();
  }

  private void close(Order order, String reason) {
    order.status = "canceled";
    order.reason = reason;
    order.closedMicros = ids.micros();
  }

  /**
   * {@code cancel_all_orders_after}: the engine cancels every open order {@code timeoutSeconds} from now unless
   * pushed back; 0 disables it. Returns {@code [currentTime, triggerTime]} in µs, triggerTime 0 when disabled.
   */
  synchronized long[] cancelAfter(long timeoutSeconds) {
    long now = ids.micros();
    if (deadMan != null) {
      deadMan.cancel(false);
      deadMan = null;
    }
    deadManAtMicros = timeoutSeconds == 0 ? 0 : now + timeoutSeconds * 1_000_000;
    if (timeoutSeconds > 0) {
      deadMan = timer.schedule(this::deadManFires, timeoutSeconds, TimeUnit.SECONDS);
    }
    return new long[] {now, deadManAtMicros};
  }

  /** When the switch fires, in µs since the epoch; 0 when disarmed. */
  synchronized long deadManAtMicros() {
    return deadManAtMicros;
  }

  /** The timer ran out: every open order canceled, the switch off until armed again (the docs' words). */
  synchronized void deadManFires() {
    deadManAtMicros = 0;
    deadMan = null;
    cancelAll("cancel_all_orders_after");
  }

  synchronized Optional<Order> find(String idOrClOrdId) {
    Order byTxid = orders.get(idOrClOrdId);
    if (byTxid != null) {
      return Optional.of(byTxid);
    }
    // a cl_ord_id names its open order first, else the newest closed one
    Order found = null;
    for (Order order : orders.values()) {
      if (idOrClOrdId.equals(order.clOrdId) && (found == null || order.open() || !found.open())) {
        found = order;
      }
    }
    return Optional.ofNullable(found);
  }

  synchronized List<Order> orders() {
    return List.copyOf(orders.values());
  }

  synchronized List<Trade> trades() {
    return List.copyOf(trades);
  }

  private void publish(List<com.fasterxml.jackson.databind.node.ObjectNode> items) {
    if (!items.isEmpty()) {
      subscribers.forEach(subscriber -> subscriber.onItems(items));
    }
  }
}
