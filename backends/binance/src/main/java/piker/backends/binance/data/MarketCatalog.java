package piker.backends.binance.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import piker.backends.binance.exchange.ExchangeInfo;
import piker.backends.binance.exchange.BinanceMarket;
import piker.backends.binance.rest.BinanceRest;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.market.FuzzyMatch;
import piker.contracts.market.SymbolMatch;

/**
 * Binance's spot markets from {@code exchangeInfo} (weight 20), fetched once and refreshed hourly (a stale
 * list answers while the next is on its way); a symbol not in it is asked for alone, and one Binance does
 * not know, or that does not trade on spot now, is an {@code UnknownMarket} (what the CLI maps to exit 2).
 */
final class MarketCatalog {
  static final Duration REFRESH = Duration.ofHours(1);
  private static final String LIST_QUERY = "permissions=SPOT&showPermissionSets=false";

  private final BinanceRest rest;
  private final LongSupplier nowMs;
  private final Map<String, BinanceMarket> extra = new ConcurrentHashMap<>();
  private CompletableFuture<Map<String, BinanceMarket>> listed;
  private long listedAtMs;

  MarketCatalog(BinanceRest rest, LongSupplier nowMs) {
    this.rest = rest;
    this.nowMs = nowMs;
  }

  /** The listed markets by symbol; refetched when an hour old or after a failure. */
  synchronized CompletableFuture<Map<String, BinanceMarket>> all() {
    CompletableFuture<Map<String, BinanceMarket>> cached = listed;
    boolean failed = cached != null && cached.isCompletedExceptionally();
    boolean stale = cached != null && cached.isDone() && nowMs.getAsLong() - listedAtMs >= REFRESH.toMillis();
    if (cached == null || failed || stale) {
      CompletableFuture<Map<String, BinanceMarket>> next = rest.get("/api/v3/exchangeInfo", LIST_QUERY, 20)
          .thenApply(body -> {
            ExchangeInfo.weightPerMinute(body).ifPresent(rest::weightLimit);
            return Map.copyOf(ExchangeInfo.markets(body));
          });
      listedAtMs = nowMs.getAsLong();
      listed = next;
      if (stale) {
        // keep answering from the old list until the new one is in; a failed refresh keeps the old one
        CompletableFuture<Map<String, BinanceMarket>> old = cached;
        listed = next.handle((fresh, error) -> error == null ? fresh : old.join());
        return old;
      }
      return next;
    }
    return cached;
  }

  /** The market for a backend key ({@code btcusdt.spot}). */
  CompletableFuture<BinanceMarket> find(String bsFqme) {
    String[] parts = bsFqme.toLowerCase(Locale.ROOT).split("\\.", -1);
    if (parts.length != 2 || !parts[1].equals(ExchangeInfo.VENUE)) {
      return CompletableFuture.failedFuture(unknown(bsFqme, "binance markets here are <symbol>.spot"));
    }
    String symbol = parts[0].toUpperCase(Locale.ROOT);
    return all().thenCompose(markets -> {
      BinanceMarket market = markets.getOrDefault(symbol, extra.get(symbol));
      return market != null ? CompletableFuture.completedFuture(market) : lookUp(bsFqme, symbol);
    });
  }

  /** One symbol asked for alone (13.1): Binance's -1121 is our UnknownMarket. */
  private CompletableFuture<BinanceMarket> lookUp(String bsFqme, String symbol) {
    return rest.get("/api/v3/exchangeInfo", "symbol=" + symbol, 20).handle((body, error) -> {
      if (error != null) {
        RemoteError cause = RemoteError.of(error, BinanceRest.SOURCE);
        if (cause.type().equals("-1121")) {
          throw unknown(bsFqme, "binance has no symbol " + symbol + " (" + cause.type() + " " + cause.message() + ")");
        }
        throw cause.toException();
      }
      for (JsonNode entry : body.path("symbols")) {
        if (entry.path("symbol").asText().equals(symbol)) {
          BinanceMarket market = ExchangeInfo.market(entry).orElseThrow(() -> unknown(bsFqme, symbol
              + " does not trade on binance spot now (status " + entry.path("status").asText() + ")"));
          extra.put(symbol, market);
          return market;
        }
      }
      throw unknown(bsFqme, "binance has no symbol " + symbol);
    });
  }

  /** Fuzzy search over the listed markets' keys, best first. */
  CompletableFuture<List<SymbolMatch>> search(String pattern, int limit) {
    return all().thenApply(markets -> FuzzyMatch.rank(pattern, List.copyOf(markets.values()), BinanceMarket::bsFqme,
            limit).stream()
        .map(market -> new SymbolMatch(market.pair().fqme(), ExchangeInfo.BROKER,
            FuzzyMatch.score(pattern, market.bsFqme())))
        .toList());
  }

  static RemoteException unknown(String bsFqme, String why) {
    return RemoteError.of("UnknownMarket", "no binance market " + bsFqme + ": " + why, BinanceRest.SOURCE)
        .toException();
  }
}
