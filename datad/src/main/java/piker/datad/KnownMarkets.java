package piker.datad;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.contracts.ErrorKind;
import piker.contracts.RemoteError;
import piker.contracts.market.MktPair;
import piker.contracts.names.Fqme;

/**
 * The last details the venue gave for each market this datad was asked about. A market's details are asked of
 * the venue every time (a venue may change a tick size); only when it cannot answer (disconnected, throttled,
 * failing) are the last ones given instead, so that a trader can still place a dark or paper order on a market
 * whose venue link is reconnecting. A venue that says the market is gone is believed. Filled only by the venue's
 * answers, so it holds no more entries than there are real markets asked for. One datad owns it (rule 3: no
 * daemon shares it), but the venue's answers arrive on the backend's threads, not the actor's: hence the
 * concurrent map rather than actor-confined state.
 */
final class KnownMarkets {
  private static final Logger LOG = LoggerFactory.getLogger(KnownMarkets.class);
  private final Map<Fqme, MktPair> lastAnswers = new ConcurrentHashMap<>();

  /** The venue's answer to a details request for {@code fqme}, or the last one while the venue cannot answer. */
  CompletionStage<MktPair> answer(Fqme fqme, Supplier<CompletionStage<MktPair>> askVenue) {
    CompletionStage<MktPair> fromVenue;
    try {
      fromVenue = askVenue.get();
    } catch (RuntimeException thrownAtOnce) {
      fromVenue = CompletableFuture.failedFuture(thrownAtOnce);
    }
    return fromVenue.handle((market, error) -> {
      if (error == null) {
        lastAnswers.put(fqme, market);
        return market;
      }
      RemoteError why = RemoteError.of(error, "datad");
      if (ErrorKind.UNKNOWN_MARKET.is(why)) {
        lastAnswers.remove(fqme);
      } else {
        MktPair last = lastAnswers.get(fqme);
        if (last != null) {
          LOG.warn("{}: the venue cannot answer ({}): its last details given", fqme, why.describe());
          return last;
        }
      }
      throw error instanceof CompletionException completion ? completion : new CompletionException(error);
    });
  }
}
