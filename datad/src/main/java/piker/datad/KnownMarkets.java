package piker.datad;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import piker.contracts.RemoteException;
import piker.contracts.market.MktPair;
import piker.contracts.names.Fqme;

/**
 * The last details the venue gave for each market this datad was asked about. A market's details are asked of
 * the venue every time (a venue may change a tick size); only when it cannot answer (disconnected, throttled,
 * failing) are the last ones given instead, so that a trader can still place a dark or paper order on a market
 * whose venue link is reconnecting. A venue that says the market is gone is believed. Filled only by the venue's
 * answers, so it holds no more entries than there are real markets asked for; answers come on the backend's
 * threads, hence the concurrent map.
 */
final class KnownMarkets {
  private final Map<Fqme, MktPair> lastAnswers = new ConcurrentHashMap<>();

  /** The venue's answer to a details request for {@code fqme}, or the last one while the venue cannot answer. */
  CompletionStage<MktPair> answer(Fqme fqme, CompletionStage<MktPair> fromVenue) {
    return fromVenue.handle((market, error) -> {
      if (error == null) {
        lastAnswers.put(fqme, market);
        return market;
      }
      MktPair last = lastAnswers.get(fqme);
      if (last == null || saysUnknown(error)) {
        if (saysUnknown(error)) {
          lastAnswers.remove(fqme);
        }
        throw error instanceof CompletionException completion ? completion : new CompletionException(error);
      }
      return last;
    });
  }

  private static boolean saysUnknown(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof RemoteException remote && remote.error().type().equals("UnknownMarket");
  }
}
