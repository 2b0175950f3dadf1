package piker.backends.binance.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
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
import piker.contracts.spi.DataClient;

/**
 * The market-stream connection against the fake: a dropped link comes back with its streams, a renewed one
 * (24 h, serverShutdown) takes over without a gap or a duplicate, a silent one is noticed, and our messages
 * stay under the per-second limit.
 */
class BinanceStreamsTest {
  private BinanceFake fake;
  private BinanceDataClient client;

  private Collector subscribed(BinanceFake.Options options, MarketStream.Tuning timing, String... markets)
      throws InterruptedException {
    fake = BinanceFake.start(options);
    client = BinanceDataClientTest.open(fake, timing);
    Collector quotes = new Collector();
    client.subscribe(Set.of(markets), quotes);
    for (String ignored : markets) {
      assertTrue(quotes.next().get(0).ticks().isEmpty(), "a startup quote first");
    }
    return quotes;
  }

  private static BinanceFake.Options quiet() {
    return BinanceFake.Options.defaults().history(Duration.ofMinutes(1), Duration.ofSeconds(10));
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

  /** Trades {@code prices} one at a time and returns the trade prices the listener got, in order. */
  private List<String> tradeAndCollect(Collector quotes, int count, int from) throws InterruptedException {
    List<String> got = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      fake.trade("BTCUSDT", String.valueOf(from + i), "1");
      Quote trade = quotes.nextWith("trade");
      lastTradeTime = trade.timeNs();
      got.add(trade.ticks().get(0).price().stripTrailingZeros().toPlainString());
    }
    return got;
  }

  /** The quote time of the trade {@link #tradeAndCollect} got last. */
  private long lastTradeTime;

  /**
   * The fake closes its sockets (a FIN, no close frame). When that FIN is read while the listener is still in
   * the previous onText, JDK 17's websocket trips over its own demand count (an InternalError in
   * TransportImpl.acknowledgeReception, swallowed on the selector thread) and tells the listener nothing: only
   * the watchdog's unanswered ping notices then, which is why a drop is "noticed", not "heard of".
   */
  @Test
  void aDroppedLinkComesBackWithItsStreamsAndNoTickTwice() throws Exception {
    Collector quotes = subscribed(quiet(), BinanceDataClientTest.FAST, "btcusdt.spot");
    assertEquals(List.of("100", "101"), tradeAndCollect(quotes, 2, 100));
    long lastBefore = lastTradeTime;
    fake.awaitPongs(); // the drop may be noticed by the watchdog only (see above): the pong deadline applies
    fake.dropConnections();
    fake.trade("BTCUSDT", "140", "1"); // never delivered: the link is down, and streams have no replay
    int left = fake.connectionCount();
    RemoteError trouble = quotes.errors.poll(10, TimeUnit.SECONDS);
    assertTrue(trouble != null, "the drop is noticed (connections the fake still had open after it: " + left + ")");
    assertEquals("BinanceDisconnected", trouble.type());
    // trades while we are away are Binance's loss (streams have no replay): trade until one arrives
    Quote back = null;
    for (int i = 0; i < 30 && back == null; i++) {
      fake.trade("BTCUSDT", String.valueOf(150 + i), "1");
      List<Quote> batch = quotes.quotes.poll(300, TimeUnit.MILLISECONDS);
      back = batch == null ? null : batch.stream().filter(quote -> !quote.ticks().isEmpty()).findFirst().orElse(null);
    }
    assertTrue(back != null, "the link came back with its streams");
    // the trades made while away are told as a gap, before the first trade after it, for datad to repair
    Collector.Gap gap = quotes.gaps.poll();
    assertEquals(new Collector.Gap("btcusdt.spot", lastBefore, back.timeNs()), gap);
    assertEquals(1, quotes.gapsToldFirst.get(), "the gap is told before its trade");
    // a later attempt may still be on its way: a marker after them all, on the same ordered link, flushes it
    fake.trade("BTCUSDT", "199", "1");
    while (!quotes.nextWith("trade").ticks().get(0).price().stripTrailingZeros().toPlainString().equals("199")) {
      // an attempt that arrived late, skipped
    }
    List<String> after = tradeAndCollect(quotes, 3, 200);
    assertEquals(List.of("200", "201", "202"), after);
    fake.book("BTCUSDT", "201.00", "1", "203.00", "1"); // a new update id: not taken for one seen before
    assertEquals(0, new BigDecimal("203.00").compareTo(quotes.nextWith("ask").ask()));
    assertTrue(quotes.quotes.isEmpty(), "no tick twice: " + quotes.quotes);
  }

  /**
   * Two subscribers of a market whose SUBSCRIBE on a live link Binance refuses: the second, which asked while
   * the first's was unanswered, hears the same refusal (it heard success before, and then no live tick ever).
   */
  @Test
  void aSecondSubscriberOfAMarketWhoseSubscribeIsRefusedHearsTheRefusalToo() throws Exception {
    subscribed(quiet(), BinanceDataClientTest.FAST, "ethusdt.spot"); // the link is live
    fake.refuseSubscribes(1);
    fake.holdSubscribes();
    Collector first = new Collector();
    Collector second = new Collector();
    DataClient.QuoteSubscription one = client.subscribe(Set.of("btcusdt.spot"), first);
    long deadline = System.nanoTime() + Collector.WAIT.toNanos();
    while (fake.heldSubscribes() < 1 && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(100_000); // polled: the first's SUBSCRIBE reaches the fake
    }
    assertEquals(1, fake.heldSubscribes());
    DataClient.QuoteSubscription two = client.subscribe(Set.of("btcusdt.spot"), second);
    fake.releaseSubscribes();
    assertTrue(first.nextError().describe().contains("too many parameters"));
    assertTrue(second.nextError().describe().contains("too many parameters"), "the second hears it too");
    one.close();
    two.close();
    Collector third = new Collector();
    try (DataClient.QuoteSubscription again = client.subscribe(Set.of("btcusdt.spot"), third)) {
      assertTrue(third.next().get(0).ticks().isEmpty(), "a later subscriber, taken, gets its startup quote");
      fake.trade("BTCUSDT", "60000.01", "1");
      assertEquals(0, new BigDecimal("60000.01").compareTo(third.nextWith("trade").last()), "and live ticks");
    }
  }

  /**
   * A quiet market whose stream has passed on no trade when the link drops: its trades while the link is down are
   * still told as a gap, against the venue's newest trade id read at the start (the 24 h ticker's lastId).
   */
  @Test
  void aQuietMarketsTradesMissedBeforeItsFirstStreamedTradeAreToldAsAGap() throws Exception {
    Collector quotes = subscribed(quiet(), BinanceDataClientTest.FAST, "btcusdt.spot");
    long deadline = System.nanoTime() + Collector.WAIT.toNanos();
    while (fake.arrivals().stream().noneMatch(arrival -> arrival.path().startsWith("/api/v3/ticker/24hr"))
        && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // polled: the start's 24 h ticker was asked for
    }
    fake.awaitPongs();
    fake.dropConnections();
    fake.trade("BTCUSDT", "150", "1"); // never streamed: the link is down
    assertTrue(quotes.errors.poll(10, TimeUnit.SECONDS) != null, "the drop is noticed");
    Quote back = null;
    for (int i = 0; i < 30 && back == null; i++) {
      fake.trade("BTCUSDT", String.valueOf(160 + i), "1");
      List<Quote> batch = quotes.quotes.poll(300, TimeUnit.MILLISECONDS);
      back = batch == null ? null : batch.stream().filter(quote -> !quote.ticks().isEmpty()).findFirst().orElse(null);
    }
    assertTrue(back != null, "the link came back");
    Collector.Gap gap = quotes.gaps.poll();
    assertTrue(gap != null, "a gap is told though no trade had been streamed before the drop");
    assertEquals(back.timeNs(), gap.firstAfterNs());
    assertTrue(gap.lastBeforeNs() < back.timeNs());
  }

  @Test
  void serverShutdownMovesToANewConnectionWithoutAGapOrADuplicate() throws Exception {
    Collector quotes = subscribed(quiet(), BinanceDataClientTest.FAST, "btcusdt.spot");
    fake.serverShutdown();
    Set<Long> ids = new HashSet<>();
    List<BigDecimal> prices = new ArrayList<>();
    for (int i = 0; i < 40; i++) { // across the swap: both links deliver for a while
      ids.add(fake.trade("BTCUSDT", String.valueOf(300 + i), "1"));
      prices.add(quotes.nextWith("trade").ticks().get(0).price());
    }
    for (int i = 0; i < 40; i++) {
      assertEquals(0, new BigDecimal(300 + i).compareTo(prices.get(i)));
    }
    assertEquals(40, ids.size());
    assertTrue(quotes.quotes.isEmpty(), "no duplicate");
    assertEquals(List.of(), List.copyOf(quotes.gaps), "and no gap told");
  }

  @Test
  void aConnectionIsRenewedBeforeItsMaximumAgeWithoutLosingTicks() throws Exception {
    MarketStream.Tuning shortLived = new MarketStream.Tuning(Duration.ofSeconds(1), Duration.ofSeconds(3),
        Duration.ofMillis(600), Duration.ofMillis(50), Duration.ofMillis(400), 4, 1000);
    Collector quotes = subscribed(quiet(), shortLived, "btcusdt.spot");
    List<String> got = new ArrayList<>();
    List<String> sent = new ArrayList<>();
    long until = System.currentTimeMillis() + 2_500; // several renewals
    int i = 0;
    while (System.currentTimeMillis() < until) {
      fake.trade("BTCUSDT", String.valueOf(400 + i), "1");
      sent.add(String.valueOf(400 + i));
      got.add(quotes.nextWith("trade").ticks().get(0).price().stripTrailingZeros().toPlainString());
      i++;
    }
    assertEquals(sent, got);
    assertTrue(quotes.errors.isEmpty(), "a renewal is no trouble: " + quotes.errors);
  }

  @Test
  void aLinkWhoseNetworkDiesSilentlyIsNoticedByItsPingAndReplacedWithinFiveSeconds() throws Exception {
    Collector quotes = subscribed(quiet(), BinanceDataClientTest.FAST, "btcusdt.spot");
    fake.awaitPongs(); // a server that has answered our ping is expected to answer the next within deadAfter
    // no FIN, no RST, no frame: only our ping, unanswered, can tell
    fake.stallConnections();
    long stalledAt = System.nanoTime();
    RemoteError dead = quotes.nextError();
    assertEquals("BinanceDisconnected", dead.type());
    assertTrue(dead.message().contains("nothing heard"), dead.message());
    // the replacement is a fresh connection: trade until one lands
    Quote traded = null;
    for (int i = 0; i < 30 && traded == null; i++) {
      fake.trade("BTCUSDT", String.valueOf(500 + i), "1");
      List<Quote> batch = quotes.quotes.poll(300, TimeUnit.MILLISECONDS);
      traded = batch == null ? null : batch.stream().filter(quote -> !quote.ticks().isEmpty()).findFirst().orElse(null);
    }
    assertTrue(traded != null, "the replaced link delivers trades");
    long backMs = (System.nanoTime() - stalledAt) / 1_000_000;
    // 3 s of silence, then one backoff (1 s in production, 50 ms here): the 5 s
    assertTrue(backMs < 5_000, "back " + backMs + " ms after the network died");
  }

  @Test
  void aServerThatNeverAnswersOurPingsIsNotTakenForDeadAtThePongDeadline() throws Exception {
    fake = BinanceFake.start(quiet());
    fake.answersPings(false);
    client = BinanceDataClientTest.open(fake, BinanceDataClientTest.FAST);
    Collector quotes = new Collector();
    client.subscribe(Set.of("btcusdt.spot"), quotes);
    assertTrue(quotes.next().get(0).ticks().isEmpty(), "a startup quote first");
    // quiet past FAST's 3 s deadAfter, our pings unanswered: Binance's rule (60 s of nothing) applies instead
    assertEquals(null, quotes.errors.poll(3_500, TimeUnit.MILLISECONDS), "no reconnect");
    fake.trade("BTCUSDT", "700", "1");
    assertEquals("700", quotes.nextWith("trade").ticks().get(0).price().stripTrailingZeros().toPlainString());
    assertEquals(0, fake.pongsSent());
  }

  @Test
  void manyMarketsAtOnceStayUnderTheFakesMessageLimit() throws Exception {
    Collector quotes = subscribed(quiet(), BinanceDataClientTest.FAST, "btcusdt.spot", "ethusdt.spot",
        "ethbtc.spot", "bnbusdt.spot", "ltcbtc.spot", "solusdt.spot");
    fake.trade("SOLUSDT", "151", "1");
    Quote sol = quotes.nextWith("trade");
    assertEquals("solusdt.spot.binance", sol.fqme().toString());
    assertTrue(quotes.errors.isEmpty(), "never dropped for flooding: " + quotes.errors);
  }

  @Test
  void binancesPingsAreAnsweredSoALinkOutlivesThePongTimeout() throws Exception {
    // the fake pings every 300 ms and cuts a link that has not answered within 700 ms
    Collector quotes = subscribed(quiet().keepalive(Duration.ofMillis(300), Duration.ofMillis(700)),
        BinanceDataClientTest.FAST, "btcusdt.spot");
    long until = System.currentTimeMillis() + 1_500;
    int i = 0;
    while (System.currentTimeMillis() < until) {
      fake.trade("BTCUSDT", String.valueOf(600 + i++), "1");
      quotes.nextWith("trade");
    }
    assertTrue(quotes.errors.isEmpty(), "never cut: " + quotes.errors);
  }

  @Test
  void streamsBeyondWhatOneConnectionMayCarryGoOnAnother() throws Exception {
    MarketStream.Tuning fourStreams = new MarketStream.Tuning(Duration.ofSeconds(1), Duration.ofSeconds(3),
        Duration.ofHours(23), Duration.ofMillis(50), Duration.ofMillis(400), 4, 4);
    fake = BinanceFake.start(quiet());
    fake.maxStreams(4); // the fake drops a connection holding more
    client = BinanceDataClientTest.open(fake, fourStreams);
    Collector quotes = new Collector();
    client.subscribe(Set.of("btcusdt.spot", "ethusdt.spot", "solusdt.spot"), quotes);
    for (int i = 0; i < 3; i++) {
      quotes.next();
    }
    assertEquals(2, fake.connectionCount(), "six streams, four a connection");
    for (String symbol : List.of("BTCUSDT", "ETHUSDT", "SOLUSDT")) {
      fake.trade(symbol, "10", "1");
      assertEquals(symbol.toLowerCase(java.util.Locale.ROOT) + ".spot.binance",
          quotes.nextWith("trade").fqme().toString());
    }
    assertTrue(quotes.errors.isEmpty(), "never dropped: " + quotes.errors);
  }

  // No callback leaves the data side under one of its locks: a caller that takes its own lock, or the
  // client's, from there cannot deadlock with a thread taking the same locks the other way round.

  @Test
  void aSubscriptionCarriedInTheUrlIsConfirmedOutsideTheStreamsLock() throws Exception {
    fake = BinanceFake.start(quiet());
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    MarketStream stream = new MarketStream(URI.create(String.valueOf(fake.streamUrl())),
        HttpClient.newHttpClient(), timers, new MarketStream.Sink() {
          @Override
          public void onMessage(StreamMessage message, long receivedNs) {
          }

          @Override
          public void onTrouble(RemoteError error, java.util.Collection<String> streams) {
          }
        }, BinanceDataClientTest.FAST, System::currentTimeMillis);
    try {
      CompletableFuture<Boolean> confirmedUnderLock;
      // held while the link opens: its confirmation (the one name is in the URL) comes once we let go
      synchronized (stream) {
        confirmedUnderLock = stream.subscribe(List.of("btcusdt@trade")).thenApply(ok -> Thread.holdsLock(stream));
      }
      assertFalse(confirmedUnderLock.get(10, TimeUnit.SECONDS), "confirmed under the stream's lock");
    } finally {
      stream.close();
      timers.shutdownNow();
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
