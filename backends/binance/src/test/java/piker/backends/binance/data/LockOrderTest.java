package piker.backends.binance.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piker.backends.binance.fake.BinanceFake;
import piker.contracts.RemoteError;
import piker.contracts.market.Quote;

/**
 * No callback leaves the data side while it holds one of its locks: a subscription's future, a listener's
 * quotes or errors. A caller that takes its own lock, or the client's, from there cannot deadlock with a
 * thread taking the same locks the other way round.
 */
class LockOrderTest {
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private BinanceFake fake;
  private BinanceDataClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (fake != null) {
      fake.close();
    }
    timers.shutdownNow();
  }

  private static BinanceFake.Options quiet() {
    return BinanceFake.Options.defaults().history(Duration.ofMinutes(1), Duration.ofSeconds(10));
  }

  @Test
  void aSubscriptionCarriedInTheUrlIsConfirmedOutsideTheStreamsLock() throws Exception {
    fake = BinanceFake.start(quiet());
    MarketStream stream = new MarketStream(java.net.URI.create(String.valueOf(fake.streamUrl())),
        HttpClient.newHttpClient(), timers, new MarketStream.Sink() {
          @Override
          public void onMessage(StreamMessage message, long receivedNs) {
          }

          @Override
          public void onTrouble(RemoteError error) {
          }
        }, BinanceDataClientTest.FAST, System::currentTimeMillis);
    try {
      CompletableFuture<Boolean> confirmedUnderLock;
      // held while the link opens: its confirmation (the one name is in the URL) comes once we let go
      synchronized (stream) {
        confirmedUnderLock = stream.subscribe(List.of("btcusdt@trade")).thenApply(ok -> Thread.holdsLock(stream));
      }
      assertFalse(confirmedUnderLock.get(10, TimeUnit.SECONDS), "the subscriber ran under the stream's lock");
    } finally {
      stream.close();
    }
  }

  @Test
  void listenersHearQuotesAndTroubleOutsideTheClientsLock() throws Exception {
    fake = BinanceFake.start(quiet());
    client = BinanceDataClientTest.open(fake, BinanceDataClientTest.FAST);
    ConcurrentLinkedQueue<String> underLock = new ConcurrentLinkedQueue<>();
    Collector quotes = new Collector() {
      @Override
      public void onQuotes(List<Quote> batch) {
        if (Thread.holdsLock(client)) {
          underLock.add("quotes");
        }
        super.onQuotes(batch);
      }

      @Override
      public void onError(RemoteError error) {
        if (Thread.holdsLock(client)) {
          underLock.add("error");
        }
        super.onError(error);
      }
    };
    client.subscribe(Set.of("btcusdt.spot"), quotes);
    assertTrue(quotes.next().get(0).ticks().isEmpty(), "the startup quote");
    fake.trade("BTCUSDT", "101", "1");
    quotes.nextWith("trade");
    fake.awaitPongs();
    fake.dropConnections();
    assertEquals("BinanceDisconnected", quotes.nextError().type());
    assertTrue(underLock.isEmpty(), "called under the client's lock: " + underLock);
  }
}
