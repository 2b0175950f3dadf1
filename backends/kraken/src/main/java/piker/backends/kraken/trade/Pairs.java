package piker.backends.kraken.trade;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import piker.backends.kraken.exchange.AssetPairs;
import piker.backends.kraken.exchange.KrakenMarkets;
import piker.backends.kraken.exchange.KrakenPair;
import piker.backends.kraken.rest.KrakenRest;
import piker.contracts.ErrorKind;
import piker.contracts.RemoteError;

/**
 * The trade side's pairs from {@code AssetPairs}: read at login and again, at most once a minute, when an order
 * names a pair the last reading lacked (a new listing). Any spelling the exchange package accepts finds a pair.
 */
final class Pairs {
  static final long REREAD_AFTER_MS = 60_000;

  private final KrakenRest rest;
  private volatile CompletableFuture<KrakenMarkets> markets;
  private volatile long readAtMs;

  Pairs(KrakenRest rest) {
    this.rest = rest;
  }

  /** The last reading (read first if there is none, or the last one failed). */
  CompletableFuture<KrakenMarkets> markets() {
    CompletableFuture<KrakenMarkets> known = markets;
    if (known == null || known.isCompletedExceptionally()) {
      known = read();
    }
    return known;
  }

  /** The last reading if done: for events, which must not wait. */
  KrakenMarkets now() {
    CompletableFuture<KrakenMarkets> known = markets;
    return known != null && known.isDone() && !known.isCompletedExceptionally() ? known.join() : null;
  }

  /** The pair {@code name} spells; {@code UnknownMarket} when Kraken lists none. */
  CompletableFuture<KrakenPair> pair(String name) {
    return markets().thenCompose(known -> known.find(name).map(CompletableFuture::completedFuture).orElseGet(() ->
        System.currentTimeMillis() - readAtMs < REREAD_AFTER_MS ? unknown(name)
            : read().thenCompose(fresh -> fresh.find(name).map(CompletableFuture::completedFuture)
                .orElseGet(() -> unknown(name)))));
  }

  private synchronized CompletableFuture<KrakenMarkets> read() {
    readAtMs = System.currentTimeMillis();
    markets = rest.get("AssetPairs", Map.of()).thenApply(result -> new KrakenMarkets(AssetPairs.read(result)));
    return markets;
  }

  private static CompletableFuture<KrakenPair> unknown(String name) {
    return CompletableFuture.failedFuture(RemoteError.of(ErrorKind.UNKNOWN_MARKET.wire(), "kraken lists no pair "
        + name + " (EQuery:Unknown asset pair)", "kraken").toException());
  }
}
