package piker.backends.kraken.trade;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import piker.backends.kraken.exchange.KrakenMarkets;
import piker.backends.kraken.exchange.KrakenPair;
import piker.backends.kraken.rest.KrakenRest;
import piker.backends.kraken.rest.Refusals;
import piker.backends.kraken.trade.Executions.Item;
import piker.backends.kraken.trade.Executions.Tracked;
import piker.contracts.ErrorKind;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderState;
import piker.contracts.spi.TradeClient.TradeListener;

/**
 * The account's orders as {@code executions} tells them: each order's items merged ({@link Tracked}, whose status
 * never moves back); fills to the listener once per {@code exec_id}, order updates once per change of status, filled
 * size, price or size (an {@code amended} item changes the last two in place). A snapshot only seeds what we know
 * (after a reconnect the owner reconciles), except its trades ({@code snap_trades}): those of the first snapshot are
 * history, taken as told; a later one's not yet told are fills made while the link was down, told now. An item for
 * an order we know too little of (placed by another client, or before a restart) waits, with any later items of
 * that order in arrival order, for REST to complete the order (once the pairs are read); if REST cannot, they are
 * logged and left to brokerd's reconcile. Placements and cancels wait here for the events that tell their outcome,
 * with REST as the fallback when they do not come in time. An ended order is forgotten once
 * {@link #REMEMBERED} newer orders have ended; so are the oldest {@code exec_id}s past that many.
 */
final class OrderWatch {
  /** Ended orders (and exec ids) remembered: enough for any late or replayed event, bounded for a long session. */
  static final int REMEMBERED = 10_000;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OrderWatch.class);

  private final Pairs pairs;
  private final ClientIds clientIds;
  private final TradeListener listener;
  private final Function<String, CompletableFuture<Optional<OrderState>>> lookUp;
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
  private final Map<String, String> reportedStates = new ConcurrentHashMap<>();
  private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
  // guarded by this: events and REST seeds are applied one at a time
  private final Set<String> reportedTrades = java.util.Collections.newSetFromMap(recent(REMEMBERED, id -> { }));
  private final Map<String, Boolean> ended = recent(REMEMBERED, this::forget);
  private final Map<String, List<Queued>> awaitingSeed = new java.util.HashMap<>();
  private boolean snapshotSeen;

  private static final java.util.regex.Pattern KRAKEN_ERROR = java.util.regex.Pattern.compile("E[A-Za-z]+:.+");

  private record Waiter(Predicate<Tracked> done, CompletableFuture<OrderState> answer) {}

  private record Queued(Item item, boolean snapshot) {}

  OrderWatch(Pairs pairs, ClientIds clientIds, TradeListener listener,
             Function<String, CompletableFuture<Optional<OrderState>>> lookUp) {
    this.pairs = pairs;
    this.clientIds = clientIds;
    this.listener = listener;
    this.lookUp = lookUp;
  }

  /** An insertion-ordered map that drops (and tells {@code dropped} of) its oldest key past {@code capacity}. */
  private static <V> Map<String, V> recent(int capacity, java.util.function.Consumer<String> dropped) {
    return new java.util.LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        if (size() <= capacity) {
          return false;
        }
        dropped.accept(eldest.getKey());
        return true;
      }
    };
  }

  /** An ended order long past: nothing more will come for it. */
  private void forget(String orderId) {
    Tracked gone = tracked.remove(orderId);
    reportedStates.remove(orderId);
    if (gone != null && gone.clOrdId() != null) {
      clientIds.forget(gone.clOrdId());
    }
  }

  /** Orders known (open, or ended and not yet forgotten): for tests of the bound. */
  int known() {
    return tracked.size();
  }

  /** The {@code cl_ord_id} an order was placed with, as far as events told it; null when unknown. */
  String clOrdIdOf(String orderId) {
    Tracked order = tracked.get(orderId);
    return order == null ? null : order.clOrdId();
  }

  synchronized void onExecutions(JsonNode message) {
    boolean snapshot = Executions.isSnapshot(message);
    boolean history = snapshot && !snapshotSeen;
    snapshotSeen |= snapshot;
    for (Item item : Executions.items(message)) {
      if (item.orderId() == null) {
        continue;
      }
      if (snapshot && item.isTrade()) {
        // the login's snapshot trades were made before us (brokerd reconciles them); a later snapshot's new ones
        // were made while the link was down: told like any fill, once (exec_id already told: skipped)
        if (history) {
          reportedTrades.add(item.execId());
        } else if (!reportedTrades.contains(item.execId())) {
          offer(item, false);
        }
        continue;
      }
      offer(item, snapshot);
    }
  }

  /** Applies an item, unless earlier items of its order wait for REST: then it waits behind them. */
  private void offer(Item item, boolean snapshot) {
    List<Queued> queued = awaitingSeed.get(item.orderId());
    if (queued != null) {
      queued.add(new Queued(item, snapshot));
    } else {
      apply(item, snapshot);
    }
  }

  private void apply(Item item, boolean snapshot) {
    Tracked merged = tracked.compute(item.orderId(), (id, known) -> known == null ? Tracked.of(item) : known.merge(item));
    if (snapshot) {
      check(merged);
      return;
    }
    if (!merged.complete()) {
      // too little known to tell anyone: REST completes it (once the pairs are read), then the items are told
      String orderId = item.orderId();
      awaitingSeed.put(orderId, new ArrayList<>(List.of(new Queued(item, false))));
      pairs.markets().thenCompose(known -> lookUp.apply(orderId))
          .whenComplete((found, error) -> seeded(orderId, found, error));
      return;
    }
    tell(item, merged);
    check(merged);
  }

  private void tell(Item item, Tracked merged) {
    Optional<KrakenPair> pair = pair(merged.symbol());
    String clientId = clientIds.ourId(merged.clOrdId());
    String bsFqme = pair.map(KrakenPair::bsFqme).orElse(fallbackBsFqme(merged.symbol()));
    if (item.isTrade() && !reportedTrades.contains(item.execId())) {
      // the fee first: should it throw, the trade is not marked as told and a later report of it still counts
      java.math.BigDecimal fee = FillFee.inQuote(item, merged.symbol(), pair);
      java.math.BigDecimal baseFee = FillFee.inBase(item, merged.symbol(), pair);
      if (reportedTrades.add(item.execId())) {
        listener.onFill(new NormTrade(item.execId(), merged.orderId(), clientId, bsFqme,
            pair.map(KrakenPair::key).orElse(merged.symbol()), merged.side(), item.lastPrice(), item.lastQty(),
            fee, item.timeNs() != 0 ? item.timeNs() : merged.timeNs(), baseFee));
      }
    }
    if (!merged.pending() && item.orderStatus() != null) {
      // an amend changes the price or the size in place: a change worth telling too
      String key = merged.status() + " " + merged.filled().toPlainString() + " " + merged.price().toPlainString()
          + " " + merged.size().toPlainString();
      if (!key.equals(reportedStates.put(merged.orderId(), key))) {
        listener.onOrder(merged.state(clientId, bsFqme));
      }
    }
    if (!OrderState.OPEN.equals(merged.status())) {
      ended.put(merged.orderId(), Boolean.TRUE);
    }
  }

  /** REST has answered for an order whose items wait: seeds it, then applies them in arrival order. */
  private synchronized void seeded(String orderId, Optional<OrderState> found, Throwable error) {
    List<Queued> queued = awaitingSeed.remove(orderId);
    if (queued == null) {
      return;
    }
    if (found != null && found.isPresent()) {
      seed(found.get());
    }
    Tracked known = tracked.get(orderId);
    if (known == null || !known.complete()) {
      long fills = queued.stream().filter(q -> q.item().isTrade()).count();
      LOG.warn("kraken order {}: {} executions item(s) ({} fill(s)) not told: {}; brokerd's reconcile reads it",
          orderId, queued.size(), fills, error != null ? "its REST lookup failed (" + KrakenRest.cause(error)
              .getClass().getSimpleName() + ")" : found == null || found.isEmpty() ? "kraken has no such order"
              : "its pair is not in the AssetPairs list");
      return;
    }
    queued.forEach(q -> apply(q.item(), q.snapshot()));
  }

  /** What REST says of an order, as the starting point for its events. */
  private void seed(OrderState state) {
    KrakenMarkets known = pairs.now();
    String symbol = known == null ? null : known.find(state.bsFqme()).map(KrakenPair::symbol).orElse(null);
    String clOrdId = state.clientId() == null ? null : clientIds.venueId(state.clientId());
    tracked.merge(state.orderId(), new Tracked(state.orderId(), clOrdId, symbol, state.side(), state.price(),
        state.size(), state.filled(), state.status(), state.timeNs(), false, null),
        (known1, fresh) -> known1.complete() ? known1 : fresh);
  }

  /**
   * The order once Kraken has taken it (past {@code pending_new}): as it stands after matching on arrival. One the
   * engine canceled before taking it fails with the reason when that is a Kraken error string
   * ({@code EOrder:Insufficient funds}); with any other reason it is answered as it stands, canceled.
   */
  CompletableFuture<OrderState> settled(String orderId, Duration patience) {
    return when(orderId, order -> !order.pending(), patience).thenApply(state -> {
      Tracked order = tracked.get(orderId);
      String reason = order == null ? null : order.rejectedFor();
      if (reason != null && KRAKEN_ERROR.matcher(reason).matches()) {
        throw Refusals.error("add_order", reason).toException(); // the engine refused the placement
      }
      return state;
    });
  }

  /** The order once it is no longer open (canceled, or filled first). */
  CompletableFuture<OrderState> ended(String orderId, Duration patience) {
    return when(orderId, order -> !OrderState.OPEN.equals(order.status()), patience);
  }

  private CompletableFuture<OrderState> when(String orderId, Predicate<Tracked> done, Duration patience) {
    CompletableFuture<OrderState> answer = new CompletableFuture<>();
    Waiter waiter = new Waiter(done, answer);
    waiters.computeIfAbsent(orderId, id -> new CopyOnWriteArrayList<>()).add(waiter);
    Tracked known = tracked.get(orderId);
    if (known != null) {
      check(known);
    }
    CompletableFuture.delayedExecutor(patience.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
      if (answer.isDone()) {
        return;
      }
      // the events did not come: REST tells the order as it stands
      lookUp.apply(orderId).whenComplete((found, error) -> {
        if (found != null && found.isPresent()) {
          answer.complete(found.get());
        } else {
          answer.completeExceptionally(ErrorKind.VENUE_TIMEOUT.error("kraken told nothing of order " + orderId
              + " in " + patience.toSeconds() + " s", Refusals.SOURCE).toException());
        }
      });
    });
    return answer.whenComplete((state, error) -> waiters.computeIfPresent(orderId, (id, waiting) -> {
      waiting.remove(waiter);
      return waiting.isEmpty() ? null : waiting;
    }));
  }

  private void check(Tracked order) {
    List<Waiter> waiting = waiters.get(order.orderId());
    if (waiting == null || !order.complete()) {
      return;
    }
    for (Waiter waiter : waiting) {
      if (waiter.done().test(order)) {
        String bsFqme = pair(order.symbol()).map(KrakenPair::bsFqme).orElse(fallbackBsFqme(order.symbol()));
        waiter.answer().complete(order.state(clientIds.ourId(order.clOrdId()), bsFqme));
      }
    }
  }

  private Optional<KrakenPair> pair(String symbol) {
    KrakenMarkets known = pairs.now();
    return known == null || symbol == null ? Optional.empty() : known.bySymbol(symbol);
  }

  /** {@code BTC/USD} → {@code btcusd.spot}, for a pair the last AssetPairs reading lacked. */
  private static String fallbackBsFqme(String symbol) {
    return symbol == null ? null : symbol.replace("/", "").toLowerCase(java.util.Locale.ROOT) + ".spot";
  }
}
