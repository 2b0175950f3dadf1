package piker.backends.binance.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import piker.contracts.market.Quote;
import piker.contracts.market.Scale;
import piker.contracts.market.Tick;
import piker.contracts.names.Fqme;

class MarketTapeTest {
  private static final Fqme BTCUSDT = Fqme.parse("btcusdt.spot.binance");
  private static final long MS = 1_700_000_000_123L;
  /** BTCUSDT's tick (0.01) and lot (0.00001). */
  private static final Scale PRICES = Scale.of(2);
  private static final Scale LOTS = Scale.of(5);

  private static MarketTape tape() {
    return new MarketTape(BTCUSDT, PRICES, LOTS);
  }

  private static StreamMessage.Trade trade(long id, long timeMs, String price) {
    return new StreamMessage.Trade("BTCUSDT", id, new BigDecimal(price), new BigDecimal("0.5"), timeMs);
  }

  private static StreamMessage.BookTicker book(long u, String bid, String ask) {
    return new StreamMessage.BookTicker("BTCUSDT", u, new BigDecimal(bid), BigDecimal.ONE, new BigDecimal(ask),
        BigDecimal.TEN);
  }

  @Test
  void aTradeIsAQuoteWithATradeTickAndTheLatestBook() {
    MarketTape tape = tape();
    tape.book(book(1, "99", "101"), 5);
    Quote quote = tape.trade(trade(10, MS, "100.5")).orElseThrow();
    assertEquals(Quote.of(BTCUSDT, MS * 1_000_000, PRICES, LOTS, new BigDecimal("100.5"), new BigDecimal("99"),
        new BigDecimal("101"), List.of(new Tick("trade", new BigDecimal("100.5"), new BigDecimal("0.5")))), quote);
  }

  @Test
  void aJumpInTradeIdsIsAGapBetweenTheQuoteTimesOfTheTradesAroundIt() {
    MarketTape tape = tape();
    long first = tape.trade(trade(10, MS, "100")).orElseThrow().timeNs();
    assertNull(tape.takeGap(), "a first trade comes after nothing missed");
    long second = tape.trade(trade(11, MS + 1, "100")).orElseThrow().timeNs();
    assertNull(tape.takeGap(), "the next id");
    assertTrue(tape.trade(trade(11, MS + 1, "100")).isEmpty());
    assertNull(tape.takeGap(), "a replay is no gap");
    long after = tape.trade(trade(15, MS + 9, "100")).orElseThrow().timeNs();
    assertEquals(new MarketTape.Gap(second, after), tape.takeGap(), "trades 12 to 14 were missed");
    assertNull(tape.takeGap(), "told once");
    tape.trade(trade(16, MS + 9, "100"));
    assertNull(tape.takeGap());
    assertTrue(first < second);
  }

  @Test
  void aValueOffTheMarketsScaleDropsItsTickNeverRounds() {
    MarketTape tape = tape();
    assertTrue(tape.trade(trade(1, MS, "100.001")).isEmpty(), "a trade price finer than the tick");
    Quote book = tape.book(new StreamMessage.BookTicker("BTCUSDT", 1, new BigDecimal("99.99"),
        new BigDecimal("0.000001"), new BigDecimal("100.01"), BigDecimal.ONE), 5).orElseThrow();
    assertEquals(List.of(new Tick("ask", new BigDecimal("100.01"), new BigDecimal("1.00000"))), book.ticks(),
        "the bid's quantity is finer than the lot: the bid tick is dropped, the ask kept");
    assertEquals(Scale.NONE, book.bidUnits());
    assertEquals(Scale.NONE, book.lastUnits());
  }

  @Test
  void aTradeOrBookSideNoMarketCanHaveIsDroppedAndHoldsBackNothingAfterIt() {
    MarketTape tape = tape();
    assertTrue(tape.trade(trade(99_999_999_999L, MS, "100.001")).isEmpty(), "off the tick, under a huge id");
    assertTrue(tape.trade(trade(5, MS, "-5.00")).isEmpty(), "a negative price");
    assertTrue(tape.trade(new StreamMessage.Trade("BTCUSDT", 6, new BigDecimal("100"), BigDecimal.ZERO, MS))
        .isEmpty(), "a trade of nothing");
    assertEquals(new BigDecimal("100.50"), tape.trade(trade(7, MS, "100.5")).orElseThrow().last(),
        "the next good trade counts");
    Quote book = tape.book(book(1, "-1", "101"), 5).orElseThrow();
    assertEquals(List.of(new Tick("ask", new BigDecimal("101.00"), new BigDecimal("10.00000"))), book.ticks(),
        "a negative bid is dropped, the ask kept");
    assertTrue(tape.book(new StreamMessage.BookTicker("BTCUSDT", 2, new BigDecimal("99"), new BigDecimal("-1"),
        new BigDecimal("0"), BigDecimal.ZERO), 6).isEmpty(), "a negative quantity and an empty side: nothing");
    assertTrue(tape.book(book(3, "102", "101"), 7).isEmpty(), "a crossed book");
    assertTrue(tape.book(book(3, "99", "101"), 8).isPresent(), "the update ids of what was dropped were not taken");
  }

  @Test
  void ticksDeliveredAgainAfterAReconnectAreDropped() {
    MarketTape tape = tape();
    assertTrue(tape.trade(trade(10, MS, "1")).isPresent());
    assertTrue(tape.trade(trade(11, MS, "1")).isPresent());
    assertTrue(tape.book(book(500, "1", "2"), 1).isPresent());
    // the new connection starts a little before where the old one ended
    assertTrue(tape.trade(trade(11, MS, "1")).isEmpty());
    assertTrue(tape.trade(trade(10, MS, "1")).isEmpty());
    assertTrue(tape.book(book(500, "1", "2"), 2).isEmpty());
    assertTrue(tape.book(book(499, "1", "2"), 2).isEmpty());
    assertTrue(tape.trade(trade(12, MS + 1, "1")).isPresent());
    assertTrue(tape.book(book(501, "1", "2"), 3).isPresent());
  }

  @Test
  void tradesInOneMillisecondGetRisingTimesInsideIt() {
    MarketTape tape = tape();
    long a = tape.trade(trade(1, MS, "1")).orElseThrow().timeNs();
    long b = tape.trade(trade(2, MS, "1")).orElseThrow().timeNs();
    long c = tape.trade(trade(3, MS + 1, "1")).orElseThrow().timeNs();
    assertEquals(MS * 1_000_000, a);
    assertEquals(a + 1, b);
    assertEquals((MS + 1) * 1_000_000, c);
  }

  @Test
  void aKlinesLastTradeIdNamesTheInstantItsTradesEndAt() {
    MarketTape tape = tape();
    tape.trade(trade(100, MS, "1"));
    tape.trade(trade(101, MS, "1"));
    tape.trade(trade(102, MS, "1"));
    long open = MS / 1000 * 1000;
    assertEquals(OptionalLong.of(MS * 1_000_000 + 1), tape.cutAfter(101, 2, open), "trade 102, same ms, is after it");
    assertEquals(OptionalLong.of(MS * 1_000_000 - 1), tape.cutAfter(99, 1, open), "the kline ends right before our first");
    assertTrue(tape.cutAfter(103, 4, open).isEmpty(), "the trade stream has not caught up yet");
    assertTrue(tape.cutAfter(90, 1, open).isEmpty(), "trades 91..99 are in neither: wait for a newer kline");
  }

  @Test
  void aKlineWithoutTradesCutsBeforeItsPeriodUnlessTheTapeHasTradesInIt() {
    MarketTape tape = tape();
    long open = 1_700_000_001_000L;
    tape.trade(trade(5, open - 10, "1"));
    // "n": 0 says it, whatever L holds (the docs give L no value for a period without trades)
    assertEquals(OptionalLong.of(open * 1_000_000 - 1), tape.cutAfter(-1, 0, open));
    assertEquals(OptionalLong.of(open * 1_000_000 - 1), tape.cutAfter(0, 0, open));
    assertEquals(OptionalLong.of(open * 1_000_000 - 1), tape.cutAfter(5, 0, open));
    tape.trade(trade(6, open + 10, "1"));
    assertTrue(tape.cutAfter(-1, 0, open).isEmpty(), "the kline is older than a trade we passed on");
  }

  @Test
  void aQuietKlineWithoutTradesMarksNoTradeAsSeen() {
    MarketTape tape = tape();
    long now = (MS + 50) * 1_000_000;
    assertEquals(OptionalLong.of(now), tape.cutNow(40, 0, MS, now));
    assertTrue(tape.trade(trade(40, MS + 60, "1")).isPresent(), "no kline trade: trade 40 is a live one");
  }

  @Test
  void aQuietMarketIsCutNowAndLaterTradesComeAfterTheCut() {
    MarketTape tape = tape();
    long now = (MS + 50) * 1_000_000;
    assertEquals(OptionalLong.of(now), tape.cutNow(40, 3, MS, now));
    assertTrue(tape.trade(trade(40, MS, "1")).isEmpty(), "in the kline already");
    assertTrue(tape.trade(trade(41, MS + 50, "1")).orElseThrow().timeNs() > now);
    assertTrue(tape.cutNow(41, 1, MS, now).isEmpty(), "no longer quiet");
  }

  @Test
  void aFirstStreamedTradePastTheVenuesNewestIdAtTheStartIsAGapAndOneRightAfterItIsNot() {
    MarketTape tape = tape();
    long restNs = (MS + 1_000) * 1_000_000;
    tape.newestTradeWas(200, restNs); // the 24 h ticker's lastId, read after the streams were asked for
    Quote first = tape.trade(trade(204, MS + 60_000, "1")).orElseThrow(); // 201 to 203 never streamed
    assertEquals(new MarketTape.Gap(restNs - 1_000_000_000L, first.timeNs()), tape.takeGap());
    MarketTape other = tape();
    other.newestTradeWas(200, restNs);
    other.trade(trade(201, MS + 60_000, "1")).orElseThrow();
    assertNull(other.takeGap(), "the next trade: nothing missed");
    MarketTape streamedFirst = tape();
    streamedFirst.trade(trade(300, MS, "1"));
    streamedFirst.newestTradeWas(200, restNs); // a REST answer after the stream began counts for nothing
    streamedFirst.trade(trade(301, MS + 1, "1"));
    assertNull(streamedFirst.takeGap());
  }

  @Test
  void aGapAfterAQuietMarketsCutStartsAtTheCutKlinesOpenNotAtTheLocalClock() {
    MarketTape tape = tape();
    long klineOpen = MS - 3_000;
    long now = (MS + 10_000) * 1_000_000;
    tape.cutNow(100, 2, klineOpen, now); // trade 100 is the kline's last; the stream has passed on none
    // trades 101 to 104 are missed (at MS + 3 s ... MS + 8 s, before the local clock's cut); 105 comes
    Quote after = tape.trade(trade(105, MS + 11_000, "1")).orElseThrow();
    assertEquals(new MarketTape.Gap(klineOpen * 1_000_000, after.timeNs()), tape.takeGap(),
        "the gap starts where trade 100 can have been, so the repair reaches the missed trades");
  }

  @Test
  void theStartupQuoteNeverOverwritesAStreamedPrice() {
    MarketTape tape = tape();
    tape.trade(trade(1, MS, "100"));
    Quote startup = tape.startup(new BigDecimal("99"), new BigDecimal("98"), new BigDecimal("102"), 7);
    assertEquals(new BigDecimal("100.00"), startup.last());
    assertEquals(new BigDecimal("98.00"), startup.bid());
    assertTrue(startup.ticks().isEmpty());
  }
}
