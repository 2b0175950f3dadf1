package piker.backends.kraken.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piker.backends.kraken.KrakenSettings;
import piker.backends.kraken.Reconnects;
import piker.backends.kraken.fake.KrakenFake;
import piker.contracts.RemoteError;
import piker.contracts.market.Quote;
import piker.contracts.spi.DataClient.QuoteSubscription;

/** The public stream: many pairs on one connection, reconnect restoring them, no trade twice, missed ones once. */
class KrakenStreamTest {
  private KrakenFake fake;
  private KrakenDataClient client;

  @BeforeEach
  void start() throws Exception {
    fake = KrakenFake.start(KrakenFake.Options.quick());
    client = KrakenDataClient.open(new KrakenSettings(fake.restUrl(), fake.wsUrl(), fake.wsAuthUrl(),
        Duration.ZERO)).get();
  }

  @AfterEach
  void stop() {
    client.close();
    fake.close();
  }

  @Test
  void manyPairsShareOneConnectionAndAReconnectRestoresThemWithEveryTradeOnce() throws Exception {
    Collector quotes = new Collector();
    try (QuoteSubscription ignored = client.subscribe(Set.of("btcusd.spot", "ethusd.spot", "ethbtc.spot",
        "solusd.spot"), quotes)) {
      for (String key : Set.of("btcusd", "ethusd", "ethbtc", "solusd")) {
        quotes.await(quote -> quote.fqme().pair().equals(key) && quote.ticks().isEmpty(), "startup quote of " + key);
      }
      assertEquals(1, fake.publicConnectionCount(), "one connection carries every pair");
      fake.trade("BTC/USD", "60001.1", "0.5");
      quotes.await(Collector.trade("60001.1"), "the trade before the drop");

      fake.dropPublicConnections();
      fake.trade("BTC/USD", "60001.2", "0.5"); // while the client is away (or just back): delivered once either way
      quotes.await(Collector.trade("60001.2"), "the trade the drop missed, from the trade snapshot");
      fake.trade("ETH/USD", "3001.01", "0.5");
      quotes.await(Collector.trade("3001.01"), "a trade on another pair after the reconnect");
      quotes.nextError(); // the drop was told

      assertEquals(1, quotes.trades("60001.1"), "the trade before the drop, once");
      assertEquals(1, quotes.trades("60001.2"), "the missed trade, once");
      assertTrue(quotes.trades("60000.0") == 0, "history in the snapshots is never a tick");
      assertEquals(1, fake.publicConnectionCount());
    }
  }

  @Test
  void aLinkAcceptedThenDroppedKeepsBackingOffAndStaysInsideItsConnectBudget() throws Exception {
    fake.dropPublicAfterSubscribe(true); // every connection is accepted, subscribed, then closed
    piker.backends.kraken.Grants grants = new piker.backends.kraken.Grants();
    Reconnects.Budget budget = new Reconnects.Budget(3, Reconnects.WINDOW, grants);
    KrakenDataClient paced = KrakenDataClient.open(new KrakenSettings(fake.restUrl(), fake.wsUrl(), fake.wsAuthUrl(),
        Duration.ZERO), budget).get();
    try {
      paced.subscribe(Set.of("btcusd.spot"), new Collector());
      List<Long> granted = grants.await(4, Duration.ofSeconds(10));
      assertEquals(4, granted.size(), "the first connection and three reconnects were asked for: " + granted);
      assertTrue(granted.get(2) - granted.get(1) >= 500,
          "an acknowledged subscription did not reset the backoff (0.1 s, then 0.5 s): " + granted);
      assertTrue(granted.get(3) - granted.get(0) >= Reconnects.WINDOW.toMillis(),
          "the fourth attempt waits until the first leaves the window: " + granted);
      assertEquals(3, fake.publicConnects(), "three connections, the fourth not made");
    } finally {
      paced.close();
    }
  }

  @Test
  void aResubscribeKrakenRefusesAfterAReconnectIsToldAndAskedForAgainOnTheSameConnection() throws Exception {
    Collector quotes = new Collector();
    try (QuoteSubscription ignored = client.subscribe(Set.of("btcusd.spot"), quotes)) {
      quotes.await(quote -> quote.ticks().isEmpty(), "the startup quote");
      int connects = fake.publicConnects();
      fake.refuseSubscribes(2); // the reconnect's trade and ticker subscribes
      fake.dropPublicConnections();
      quotes.nextError(); // the drop
      RemoteError refused = quotes.nextError();
      assertTrue(refused.describe().contains("EService:Unavailable"), refused.describe());
      fake.trade("BTC/USD", "60003.1", "0.5");
      quotes.await(Collector.trade("60003.1"), "a trade once the refused subscriptions were asked for again");
      assertEquals(connects + 1, fake.publicConnects(), "the reconnect's connection kept");
    }
  }

  /**
   * Two subscribers of a market whose subscribe on a live link Kraken refuses: the second, which asked while the
   * first's subscribe was unanswered, hears the same refusal (it heard success before, and then nothing ever).
   */
  @Test
  void aSecondSubscriberOfAMarketWhoseSubscribeIsRefusedHearsTheRefusalToo() throws Exception {
    Collector eth = new Collector();
    try (QuoteSubscription ignored = client.subscribe(Set.of("ethusd.spot"), eth)) {
      eth.await(quote -> quote.fqme().pair().equals("ethusd"), "ethusd's startup quote: the link is live");
      fake.refuseSubscribes(2); // btcusd's trade and ticker subscribes
      fake.holdSubscribes();
      Collector first = new Collector();
      Collector second = new Collector();
      QuoteSubscription one = client.subscribe(Set.of("btcusd.spot"), first);
      long deadline = System.nanoTime() + Collector.WAIT.toNanos();
      while (fake.heldSubscribes() < 2 && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(100_000); // polled: the first's two requests reach the fake
      }
      assertEquals(2, fake.heldSubscribes());
      QuoteSubscription two = client.subscribe(Set.of("btcusd.spot"), second);
      fake.releaseSubscribes();
      assertTrue(first.nextError().describe().contains("EService:Unavailable"));
      assertTrue(second.nextError().describe().contains("EService:Unavailable"), "the second hears it too");
      one.close();
      two.close();
      Collector third = new Collector();
      try (QuoteSubscription again = client.subscribe(Set.of("btcusd.spot"), third)) {
        third.await(quote -> quote.fqme().pair().equals("btcusd"), "a later subscriber, taken, gets its quotes");
      }
    }
  }

  @Test
  void theEngineGoingToMaintenanceAndBackOnlineIsToldBothWays() throws Exception {
    Collector quotes = new Collector();
    try (QuoteSubscription ignored = client.subscribe(Set.of("btcusd.spot"), quotes)) {
      quotes.await(quote -> quote.ticks().isEmpty(), "the startup quote");
      fake.engineStatus("maintenance");
      RemoteError down = quotes.nextError();
      assertEquals("KrakenStatus", down.type());
      assertTrue(down.message().contains("maintenance"), down.message());
      fake.engineStatus("online");
      RemoteError back = quotes.nextError();
      assertEquals("KrakenStatus", back.type());
      assertTrue(back.message().contains("online again"), back.message());
      fake.trade("BTC/USD", "60006", "0.5");
      quotes.await(Collector.trade("60006"), "quotes go on");
      assertEquals(null, quotes.errors.poll(), "an online engine is told once, when it comes back");
      assertEquals(3, quotes.withoutTicks(), "the startup quote, and each notice's quote as things stand (the "
          + "quotes go on: nothing downstream holds them for stale)");
    }
  }

  /** A refused resubscribe is trouble for that market's subscribers alone: the link's other markets stream on. */
  @Test
  void aResubscribeRefusedForOneMarketIsThatMarketsTroubleAlone() throws Exception {
    Collector btc = new Collector();
    Collector eth = new Collector();
    try (QuoteSubscription one = client.subscribe(Set.of("btcusd.spot"), btc);
         QuoteSubscription two = client.subscribe(Set.of("ethusd.spot"), eth)) {
      btc.await(quote -> quote.ticks().isEmpty(), "btcusd's startup quote");
      eth.await(quote -> quote.ticks().isEmpty(), "ethusd's startup quote");
      assertEquals(1, fake.publicConnectionCount(), "one link carries both");
      fake.refuseSubscribesOf("BTC/USD", 2); // the reconnect's trade and ticker subscribes refuse btcusd alone
      fake.dropPublicConnections();
      assertEquals("KrakenDisconnected", btc.nextError().type());
      assertEquals("KrakenDisconnected", eth.nextError().type());
      assertEquals("KrakenNotSubscribed", btc.nextError().type());
      fake.trade("ETH/USD", "3002.02", "0.5");
      eth.await(Collector.trade("3002.02"), "ethusd streams on");
      assertEquals(null, eth.errors.poll(), "btcusd's refusal is not ethusd's trouble");
    }
  }

  @Test
  void aClosedSubscriptionIsUnsubscribedOnBothChannelsWithTheDocumentedParams() throws Exception {
    Collector quotes = new Collector();
    try (QuoteSubscription eth = client.subscribe(Set.of("ethusd.spot"), quotes)) {
      quotes.await(quote -> quote.fqme().pair().equals("ethusd"), "ethusd's startup quote");
      QuoteSubscription btc = client.subscribe(Set.of("btcusd.spot"), quotes);
      quotes.await(quote -> quote.fqme().pair().equals("btcusd"), "btcusd's startup quote");
      btc.close();
      // a later subscribe on the same connection is answered after the unsubscribe sent before it
      try (QuoteSubscription sol = client.subscribe(Set.of("solusd.spot"), quotes)) {
        quotes.await(quote -> quote.fqme().pair().equals("solusd"), "solusd's startup quote");
        assertEquals(1, fake.publicConnectionCount(), "one connection throughout");
        assertEquals(0, fake.publicSubscribers("trade", "BTC/USD"), "trade unsubscribed");
        assertEquals(0, fake.publicSubscribers("ticker", "BTC/USD"), "ticker unsubscribed");
        assertEquals(1, fake.publicSubscribers("ticker", "ETH/USD"));
      }
    }
  }

  @Test
  void aTradeSnapshotListedNewestFirstStillGivesEveryMissedTradeOnceInOrder() throws Exception {
    fake.tradeSnapshotsNewestFirst(true); // the docs promise trade_id is a per-book sequence, not an order
    Collector quotes = new Collector();
    try (QuoteSubscription ignored = client.subscribe(Set.of("btcusd.spot"), quotes)) {
      quotes.await(quote -> quote.ticks().isEmpty(), "the startup quote");
      fake.trade("BTC/USD", "60002.1", "0.5");
      quotes.await(Collector.trade("60002.1"), "a live trade");
      fake.tradeUnseen("BTC/USD", "60002.2", "0.5"); // two updates lost with the connection
      fake.tradeUnseen("BTC/USD", "60002.3", "0.5");
      fake.dropPublicConnections();
      quotes.await(Collector.trade("60002.3"), "the newer missed trade, from the reconnect's snapshot");
      quotes.await(Collector.trade("60002.2"), "the older missed trade, listed after it in the snapshot");
      List<BigDecimal> prices = quotes.tradePrices();
      assertEquals(List.of(new BigDecimal("60002.1"), new BigDecimal("60002.2"), new BigDecimal("60002.3")),
          prices.stream().map(BigDecimal::stripTrailingZeros).toList(), "each once, in trade_id order");
      assertEquals(List.of(), List.copyOf(quotes.gaps), "the snapshot held every missed trade: no gap");
    }
  }

  /**
   * More trades missed than a reconnect's snapshot holds (50): the oldest ones are lost to the stream, and the
   * jump in trade ids is told as a gap, before the first trade after it, for datad to repair its bars.
   */
  @Test
  void tradesMissedBeyondTheReconnectsSnapshotAreToldAsAGapBeforeTheTradeAfterIt() throws Exception {
    Collector quotes = new Collector();
    try (QuoteSubscription ignored = client.subscribe(Set.of("btcusd.spot"), quotes)) {
      quotes.await(quote -> quote.ticks().isEmpty(), "the startup quote");
      fake.trade("BTC/USD", "60003", "0.5");
      long lastBefore = quotes.await(Collector.trade("60003"), "a live trade").timeNs();
      fake.tradeUnseen("BTC/USD", "60004", "0.5"); // lost for good: 50 newer ones fill the snapshot
      for (int i = 0; i < 50; i++) {
        fake.tradeUnseen("BTC/USD", "60005", "0.01");
      }
      fake.dropPublicConnections();
      quotes.await(Collector.trade("60005"), "the missed trades the reconnect's snapshot holds");
      Collector.Gap gap = quotes.gaps.poll(Collector.WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      assertTrue(gap != null, "a gap is told");
      assertEquals("btcusd.spot", gap.bsFqme());
      assertEquals(lastBefore, gap.lastBeforeNs());
      Quote first = quotes.quote(gap.quotesBefore());
      assertEquals(new BigDecimal("60005"), first.ticks().get(0).price().stripTrailingZeros(),
          "the quote right after the gap is the first trade after it");
      assertEquals(first.timeNs(), gap.firstAfterNs());
      assertEquals(0, quotes.trades("60004"), "the trade the snapshot no longer held is lost to the stream");
      assertEquals(50, quotes.trades("60005"));
    }
  }
}
