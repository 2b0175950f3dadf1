package piker.backends.kraken.data;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import piker.backends.kraken.exchange.AssetPairs;
import piker.backends.kraken.exchange.KrakenMarkets;
import piker.backends.kraken.exchange.KrakenPair;
import piker.backends.kraken.rest.KrakenErrors;
import piker.backends.kraken.rest.KrakenRest;
import piker.contracts.ErrorKind;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.market.FuzzyMatch;
import piker.contracts.market.SymbolMatch;

/**
 * Kraken's pairs from {@code AssetPairs} (one public call), fetched once and refreshed hourly (a stale list
 * answers while the next is on its way). A market is found by any of its spellings ({@link KrakenMarkets}); a
 * name the list lacks is asked of Kraken itself ({@code AssetPairs?pair=NAME}), so a pair listed since is
 * found at once (the whole list is then read again) and a refusal (throttled, unreachable) reaches the user as
 * it is; one Kraken does not list, or lists as delisted, is an {@code UnknownMarket} (what the CLI maps to exit 2).
 */
final class MarketCatalog {
  static final Duration REFRESH = Duration.ofHours(1);
  /** What a REST {@code pair} parameter can be: a key or an altname. */
  private static final java.util.regex.Pattern REST_NAME = java.util.regex.Pattern.compile("[A-Z0-9]{2,20}");

  private final KrakenRest rest;
  private final LongSupplier nowMs;
  private CompletableFuture<KrakenMarkets> listed;
  private long listedAtMs;

  MarketCatalog(KrakenRest rest, LongSupplier nowMs) {
    this.rest = rest;
    this.nowMs = nowMs;
  }

  /** The pairs; refetched when an hour old or after a failure. */
  synchronized CompletableFuture<KrakenMarkets> all() {
    CompletableFuture<KrakenMarkets> cached = listed;
    boolean failed = cached != null && cached.isCompletedExceptionally();
    boolean stale = cached != null && cached.isDone() && nowMs.getAsLong() - listedAtMs >= REFRESH.toMillis();
    if (cached == null || failed || stale) {
      CompletableFuture<KrakenMarkets> next = rest.get("AssetPairs", Map.of())
          .thenApply(result -> new KrakenMarkets(AssetPairs.read(result)));
      listedAtMs = nowMs.getAsLong();
      listed = next;
      if (stale) {
        CompletableFuture<KrakenMarkets> old = cached;
        listed = next.handle((fresh, error) -> error == null ? fresh : old.join());
        return old;
      }
      return next;
    }
    return cached;
  }

  /** The listed pair a key or any other spelling names. */
  CompletableFuture<KrakenPair> find(String bsFqme) {
    return all().thenCompose(markets -> markets.find(bsFqme)
        .map(pair -> pair.listed() ? CompletableFuture.completedFuture(pair)
            : CompletableFuture.<KrakenPair>failedFuture(unknown(bsFqme)))
        .orElseGet(() -> askKraken(bsFqme)));
  }

  /** A name the list lacks: Kraken's own answer for it, never a guess from a list that may be an hour old. */
  private CompletableFuture<KrakenPair> askKraken(String bsFqme) {
    String name = bsFqme.strip().toUpperCase(java.util.Locale.ROOT).replaceFirst("\\.SPOT$", "");
    if (!REST_NAME.matcher(name).matches()) {
      return CompletableFuture.failedFuture(unknown(bsFqme)); // nothing Kraken could list: no call
    }
    return rest.get("AssetPairs", Map.of("pair", name))
        .exceptionallyCompose(error -> KrakenRest.cause(error) instanceof RemoteException refused
            && refused.error().type().equals(KrakenErrors.UNKNOWN_PAIR)
            ? CompletableFuture.failedFuture(unknown(bsFqme)) : CompletableFuture.failedFuture(error))
        .thenCompose(listedSince -> {
          synchronized (this) {
            listed = null; // newly listed: read the whole list again, then look it up there
          }
          return all().thenApply(markets -> markets.find(bsFqme).filter(KrakenPair::listed)
              .orElseThrow(() -> unknown(bsFqme)));
        });
  }

  /**
   * Fuzzy search over every spelling of every listed pair ({@code xbt}, {@code btcusd}, {@code BTC/USD},
   * {@code XXBTZUSD}), a pair scored by its best spelling, best first.
   */
  CompletableFuture<List<SymbolMatch>> search(String pattern, int limit) {
    String folded = pattern.strip().toLowerCase(java.util.Locale.ROOT).replace(".spot.kraken", "").replace(".spot", "");
    return all().thenApply(markets -> {
      List<KrakenPair> listedPairs = markets.all().stream().filter(KrakenPair::listed).toList();
      return listedPairs.stream()
          .map(pair -> new SymbolMatch(pair.pair().fqme(), AssetPairs.BROKER, score(folded, pair)))
          .filter(match -> match.score() >= 0)
          .sorted(java.util.Comparator.comparingInt((SymbolMatch match) -> -match.score())
              .thenComparing(match -> match.fqme().toString()))
          .limit(limit)
          .toList();
    });
  }

  private static int score(String pattern, KrakenPair pair) {
    return pair.spellings().stream().mapToInt(spelling -> FuzzyMatch.score(pattern, spelling)).max().orElse(-1);
  }

  static RemoteException unknown(String bsFqme) {
    return RemoteError.of(ErrorKind.UNKNOWN_MARKET.wire(), "no kraken market " + bsFqme
        + " (kraken's markets here are <base><quote>.spot, e.g. btcusd.spot)", KrakenRest.SOURCE).toException();
  }
}
