package piker.backends.kraken.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import piker.backends.kraken.KrakenSettings;
import piker.backends.kraken.fake.KrakenFake;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.market.Bar;
import piker.contracts.market.MktPair;
import piker.contracts.market.SymbolMatch;
import piker.contracts.spi.DataClient;

/** The data client against the fake: every spelling, 1 s bars from Trades, the OHLC window, refusals. */
class KrakenDataClientTest {
  private static KrakenFake fake;
  private static KrakenDataClient client;

  @BeforeAll
  static void start() throws Exception {
    fake = KrakenFake.start(KrakenFake.Options.quick());
    client = KrakenDataClient.open(new KrakenSettings(fake.restUrl(), fake.wsUrl(), fake.wsAuthUrl(),
        Duration.ZERO)).get();
  }

  @AfterAll
  static void stop() {
    client.close();
    fake.close();
  }

  private static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void everySpellingFindsBtcUsdFirst() throws Exception {
    for (String pattern : List.of("xbt", "xbtusd", "btc", "btcusd", "BTC/USD", "XXBTZUSD", "XBTUSD.SPOT.KRAKEN")) {
      List<SymbolMatch> found = get(client.search(pattern, 5));
      assertFalse(found.isEmpty(), pattern);
      assertEquals("btcusd.spot.kraken", found.get(0).fqme().toString(), "'" + pattern + "' finds " + found);
      for (int i = 1; i < found.size(); i++) {
        assertTrue(found.get(i - 1).score() >= found.get(i).score(), "best first: " + found);
      }
    }
    assertTrue(get(client.search("luna", 5)).isEmpty(), "a delisted pair is not offered");
  }

  @Test
  void theAltnameResolvesToTheCanonicalMarket() throws Exception {
    MktPair pair = get(client.mktInfo("xbtusd.spot"));
    assertEquals("btcusd.spot.kraken", pair.fqme().toString());
    assertEquals("XXBTZUSD", pair.bsMktid());
    assertEquals("XETHXXBT", get(client.mktInfo("ethbtc.spot")).bsMktid());
    ExecutionException unknown = assertThrows(ExecutionException.class, () -> get(client.mktInfo("lunausd.spot")));
    assertEquals("UnknownMarket", ((RemoteException) unknown.getCause()).error().type(), "delisted");
  }

  @Test
  void aNameTheListLacksIsAskedOfKrakenOnceAndAThrottledAnswerNamesTheWait() throws Exception {
    get(client.mktInfo("btcusd.spot")); // the list is in
    int before = fake.publicArrivals().size();
    ExecutionException unknown = assertThrows(ExecutionException.class, () -> get(client.mktInfo("zzzusd.spot")));
    assertEquals("UnknownMarket", ((RemoteException) unknown.getCause()).error().type());
    assertEquals(before + 1, fake.publicArrivals().size(), "one AssetPairs?pair= call, Kraken's own answer");
    ExecutionException odd = assertThrows(ExecutionException.class, () -> get(client.mktInfo("../x.spot")));
    assertEquals("UnknownMarket", ((RemoteException) odd.getCause()).error().type());
    assertEquals(before + 1, fake.publicArrivals().size(), "a name Kraken could not list costs no call");

    long until = Instant.now().getEpochSecond() + 2; // short: the other checks share this client
    fake.failNextPublic("EService: Throttled: " + until);
    ExecutionException throttled = assertThrows(ExecutionException.class, () -> get(client.mktInfo("yyyusd.spot")));
    String said = ((RemoteException) throttled.getCause()).error().message();
    assertTrue(said.matches("rate limited by kraken for [12] s \\(EService: Throttled: " + until + "\\)"), said);
  }

  @Test
  void oneSecondBarsComeFromTradesGapFree() throws Exception {
    long end = Instant.now().getEpochSecond() - 5;
    List<Bar> bars = get(client.bars("btcusd.spot", 1, end, 120));
    assertFalse(bars.isEmpty(), "the fake trades every 10 s");
    assertTrue(bars.size() <= 120 && bars.size() >= 100, "from the first trade in the frame to its end: " + bars.size());
    for (int i = 1; i < bars.size(); i++) {
      assertEquals(bars.get(i - 1).time() + 1, bars.get(i).time(), "gap-free at " + i);
    }
    assertTrue(bars.get(bars.size() - 1).time() < end);
  }

  @Test
  void minuteBarsStopAtTheOhlcWindow() throws Exception {
    long end = (Instant.now().getEpochSecond() / 60 - 1) * 60;
    List<Bar> bars = get(client.bars("btcusd.spot", 60, end, 300));
    assertFalse(bars.isEmpty());
    assertTrue(bars.size() <= 10, "the fake's 10 minutes of history: " + bars.size());
    assertEquals(end - 60, bars.get(bars.size() - 1).time());
    assertTrue(get(client.bars("btcusd.spot", 60, end - 720 * 60, 300)).isEmpty(), "older than the window: none");
    assertEquals(720, client.historyDepth(60).getAsInt());
    assertTrue(client.historyDepth(1).isEmpty());
  }

  @Test
  void recentBarsHoldTheTradesUpToTheLastOneReadAndLiveTradesAfterItAreLater() throws Exception {
    Collector quotes = new Collector();
    try (var ignored = client.subscribe(java.util.Set.of("solusd.spot"), quotes)) {
      quotes.await(quote -> quote.ticks().isEmpty(), "the startup quote");
      fake.trade("SOL/USD", "151.11", "2");
      long tradeNs = quotes.await(Collector.trade("151.11"), "the trade, live").timeNs();
      long minute = Instant.now().getEpochSecond() / 60 * 60;
      DataClient.RecentBars recent = get(client.recentBars("solusd.spot", 60, minute - 120)).orElseThrow();
      assertEquals(0, recent.asOfNs() % 1_000, "cut to the websocket's microsecond");
      assertTrue(tradeNs <= recent.asOfNs(), "the live trade is in the bars: " + tradeNs + " > " + recent.asOfNs());
      Bar open = recent.bars().get(recent.bars().size() - 1);
      assertTrue(open.time() >= minute, "the last bar is the open one");
      assertEquals(new java.math.BigDecimal("151.11"), open.close());
      fake.trade("SOL/USD", "151.12", "2");
      long laterNs = quotes.await(Collector.trade("151.12"), "a later trade, live").timeNs();
      assertTrue(laterNs > recent.asOfNs(), "a trade after the cut is later than it");
    }
  }

  /**
   * Kraken's clock 5 s ahead of ours: a cut from our clock alone would leave out the trade the feed already took
   * (it is neither in the bars nor after them); the cut is never before a trade the stream passed on.
   */
  @Test
  void recentBarsHoldTheTradeTheStreamTookWhenKrakensClockIsAhead() throws Exception {
    fake.clockAhead(Duration.ofSeconds(5));
    try {
      Collector quotes = new Collector();
      try (var ignored = client.subscribe(java.util.Set.of("ethusd.spot"), quotes)) {
        quotes.await(quote -> quote.ticks().isEmpty(), "the startup quote");
        fake.trade("ETH/USD", "3001.11", "2");
        long tradeNs = quotes.await(Collector.trade("3001.11"), "the trade, live").timeNs();
        long minute = Instant.now().getEpochSecond() / 60 * 60;
        DataClient.RecentBars recent = get(client.recentBars("ethusd.spot", 60, minute - 120)).orElseThrow();
        assertTrue(tradeNs <= recent.asOfNs(), "the live trade is in the bars: " + tradeNs + " > " + recent.asOfNs());
        assertEquals(new java.math.BigDecimal("3001.11"), recent.bars().get(recent.bars().size() - 1).close());
      }
    } finally {
      fake.clockAhead(Duration.ZERO);
    }
  }

  @Test
  void aRateRefusalNamesTheWaitAndKrakensString() throws Exception {
    fake.rateLimitNext();
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> get(client.bars("ethusd.spot", 60, Instant.now().getEpochSecond(), 10)));
    RemoteError error = ((RemoteException) refused.getCause()).error();
    assertEquals("EAPI:Rate limit exceeded", error.type());
    assertEquals("rate limited by kraken for 1 s (EAPI:Rate limit exceeded)", error.message());
  }
}
