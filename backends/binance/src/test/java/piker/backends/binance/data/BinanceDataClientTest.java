package piker.backends.binance.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piker.backends.binance.BinanceSettings;
import piker.backends.binance.fake.BinanceFake;
import piker.contracts.RemoteError;
import piker.contracts.market.Bar;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.SymbolMatch;
import piker.contracts.spi.DataClient;

/** The data client against the protocol fake: markets, search, quotes, history, rate limits, recent bars. */
class BinanceDataClientTest {
  static final MarketStream.Tuning FAST = new MarketStream.Tuning(Duration.ofSeconds(1), Duration.ofSeconds(3),
      Duration.ofHours(23), Duration.ofMillis(50), Duration.ofMillis(400), 4, 1000);
  private BinanceFake fake;
  private BinanceDataClient client;

  static BinanceDataClient open(BinanceFake fake, MarketStream.Tuning timing) {
    return BinanceDataClient.open(new BinanceSettings(fake.restUrl(), fake.streamUrl(), fake.wsApiUrl()), timing)
        .toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  private void start(BinanceFake.Options options) {
    fake = BinanceFake.start(options);
    client = open(fake, FAST);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(15, TimeUnit.SECONDS).join();
  }

  private static RemoteError failure(java.util.concurrent.CompletionStage<?> stage) {
    try {
      await(stage);
    } catch (CompletionException e) {
      return RemoteError.of(e, "test");
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void marketsComeFromExchangeInfoAndUnknownOrHaltedOnesAreUnknownMarkets() {
    start(BinanceFake.Options.defaults().history(Duration.ofMinutes(1), Duration.ofSeconds(10)));
    MktPair btc = await(client.mktInfo("btcusdt.spot"));
    assertEquals("btcusdt.spot.binance", btc.fqme().toString());
    assertEquals("BTCUSDT", btc.bsMktid());
    assertEquals(0, new BigDecimal("0.01").compareTo(btc.priceTick()));
    assertEquals(0, new BigDecimal("0.00001").compareTo(btc.sizeTick()));
    assertEquals(0, new BigDecimal("5").compareTo(btc.minNotional()));
    assertEquals("UnknownMarket", failure(client.mktInfo("nosuch.spot")).type());
    RemoteError halted = failure(client.mktInfo("btceur.spot"));
    assertEquals("UnknownMarket", halted.type());
    assertEquals("UnknownMarket", failure(client.mktInfo("btcusdt.usdtm.perp")).type());
    List<SymbolMatch> found = await(client.search("btc", 10));
    assertEquals("btcusdt.spot.binance", found.get(0).fqme().toString());
    assertTrue(found.stream().noneMatch(match -> match.fqme().pair().equals("btceur")), "halted: not listed");
    long listings = fake.arrivals().stream().filter(arrival -> arrival.path().startsWith("/api/v3/exchangeInfo"))
        .count();
    assertEquals(3, listings, "one listing, then one look-up each for nosuch and btceur");
  }

  @Test
  void theStartupQuoteComesFirstThenTradesAndBookTickersAsTicks() throws Exception {
    start(BinanceFake.Options.defaults().history(Duration.ofMinutes(1), Duration.ofSeconds(10)));
    fake.book("BTCUSDT", "60000.00", "1.5", "60000.50", "2");
    long before = fake.trade("BTCUSDT", "60000.25", "0.1");
    Collector quotes = new Collector();
    DataClient.QuoteSubscription subscription = client.subscribe(Set.of("btcusdt.spot"), quotes);
    Quote startup = quotes.next().get(0);
    assertTrue(startup.ticks().isEmpty(), "the startup quote carries no ticks");
    assertEquals(0, new BigDecimal("60000.25").compareTo(startup.last()));
    assertEquals(0, new BigDecimal("60000.00").compareTo(startup.bid()));
    assertEquals(0, new BigDecimal("60000.50").compareTo(startup.ask()));
    long id = fake.trade("BTCUSDT", "60001.00", "0.25");
    assertTrue(id > before);
    Quote trade = quotes.nextWith("trade");
    assertEquals(0, new BigDecimal("60001.00").compareTo(trade.ticks().get(0).price()));
    assertEquals(0, new BigDecimal("0.25").compareTo(trade.ticks().get(0).size()));
    fake.book("BTCUSDT", "60000.90", "1", "60001.10", "4");
    Quote book = quotes.nextWith("ask");
    assertEquals(0, new BigDecimal("60001.10").compareTo(book.ask()));
    subscription.close();
  }

  @Test
  void aMarketSubscribedAgainStartsFromTheVenuesPricesNowNotTheLastBookItHeard() throws Exception {
    start(BinanceFake.Options.defaults().history(Duration.ofMinutes(1), Duration.ofSeconds(10)));
    fake.book("BTCUSDT", "60000.00", "1.5", "60000.50", "2");
    Collector first = new Collector();
    DataClient.QuoteSubscription subscription = client.subscribe(Set.of("btcusdt.spot"), first);
    assertEquals(0, new BigDecimal("60000.00").compareTo(first.next().get(0).bid()));
    subscription.close();
    fake.book("BTCUSDT", "59000.00", "1", "59000.50", "1"); // the market moved while nobody watched
    Collector again = new Collector();
    try (DataClient.QuoteSubscription ignored = client.subscribe(Set.of("btcusdt.spot"), again)) {
      Quote startup = again.next().get(0);
      assertEquals(0, new BigDecimal("59000.00").compareTo(startup.bid()), "a stale bid: " + startup);
      assertEquals(0, new BigDecimal("59000.50").compareTo(startup.ask()), "a stale ask: " + startup);
    }
  }

  @Test
  void anUnknownMarketFailsTheSubscriptionBeforeAnyQuote() throws Exception {
    start(BinanceFake.Options.defaults().history(Duration.ofMinutes(1), Duration.ofSeconds(10)));
    Collector quotes = new Collector();
    client.subscribe(Set.of("nosuch.spot"), quotes);
    assertEquals("UnknownMarket", quotes.nextError().type());
    assertTrue(quotes.quotes.isEmpty());
  }

  @Test
  void historyIsPagedNewestFirstAndEndsBeforeTheEnd() {
    start(BinanceFake.Options.defaults().history(Duration.ofHours(1), Duration.ofSeconds(1)));
    long end = fake.now() / 1000 - 10;
    List<Bar> bars = await(client.bars("btcusdt.spot", 1, end, 1000));
    assertEquals(1000, bars.size());
    assertTrue(bars.get(bars.size() - 1).time() < end);
    for (int i = 1; i < bars.size(); i++) {
      assertTrue(bars.get(i - 1).time() < bars.get(i).time(), "oldest first, each once");
    }
    List<Bar> more = await(client.bars("btcusdt.spot", 1, end, 1500));
    assertEquals(1500, more.size());
    assertEquals(bars, more.subList(500, 1500));
    List<Bar> minutes = await(client.bars("btcusdt.spot", 60, end, 30));
    assertEquals(30, minutes.size());
    assertEquals(0, minutes.get(0).time() % 60);
    assertEquals(fake.usedWeight(), client.rest().usedWeight(), "the gate's count follows the host's header");
  }

  @Test
  void a429StopsEveryRequestToTheHostUntilRetryAfterHasPassed() {
    start(BinanceFake.Options.defaults().history(Duration.ofMinutes(5), Duration.ofSeconds(1)));
    await(client.mktInfo("btcusdt.spot"));
    fake.rateLimitNext(2);
    long end = fake.now() / 1000;
    RemoteError limited = failure(client.bars("btcusdt.spot", 1, end, 10));
    assertEquals("-1003", limited.type());
    assertTrue(limited.message().startsWith("rate limited by binance for 2 s"), limited.message());
    long limitedAt = System.currentTimeMillis();
    int arrived = fake.arrivals().size();
    RemoteError still = failure(client.bars("btcusdt.spot", 1, end, 10));
    assertTrue(still.message().startsWith("rate limited by binance for "), still.message());
    assertEquals(arrived, fake.arrivals().size(), "nothing sent to the host while it refuses us");
    // once Retry-After has passed the host is asked again
    List<Bar> later = await(java.util.concurrent.CompletableFuture.supplyAsync(() -> null,
            java.util.concurrent.CompletableFuture.delayedExecutor(2100, TimeUnit.MILLISECONDS))
        .thenCompose(ignored -> client.bars("btcusdt.spot", 1, end, 10)));
    assertEquals(10, later.size());
    assertTrue(fake.arrivals().get(fake.arrivals().size() - 1).atMillis() >= limitedAt + 1000);
  }

  @Test
  void recentBarsGiveTheOpenMinuteAsTheVenueHasItCutAtItsLastTrade() throws Exception {
    start(BinanceFake.Options.defaults().history(Duration.ofMinutes(5), Duration.ofSeconds(30)));
    Collector quotes = new Collector();
    client.subscribe(Set.of("btcusdt.spot"), quotes);
    quotes.next(); // the startup quote
    fake.trade("BTCUSDT", "60010.00", "0.5");
    Quote seen = quotes.nextWith("trade");
    long openMinute = Math.floorDiv(seen.timeNs(), 60_000_000_000L) * 60;
    Optional<DataClient.RecentBars> recent = await(client.recentBars("btcusdt.spot", 60, openMinute));
    assertTrue(recent.isPresent());
    List<Bar> bars = recent.get().bars();
    assertTrue(bars.get(bars.size() - 1).time() >= openMinute, "up to the open minute (the next, if it began)");
    Bar open = bars.stream().filter(bar -> bar.time() == openMinute).findFirst().orElseThrow();
    assertEquals(0, new BigDecimal("60010.00").compareTo(open.close()));
    assertTrue(recent.get().asOfNs() >= seen.timeNs(), "the trade we saw is in the venue's bar");
    fake.trade("BTCUSDT", "60020.00", "0.5");
    Quote after = quotes.nextWith("trade");
    assertTrue(after.timeNs() > recent.get().asOfNs(), "a later trade counts on top of the venue's bar");
    assertNotNull(open.volume());
  }

  @Test
  void aQuietMarketsOpenSecondIsCutBeforeItsFirstLiveTrade() throws Exception {
    start(BinanceFake.Options.defaults().history(Duration.ofMinutes(1), Duration.ofSeconds(10)));
    long second = fake.now() / 1000;
    Optional<DataClient.RecentBars> recent = await(client.recentBars("ethusdt.spot", 1, second));
    assertTrue(recent.isPresent());
    List<Bar> bars = recent.get().bars();
    assertTrue(bars.get(bars.size() - 1).time() >= second);
    Collector quotes = new Collector();
    client.subscribe(Set.of("ethusdt.spot"), quotes);
    quotes.next();
    fake.trade("ETHUSDT", "3001.00", "1");
    assertTrue(quotes.nextWith("trade").timeNs() > recent.get().asOfNs(), "a live trade is after the cut");
  }

  @Test
  void theServersClockSetsTheOffsetQuotesAndRateWindowsGoBy() throws Exception {
    fake = BinanceFake.start(BinanceFake.Options.defaults().history(Duration.ofMinutes(1), Duration.ofSeconds(10)));
    fake.clockSkew(Duration.ofSeconds(7));
    client = open(fake, FAST);
    long offset = client.clock().offset();
    assertTrue(Math.abs(offset - 7_000) < 1_000, "offset " + offset);
    Collector quotes = new Collector();
    client.subscribe(Set.of("btcusdt.spot"), quotes);
    long startupMs = quotes.next().get(0).timeNs() / 1_000_000;
    assertTrue(Math.abs(startupMs - fake.now()) < 1_000, "the startup quote is stamped in the venue's time");
  }

  @Test
  void theMarketListIsKeptAnHourThenRefreshedWhileTheOldOneStillAnswers() {
    fake = BinanceFake.start(BinanceFake.Options.defaults().history(Duration.ofMinutes(1), Duration.ofSeconds(10)));
    java.util.concurrent.atomic.AtomicLong local = new java.util.concurrent.atomic.AtomicLong(fake.now());
    client = new BinanceDataClient(new BinanceSettings(fake.restUrl(), fake.streamUrl(), fake.wsApiUrl()),
        new piker.backends.binance.rest.ServerClock(local::get), FAST);
    java.util.function.LongSupplier listings = () -> fake.arrivals().stream()
        .filter(arrival -> arrival.path().startsWith("/api/v3/exchangeInfo")).count();
    await(client.search("eth", 5));
    await(client.mktInfo("ethusdt.spot"));
    local.addAndGet(Duration.ofMinutes(59).toMillis());
    await(client.search("sol", 5));
    assertEquals(1, listings.getAsLong(), "within the hour: the list fetched once");
    local.addAndGet(Duration.ofMinutes(1).toMillis());
    assertEquals("btcusdt.spot.binance", await(client.search("btcusdt", 1)).get(0).fqme().toString());
    await(client.search("btc", 1)); // answered by the refreshed list once it is in
    assertEquals(2, listings.getAsLong(), "an hour on: fetched again, once");
  }
}
