package piker.backends.binance.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piker.backends.binance.exchange.BinanceMarket;
import piker.backends.binance.fake.BinanceFake;
import piker.contracts.market.Bar;
import piker.contracts.spi.DataClient.RecentBars;

/**
 * The open period's cut against the venue's REST rows, with the stream events and the rows told by the test:
 * the fake serves the market and the streams' confirmations only.
 */
class RecentKlinesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The feed's first live second, well clear of anything the fake's own clock pushes. */
  private static final long FIRST = 1_900_000_000L;

  private final BinanceFake fake = BinanceFake.start(BinanceFake.Options.quick());
  private final BinanceDataClient client = BinanceDataClientTest.open(fake, BinanceDataClientTest.FAST);
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  /** The venue's 1 s rows as REST would answer them now. */
  private volatile ArrayNode venueRows = JSON.createArrayNode();

  @AfterEach
  void stop() {
    timers.shutdownNow();
    client.close();
    fake.close();
  }

  @Test
  void aFirstPeriodStillOpenWhenTheLoadStartedHasItsLaterTradesWhenALaterKlineIsTheCut() throws Exception {
    BinanceMarket eth = client.market("ethusdt.spot").get(10, TimeUnit.SECONDS);
    MarketTape tape = client.tape("ETHUSDT", eth.pair());
    RecentKlines recent = new RecentKlines(client,
        (symbol, interval, sinceMs) -> CompletableFuture.completedFuture(venueRows.deepCopy()), timers);
    // a trade before the feed started, in the second the feed starts in: the venue's row of it so far
    venueRows = rows(row(FIRST, "3001.25", "3001.25", "3001.25", "3001.25", "0.25"));

    CompletableFuture<Optional<RecentBars>> loaded = recent.load(eth, 1, FIRST);
    // a live trade later in that second; the kline stream tells nothing of that second (it was not on yet, or
    // its link dropped) and then the next second's kline, with no trade yet, is the cut
    venueRows = rows(row(FIRST, "3001.25", "3001.25", "3000.75", "3000.75", "1.75"));
    long liveTradeNs;
    synchronized (client) {
      liveTradeNs = tape.trade(new StreamMessage.Trade("ETHUSDT", 7, new BigDecimal("3000.75"), new BigDecimal("1.5"),
          FIRST * 1000 + 500)).orElseThrow().timeNs();
      recent.onTrade("ETHUSDT");
      recent.onKline(new StreamMessage.Kline("ETHUSDT", "1s", (FIRST + 1) * 1000, -1, 0, new BigDecimal("3000.75"),
          new BigDecimal("3000.75"), new BigDecimal("3000.75"), new BigDecimal("3000.75"), BigDecimal.ZERO, false));
    }

    RecentBars bars = loaded.get(10, TimeUnit.SECONDS).orElseThrow();
    assertTrue(bars.asOfNs() >= liveTradeNs, "the live trade is counted as the venue's");
    List<Long> times = bars.bars().stream().map(Bar::time).toList();
    assertEquals(List.of(FIRST, FIRST + 1), times);
    Bar first = bars.bars().get(0);
    assertEquals(0, new BigDecimal("1.75").compareTo(first.volume()), "both trades: " + first);
    assertEquals(0, new BigDecimal("3000.75").compareTo(first.close()), first.toString());
  }

  /** rest-api.md klines: "limit | INT | NO | Default: 500; Maximum: 1000.": more periods take more pages. */
  @Test
  void moreThanAThousandClosedPeriodsArePagedUpToTheCut() throws Exception {
    BinanceMarket eth = client.market("ethusdt.spot").get(10, TimeUnit.SECONDS);
    List<Long> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    int periods = 2500;
    RecentKlines recent = new RecentKlines(client, (symbol, interval, sinceMs) -> {
      asked.add(sinceMs);
      ArrayNode page = JSON.createArrayNode();
      for (long second = Math.max(FIRST, (sinceMs + 999) / 1000); second < FIRST + periods + 1
          && page.size() < Klines.PAGE; second++) {
        page.add(row(second, "3000", "3000", "3000", "3000", "1"));
      }
      return CompletableFuture.completedFuture(page);
    }, timers);
    CompletableFuture<Optional<RecentBars>> loaded = recent.load(eth, 1, FIRST);
    synchronized (client) {
      recent.onKline(new StreamMessage.Kline("ETHUSDT", "1s", (FIRST + periods) * 1000, -1, 0, new BigDecimal("3000"),
          new BigDecimal("3000"), new BigDecimal("3000"), new BigDecimal("3000"), BigDecimal.ZERO, false));
    }
    List<Long> times = loaded.get(10, TimeUnit.SECONDS).orElseThrow().bars().stream().map(Bar::time).toList();
    assertEquals(periods + 1, times.size(), "every closed period and the open one");
    assertEquals(java.util.stream.LongStream.rangeClosed(FIRST, FIRST + periods).boxed().toList(), times);
    assertEquals(List.of(FIRST * 1000, (FIRST + 999) * 1000 + 1, (FIRST + 1999) * 1000 + 1), asked);
  }

  private static ArrayNode rows(JsonNode... rows) {
    ArrayNode array = JSON.createArrayNode();
    for (JsonNode row : rows) {
      array.add(row);
    }
    return array;
  }

  /** A REST kline row of one second (rest-api.md › Kline/Candlestick data). */
  private static JsonNode row(long second, String open, String high, String low, String close, String volume) {
    return JSON.createArrayNode().add(second * 1000).add(open).add(high).add(low).add(close).add(volume)
        .add(second * 1000 + 999).add("0").add(2).add("0").add("0").add("0");
  }
}
