package piker.backends.kraken.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piker.backends.kraken.KrakenSettings;
import piker.backends.kraken.fake.KrakenFake;
import piker.contracts.market.Bar;

/** History as Kraken may serve it: results under a key we did not send, Trades pages shorter than asked. */
class KrakenHistoryTest {
  private KrakenFake fake;
  private KrakenDataClient client;

  @BeforeEach
  void start() throws Exception {
    fake = KrakenFake.start(KrakenFake.Options.quick()); // a trade every 10 s for 10 minutes
    client = KrakenDataClient.open(new KrakenSettings(fake.restUrl(), fake.wsUrl(), fake.wsAuthUrl(),
        Duration.ZERO)).get();
  }

  @AfterEach
  void stop() {
    client.close();
    fake.close();
  }

  private static List<Bar> get(java.util.concurrent.CompletionStage<List<Bar>> stage) throws Exception {
    return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void ohlcAndTradesAreReadUnderWhateverKeyKrakenAnswersWith() throws Exception {
    long end = Instant.now().getEpochSecond() - 5;
    fake.historyUnderAltname(true); // we send XXBTZUSD, the answer comes under XBTUSD
    List<Bar> minutes = get(client.bars("btcusd.spot", 60, end, 300));
    List<Bar> seconds = get(client.bars("btcusd.spot", 1, end, 120));
    assertFalse(minutes.isEmpty(), "OHLC under another key is still the pair's candles");
    assertFalse(seconds.isEmpty(), "Trades under another key are still the pair's trades");
    fake.historyUnderAltname(false);
    assertEquals(get(client.bars("btcusd.spot", 60, end, 300)), minutes, "the same candles as under the key");
    assertEquals(get(client.bars("btcusd.spot", 1, end, 120)), seconds, "the same trades as under the key");
  }

  @Test
  void recentBarsOnABusyMarketStopAtTheCutFixedWhenTheLoadStarted() throws Exception {
    fake.tradesPerCall(3); // short pages, and a new trade before every one: the trades never run out
    fake.tradeEveryTradesCall(true);
    piker.contracts.spi.DataClient.RecentBars recent = recentBarsHoldEveryTradeToTheirCutOnce();
    assertEquals(0, recent.asOfNs() % 1_000, "cut to the websocket's microsecond");
  }

  /** The last two minutes' recent bars, checked to hold exactly the trades at or before their cut, each once. */
  private piker.contracts.spi.DataClient.RecentBars recentBarsHoldEveryTradeToTheirCutOnce() throws Exception {
    long since = Instant.now().getEpochSecond() / 60 * 60 - 120;
    piker.contracts.spi.DataClient.RecentBars recent = client.recentBars("btcusd.spot", 60, since)
        .toCompletableFuture().get(20, TimeUnit.SECONDS).orElseThrow();
    java.math.BigDecimal held = recent.bars().stream().map(Bar::volume).reduce(java.math.BigDecimal.ZERO,
        java.math.BigDecimal::add);
    assertEquals(0, fake.tradedVolume("BTC/USD", since * 1_000_000_000L, recent.asOfNs() + 999).compareTo(held),
        "exactly the trades from since to the cut, each once: " + held);
    return recent;
  }

  @Test
  void tradesAreAskedForSinceASecondAsTheDocsShowAndPagedOnByTheLastKrakenGave() throws Exception {
    fake.tradesSinceAsDocumented(true); // a nanosecond since that Kraken did not give is read as seconds
    fake.tradesPerCall(3);
    long end = Instant.now().getEpochSecond() - 5;
    List<Bar> bars = get(client.bars("btcusd.spot", 1, end, 120));
    assertTrue(bars.size() >= 100, "the frame's trades, over pages: " + bars.size());
    recentBarsHoldEveryTradeToTheirCutOnce();
  }

  @Test
  void aOneSecondFrameIsWholeFromItsStartToItsEndWhereTradesAreSparse() throws Exception {
    long end = Instant.now().getEpochSecond() - 5; // a trade every 10 s: most seconds have none
    List<Bar> bars = get(client.bars("btcusd.spot", 1, end, 120));
    assertEquals(120, bars.size(), "the whole frame, as asked: " + bars.size());
    assertEquals(end - 120, bars.get(0).time(), "from its first second, at the price before it");
    assertEquals(end - 1, bars.get(bars.size() - 1).time(), "to its last second");
    for (int i = 1; i < bars.size(); i++) {
      assertEquals(bars.get(i - 1).time() + 1, bars.get(i).time(), "gap-free at " + i);
      if (bars.get(i).volume().signum() == 0) {
        assertEquals(bars.get(i - 1).close(), bars.get(i).close(), "a quiet second is flat at the price before it");
      }
    }
    java.math.BigDecimal held = bars.stream().map(Bar::volume).reduce(java.math.BigDecimal.ZERO,
        java.math.BigDecimal::add);
    assertEquals(0, fake.tradedVolume("BTC/USD", (end - 120) * 1_000_000_000L, end * 1_000_000_000L - 1)
        .compareTo(held), "every trade of the frame once: " + held);
  }

  @Test
  void aShortTradesPageIsNoEndOfTheTrades() throws Exception {
    fake.tradesPerCall(3); // "Up to 1000 trades per call": this Kraken gives 3
    long end = Instant.now().getEpochSecond() - 5;
    List<Bar> bars = get(client.bars("btcusd.spot", 1, end, 120));
    assertTrue(bars.size() >= 100, "from the frame's first trade (within its first 10 s) to its end: " + bars.size());
    assertTrue(bars.get(bars.size() - 1).time() >= end - 10, "up to the frame's last trade (within its last 10 s)");
    for (int i = 1; i < bars.size(); i++) {
      assertEquals(bars.get(i - 1).time() + 1, bars.get(i).time(), "gap-free at " + i);
    }
  }
}
