package piker.backends.binance.trade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import piker.backends.binance.trade.OrderReplies.VenueOrderId;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.VenuePosition;

/**
 * What the trade client reads of the account without changing it: trades per symbol ({@code myTrades},
 * Binance has no account-wide list) and positions, which on spot are balances of each market's base asset
 * (docs/venues/binance.md 12, decisions 4 and 5). Plain requests over {@link BinanceRest}; errors pass through.
 */
final class AccountReads {
  private final BinanceRest rest;
  private final Markets markets;
  private final OrderReplies replies;
  /** Our client id of a venue order where the trade client knows it ({@code myTrades} rows carry none). */
  private final UnaryOperator<String> clientIdOf;

  AccountReads(BinanceRest rest, Markets markets, OrderReplies replies, UnaryOperator<String> clientIdOf) {
    this.rest = rest;
    this.markets = markets;
    this.replies = replies;
    this.clientIdOf = clientIdOf;
  }

  /** The recent trades of each symbol (Binance's default page: its latest 500), oldest first across them. */
  CompletableFuture<List<NormTrade>> trades(Set<String> symbols) {
    CompletableFuture<List<NormTrade>> all = CompletableFuture.completedFuture(new ArrayList<>());
    for (String symbol : new TreeSet<>(symbols)) {
      all = all.thenCombine(myTrades(List.of(Map.entry("symbol", symbol))), (so, more) -> {
        so.addAll(more);
        return so;
      });
    }
    return all.thenApply(trades -> {
      trades.sort(Comparator.comparingLong(NormTrade::timeNs).thenComparing(NormTrade::tradeId));
      return trades;
    });
  }

  /** One order's trades. */
  CompletableFuture<List<NormTrade>> trades(VenueOrderId id) {
    return myTrades(List.of(Map.entry("symbol", id.symbol()), Map.entry("orderId", id.orderId())));
  }

  private CompletableFuture<List<NormTrade>> myTrades(List<Map.Entry<String, ?>> params) {
    return rest.signed("GET", "/api/v3/myTrades", params).thenApply(reply -> replies.myTrades(reply).stream()
        .map(t -> new NormTrade(t.tradeId(), t.orderId(), clientIdOf.apply(t.orderId()), t.bsFqme(), t.bsMktid(),
            t.side(), t.price(), t.size(), t.fee(), t.timeNs()))
        .toList());
  }

  /**
   * Each market asked (bs_fqme) with the balance of its base asset, free + locked, zero when the account
   * holds none: the account, then each symbol's base asset from its exchange info (cached by {@link Markets}).
   */
  CompletableFuture<List<VenuePosition>> positions(Set<String> bsFqmes) {
    Map<String, String> baseAssets = new HashMap<>();
    CompletableFuture<Void> known = CompletableFuture.completedFuture(null);
    for (String bsFqme : new TreeSet<>(bsFqmes)) {
      known = known.thenCombine(markets.market(OrderReplies.symbol(bsFqme)), (done, market) -> {
        synchronized (baseAssets) {
          baseAssets.put(bsFqme, market.pair().dst().name());
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
