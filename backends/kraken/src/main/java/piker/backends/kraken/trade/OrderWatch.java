package piker.backends.kraken.trade;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
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
import piker.backends.kraken.rest.Refusals;
import piker.backends.kraken.trade.Executions.Item;
import piker.backends.kraken.trade.Executions.Tracked;
import piker.contracts.ErrorKind;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderState;
import piker.contracts.spi.TradeClient.TradeListener;

/**
 * The account's orders as {@code executions} tells them: each order's items merged ({@link Tracked}); fills to the
 * listener once per {@code exec_id}, order updates once per change of status, filled size, price or size (an
 * {@code amended} item changes the last two in place; a snapshot only
 * seeds what we know: after a reconnect the owner reconciles). An update for an order we know too little of (placed
 * by another client, or before a restart) is completed from REST first. Placements and cancels wait here for the
 * events that tell their outcome, with REST as the fallback when they do not come in time.
 */
final class OrderWatch {
  private final Pairs pairs;
  private final ClientIds clientIds;
  private final TradeListener listener;
  private final Function<String, CompletableFuture<Optional<OrderState>>> lookUp;
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
  private final Set<String> reportedTrades = ConcurrentHashMap.newKeySet();
  private final Map<String, String> reportedStates = new ConcurrentHashMap<>();
  private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();

  private static final java.util.regex.Pattern KRAKEN_ERROR = java.util.regex.Pattern.compile("E[A-Za-z]+:.+");

  private record Waiter(Predicate<Tracked> done, CompletableFuture<OrderState> answer) {}

  OrderWatch(Pairs pairs, ClientIds clientIds, TradeListener listener,
             Function<String, CompletableFuture<Optional<OrderState>>> lookUp) {
    this.pairs = pairs;
    this.clientIds = clientIds;
    this.listener = listener;
    this.lookUp = lookUp;
  }

  /** The {@code cl_ord_id} an order was placed with, as far as events told it; null when unknown. */
  String clOrdIdOf(String orderId) {
    Tracked order = tracked.get(orderId);
    return order == null ? null : order.clOrdId();
  }

  void onExecutions(JsonNode message) {
    boolean snapshot = Executions.isSnapshot(message);
    for (Item item : Executions.items(message)) {
      if (item.orderId() != null) {
        apply(item, snapshot);
      }
    }
  }

  private void apply(Item item, boolean snapshot) {
    Tracked merged = tracked.compute(item.orderId(), (id, known) -> known == null ? Tracked.of(item) : known.merge(item));
    if (snapshot) {
      check(merged);
      return;
    }
    if (!merged.complete()) {
      // too little known to tell anyone: REST completes it, then the item is told
      lookUp.apply(item.orderId()).thenAccept(found -> found.ifPresent(state -> {
        seed(state);
        apply(item, false);
      }));
      return;
    }
    Optional<KrakenPair> pair = pair(merged.symbol());
    String clientId = clientIds.ourId(merged.clOrdId());
    String bsFqme = pair.map(KrakenPair::bsFqme).orElse(fallbackBsFqme(merged.symbol()));
    if (item.isTrade() && reportedTrades.add(item.execId())) {
      listener.onFill(new NormTrade(item.execId(), merged.orderId(), clientId, bsFqme,
          pair.map(KrakenPair::key).orElse(merged.symbol()), merged.side(), item.lastPrice(), item.lastQty(),
          item.fee() == null ? java.math.BigDecimal.ZERO : item.fee(), item.timeNs() != 0 ? item.timeNs() : merged.timeNs()));
    }
    if (!merged.pending() && item.orderStatus() != null) {
      // an amend changes the price or the size in place: a change worth telling too
      String key = merged.status() + " " + merged.filled().toPlainString() + " " + merged.price().toPlainString()
          + " " + merged.size().toPlainString();
      if (!key.equals(reportedStates.put(merged.orderId(), key))) {
        listener.onOrder(merged.state(clientId, bsFqme));
      }
    }
    check(merged);
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
        throw Refusals.error(reason).toException();
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
    return answer.whenComplete((state, error) -> waiters.getOrDefault(orderId, List.of()).remove(waiter));
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
