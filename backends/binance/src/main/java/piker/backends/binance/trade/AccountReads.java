package piker.backends.binance.trade;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import piker.backends.binance.trade.OrderReplies.VenueOrderId;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderState;
import piker.contracts.spi.TradeClient.VenuePosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the trade client reads of the account without changing it: trades per symbol ({@code myTrades},
 * Binance has no account-wide list) and positions, which on spot are balances of each market's base asset
 * (docs/venues/binance.md 12, decisions 4 and 5). Plain requests over {@link BinanceRest}; errors pass through,
 * but for a market Binance no longer lists ({@code -1121 Invalid symbol}, e.g. a delisted pair still in the
 * ledger): it is left out of the answer with one warning, so one dead market never fails a whole reconcile
 * (which would keep live trading blocked for good); its trades and position are then unknown, not zero.
 */
final class AccountReads {
  private static final Logger log = LoggerFactory.getLogger(AccountReads.class);
  private static final String INVALID_SYMBOL = "-1121";
  /** myTrades' largest page (rest-api.md "Default: 500; Maximum: 1000"). */
  static final int PAGE = 1000;

  private final BinanceRest rest;
  private final Markets markets;
  private final OrderReplies replies;
  /** Our client id of a venue order where the trade client knows it ({@code myTrades} rows carry none). */
  private final UnaryOperator<String> clientIdOf;
  /** Told of every order read here, so the trade client knows its client id from then on. */
  private final Consumer<OrderState> seen;
  /** Markets Binance said it does not list, each warned of once. */
  private final Set<String> unlisted = java.util.concurrent.ConcurrentHashMap.newKeySet();

  AccountReads(BinanceRest rest, Markets markets, OrderReplies replies, UnaryOperator<String> clientIdOf,
               Consumer<OrderState> seen) {
    this.rest = rest;
    this.markets = markets;
    this.replies = replies;
    this.clientIdOf = clientIdOf;
    this.seen = seen;
  }

  /**
   * The recent trades of each symbol (Binance's largest page: its latest {@value #PAGE}), oldest first across them,
   * each with the client id of its order: an order this client has not seen yet (a fresh client, after a
   * restart) is read once ({@code GET /api/v3/order}, weight 4), so brokerd can tell which of its orders traded.
   */
  CompletableFuture<List<NormTrade>> trades(Set<String> symbols) {
    CompletableFuture<List<NormTrade>> all = CompletableFuture.completedFuture(new ArrayList<>());
    for (String symbol : new TreeSet<>(symbols)) {
      // The latest page only: Binance pages forward (fromId), so more would mean reading the whole history.
      CompletableFuture<List<NormTrade>> some = unlessUnlisted(symbol, myTrades(List.of(Map.entry("symbol", symbol),
          Map.entry("limit", PAGE))).thenApply(Page::trades), List.of());
      all = all.thenCombine(some, (so, more) -> {
        so.addAll(more);
        return so;
      });
    }
    return all.thenCompose(this::withClientIds).thenApply(trades -> {
      trades.sort(Comparator.comparingLong(NormTrade::timeNs).thenComparing(NormTrade::tradeId));
      return trades;
    });
  }

  private CompletableFuture<List<NormTrade>> withClientIds(List<NormTrade> trades) {
    Set<String> unknown = new TreeSet<>();
    trades.stream().filter(trade -> trade.clientId() == null).forEach(trade -> unknown.add(trade.orderId()));
    CompletableFuture<Void> read = CompletableFuture.completedFuture(null);
    for (String orderId : unknown) {
      VenueOrderId id = VenueOrderId.parse(orderId);
      // an order Binance no longer answers for leaves its trades without a client id, nothing worse
      CompletableFuture<Void> one = rest.signed("GET", "/api/v3/order", List.of(Map.entry("symbol", id.symbol()),
          Map.entry("orderId", id.orderId()))).thenAccept(reply -> seen.accept(replies.order(reply)))
          .exceptionally(error -> null);
      read = read.thenCombine(one, (done, alsoDone) -> null);
    }
    return read.thenApply(done -> new ArrayList<>(trades.stream().map(t -> t.clientId() != null ? t
        : t.withClientId(clientIdOf.apply(t.orderId()))).toList()));
  }

  /** {@code read}, or {@code otherwise} when Binance does not list {@code symbol} (warned of once). */
  private <T> CompletableFuture<T> unlessUnlisted(String symbol, CompletableFuture<T> read, T otherwise) {
    return read.exceptionallyCompose(error -> {
      ErrorKinds.Kind kind = BinanceRest.kindOf(error);
      if (kind == null || !INVALID_SYMBOL.equals(kind.code())) {
        return CompletableFuture.failedFuture(error);
      }
      if (unlisted.add(symbol)) {
        log.warn("binance does not list {} ({} {}): its trades and position are left out, unknown", symbol,
            kind.code(), kind.msg());
      }
      return CompletableFuture.completedFuture(otherwise);
    });
  }

  /**
   * One order's trades, every page: rest-api.md "limit | INT | NO | Default: 500; Maximum: 1000." and "If
   * {@code fromId} is set, it will get trades >= that {@code fromId}", so pages of {@value #PAGE} from id 0 on,
   * each from the last id + 1, until a short page (or a page whose ids do not advance). Each page is its own
   * request of weight 5, counted at the host's gate.
   */
  CompletableFuture<List<NormTrade>> trades(VenueOrderId id) {
    return orderTrades(id, 0, new ArrayList<>());
  }

  private CompletableFuture<List<NormTrade>> orderTrades(VenueOrderId id, long fromId, List<NormTrade> sofar) {
    return myTrades(List.of(Map.entry("symbol", id.symbol()), Map.entry("orderId", id.orderId()),
        Map.entry("fromId", fromId), Map.entry("limit", PAGE))).thenCompose(page -> {
          sofar.addAll(page.trades());
          if (page.trades().size() < PAGE || page.lastId() < fromId) {
            return CompletableFuture.completedFuture(sofar);
          }
          return orderTrades(id, page.lastId() + 1, sofar);
        });
  }

  /** One {@code myTrades} answer and the largest trade id in it (-1 when empty). */
  private record Page(List<NormTrade> trades, long lastId) {}

  private CompletableFuture<Page> myTrades(List<Map.Entry<String, ?>> params) {
    return rest.signed("GET", "/api/v3/myTrades", params).thenApply(reply -> {
      long lastId = -1;
      for (JsonNode row : reply) {
        lastId = Math.max(lastId, row.path("id").asLong(-1));
      }
      return new Page(replies.myTrades(reply).stream()
          .map(t -> t.withClientId(clientIdOf.apply(t.orderId())))
          .toList(), lastId);
    });
  }

  /**
   * Each market asked (bs_fqme) with the balance of its base asset, free + locked, zero when the account
   * holds none: the account, then each symbol's base asset from its exchange info (cached by {@link Markets}).
   */
  CompletableFuture<List<VenuePosition>> positions(Set<String> bsFqmes) {
    if (bsFqmes.isEmpty()) {
      return CompletableFuture.completedFuture(List.of()); // the account read costs 20 weight: not for nothing
    }
    Map<String, String> baseAssets = new HashMap<>();
    CompletableFuture<Void> known = CompletableFuture.completedFuture(null);
    for (String bsFqme : new TreeSet<>(bsFqmes)) {
      String symbol = OrderReplies.symbol(bsFqme);
      known = known.thenCombine(unlessUnlisted(symbol, markets.market(symbol).thenApply(market ->
          market.pair().dst().name()), null), (done, baseAsset) -> {
            if (baseAsset != null) {
              synchronized (baseAssets) {
                baseAssets.put(bsFqme, baseAsset);
              }
            }
            return null;
          });
    }
    return known.thenCompose(done -> rest.signed("GET", "/api/v3/account", List.of(Map.entry("omitZeroBalances",
        "true")))).thenApply(account -> {
          synchronized (baseAssets) {
            return OrderReplies.positions(OrderReplies.balances(account), baseAssets);
          }
        });
  }
}
