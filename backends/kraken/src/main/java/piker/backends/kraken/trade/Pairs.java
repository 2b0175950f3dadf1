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
  private final java.util.function.LongSupplier clockMs;
  /** The last reading that succeeded: kept while a new one is under way, so events always find their pairs. */
  private volatile KrakenMarkets good;
  private CompletableFuture<KrakenMarkets> reading;
  private volatile long readAtMs;

  Pairs(KrakenRest rest) {
    this(rest, System::currentTimeMillis);
  }

  Pairs(KrakenRest rest, java.util.function.LongSupplier clockMs) {
    this.rest = rest;
    this.clockMs = clockMs;
  }

  /** The last good reading; the first one (or a retry of a failed first one) when there is none yet. */
  CompletableFuture<KrakenMarkets> markets() {
    KrakenMarkets known = good;
    return known != null ? CompletableFuture.completedFuture(known) : read();
  }

  /** The last good reading, or null before the first: for events, which must not wait. */
  KrakenMarkets now() {
    return good;
  }

  /** The pair {@code name} spells; {@code UnknownMarket} when Kraken lists none. */
  CompletableFuture<KrakenPair> pair(String name) {
    return markets().thenCompose(known -> known.find(name).map(CompletableFuture::completedFuture).orElseGet(() ->
        clockMs.getAsLong() - readAtMs < REREAD_AFTER_MS ? unknown(name)
            : read().thenCompose(fresh -> fresh.find(name).map(CompletableFuture::completedFuture)
                .orElseGet(() -> unknown(name)))));
  }

  /** One reading at a time; {@link #good} is replaced only once a new one succeeds. */
  private synchronized CompletableFuture<KrakenMarkets> read() {
    if (reading != null && !reading.isDone()) {
      return reading;
    }
    readAtMs = clockMs.getAsLong();
    reading = rest.get("AssetPairs", Map.of()).thenApply(result -> {
      KrakenMarkets fresh = new KrakenMarkets(AssetPairs.read(result));
      good = fresh;
      return fresh;
    });
    return reading;
  }

  private static CompletableFuture<KrakenPair> unknown(String name) {
    return CompletableFuture.failedFuture(RemoteError.of(ErrorKind.UNKNOWN_MARKET.wire(), "kraken lists no pair "
        + name + " (EQuery:Unknown asset pair)", "kraken").toException());
  }
}
