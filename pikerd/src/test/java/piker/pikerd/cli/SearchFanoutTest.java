package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.market.SymbolMatch;
import piker.contracts.names.Fqme;

/** One search fanned out to several backends: the answers kept, each failure and silence in words, one deadline. */
class SearchFanoutTest {
  private static final SymbolMatch BTC = new SymbolMatch(Fqme.parse("btcusdt.spot.sim"), "sim", 90);

  @Test
  void answersAreKeptAndEachFailureOrSilenceIsNamedWithinTheLimit() {
    RemoteException unreachable = RemoteError.of("BinanceUnreachable",
        "cannot reach https://api.binance.com (host not found, GET /api/v3/exchangeInfo)", "binance backend")
        .toException();
    Map<String, CompletableFuture<List<SymbolMatch>>> asked = new LinkedHashMap<>();
    asked.put("silent", new CompletableFuture<>());
    asked.put("binance", CompletableFuture.failedFuture(new CompletionException(unreachable)));
    asked.put("sim", CompletableFuture.completedFuture(List.of(BTC)));
    long start = System.nanoTime();

    SearchFanout.Outcome outcome = SearchFanout.collect(asked, Duration.ofMillis(300));

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "one shared deadline, not one per backend: " + took);
    assertEquals(List.of(BTC), outcome.matches());
    assertEquals(1, outcome.answered());
    assertEquals(List.of("silent", "binance"), List.copyOf(outcome.failures().keySet()));
    assertEquals("no answer within 300 ms", outcome.failures().get("silent").words());
    assertNull(outcome.failures().get("silent").error());
    assertTrue(asked.get("silent").isCancelled(), "a silent backend's answer is no longer awaited");
    assertEquals("cannot reach https://api.binance.com (host not found, GET /api/v3/exchangeInfo)",
        outcome.failures().get("binance").words());
    assertSame(unreachable, outcome.failures().get("binance").error());
  }

  @Test
  void aVenueCodeIsKeptBesideTheVenuesWordsAndOurOwnKindsAreWordedAsEverywhere() {
    assertEquals("rate limited by binance for 30 s (code -1003)", SearchFanout.words(
        RemoteError.of("-1003", "rate limited by binance for 30 s", "binance").toException()));
    assertEquals("datad.sim: boom", SearchFanout.words(RemoteError.of(new IllegalStateException("boom"),
        "pekko://piker@127.0.0.1:1/user/datad.sim").toException()));
    assertEquals("pikerd did not answer in time",
        SearchFanout.words(new CompletionException(new java.util.concurrent.TimeoutException())));
  }
}
