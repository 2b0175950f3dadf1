package piker.backends.kraken.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.backends.kraken.rest.Envelope;
import piker.contracts.RemoteException;
import piker.contracts.market.Bar;

/** OHLC and Trades read with the docs' own examples (docs/venues/kraken.md 14, F3 and F4). */
class HistoryParsingTest {
  /** F3 with a second, committed candle before the docs' one (the docs' last entry is the open period). */
  static final String OHLC = """
      {"XXBTZUSD": [[1699999940, "36990.0", "37010.0", "36980.0", "37000.0", "37001.2", "1.5", 12],
                    [1700000000, "37000.0", "37500.0", "36800.0", "37200.0", "37100.0", "150.5", 320]],
       "last": 1699999940}
      """;
  static final String TRADES = """
      {"XXBTZUSD": [
        ["30243.40000", "0.34507674", 1688669597.8277369, "b", "m", "", 61044952],
        ["30243.30000", "0.00376960", 1688669598.2804112, "s", "l", "", 61044953],
        ["30243.30000", "0.01235716", 1688669602.698379, "s", "m", "", 61044956]],
       "last": "1688671969993150842"}
      """;

  @Test
  void ohlcKeepsOnlyCommittedCandlesWithExactDecimals() throws Exception {
    List<Bar> bars = Ohlc.committed(Envelope.JSON.readTree(OHLC), "XXBTZUSD", 60);
    assertEquals(1, bars.size(), "the last entry is the open period");
    Bar bar = bars.get(0);
    assertEquals(1699999940L, bar.time());
    assertEquals(new BigDecimal("36990.0"), bar.open());
    assertEquals(new BigDecimal("37010.0"), bar.high());
    assertEquals(new BigDecimal("36980.0"), bar.low());
    assertEquals(new BigDecimal("37000.0"), bar.close());
    assertEquals(new BigDecimal("1.5"), bar.volume(), "volume, not vwap (index 5)");
  }

  @Test
  void aCandleNoMarketCanHaveIsLeftOutAndAnUnreadableOneIsAClearError() throws Exception {
    String odd = """
        {"XXBTZUSD": [[1700000040, "100.0", "101.0", "99.0", "100.5", "100.2", "1.0", 3],
                      [1700000100, "100.5", "100.0", "100.2", "100.1", "100.1", "1.0", 2],
                      [1700000160, "100.4", "100.6", "100.3", "100.5", "100.4", "2.0", 4],
                      [1700000160, "100.5", "100.6", "100.3", "100.4", "100.4", "9.0", 4],
                      [1700000220, "100.1", "100.9", "99.9", "100.4", "100.3", "-5", 2],
                      [1700000280, "100.5", "100.8", "100.2", "100.6", "100.5", "0.5", 1],
                      [1700000340, "100.6", "100.6", "100.6", "100.6", "100.6", "0", 0]],
         "last": 1700000280}
        """;
    List<Bar> bars = Ohlc.committed(Envelope.JSON.readTree(odd), "XXBTZUSD", 60);
    // high under low, a repeated time and a negative volume are left out; their minutes are flat
    assertEquals(List.of(1700000040L, 1700000100L, 1700000160L, 1700000220L, 1700000280L),
        bars.stream().map(Bar::time).toList());
    assertEquals(new BigDecimal("1.0"), bars.get(0).volume());
    assertEquals(0, bars.get(1).volume().signum(), "flat: " + bars.get(1));
    assertEquals(new BigDecimal("2.0"), bars.get(2).volume(), "the first of the repeated time");
    assertEquals(0, bars.get(3).volume().signum(), "flat: " + bars.get(3));
    assertEquals(new BigDecimal("0.5"), bars.get(4).volume());

    String unreadable = """
        {"XXBTZUSD": [[1700000040, "100.0", null, "99.0", "100.5", "100.2", "1.0", 3],
                      [1700000100, "100.5", "100.6", "100.2", "100.4", "100.3", "1.0", 2]], "last": 1700000040}
        """;
    RemoteException error = assertThrows(RemoteException.class,
        () -> Ohlc.committed(Envelope.JSON.readTree(unreadable), "XXBTZUSD", 60));
    assertEquals("KrakenUnexpectedAnswer", error.error().type());
    assertTrue(error.getMessage().contains("entry 0") && error.getMessage().contains("high"), error.getMessage());
  }

  @Test
  void recentBarsAreAsOfTheLastTradeReadWhenNoneAfterTheCutCameBackAndTheSecondBeforeIsDropped() {
    long since = java.time.Instant.now().getEpochSecond() / 60 * 60 - 60;
    long s = 1_000_000_000L;
    // the first page starts a second early: a trade half a second before since, then one 30 s after it
    List<TradeBars.Trade> read = List.of(
        new TradeBars.Trade(new BigDecimal("100"), BigDecimal.ONE, since * s - s / 2, 1),
        new TradeBars.Trade(new BigDecimal("101"), new BigDecimal("2"), since * s + 30 * s, 2));
    long cutNs = since * s + 59 * s;
    var recent = KrakenDataClient.recent(read, cutNs, cutNs + 1_000, 60, since).orElseThrow();
    assertEquals(since * s + 30 * s, recent.asOfNs(), "as of the last trade read: none after the cut came back");
    assertEquals(new BigDecimal("2"), recent.bars().get(0).volume(), "the trade before since is not in the bars");
  }

  @Test
  void aOneSecondFrameReachingPastNowEndsBeforeTheSecondOpenNow() {
    long now = 1_800_000_000L;
    long s = 1_000_000_000L;
    List<TradeBars.Trade> trades =
        List.of(new TradeBars.Trade(new BigDecimal("100"), BigDecimal.ONE, (now - 30) * s, 1));
    List<Bar> bars = TradeBars.framed(trades, 1, now - 10, now + 10, now);
    assertEquals(10, bars.size(), "from the frame's start, flat at the price before it, up to now: " + bars);
    assertEquals(now - 1, bars.get(bars.size() - 1).time());
  }

  @Test
  void quietMinutesBeforeTheOpenPeriodAreFlatBarsSoHistoryMeetsTheLiveBars() throws Exception {
    String quietTail = """
        {"XXBTZUSD": [[1700000040, "37000.0", "37010.0", "36990.0", "37005.0", "37001.0", "0.5", 3],
                      [1700000220, "37005.0", "37005.0", "37005.0", "37005.0", "37005.0", "0.00000000", 0]],
         "last": 1700000040}
        """;
    List<Bar> bars = Ohlc.committed(Envelope.JSON.readTree(quietTail), "XXBTZUSD", 60);
    assertEquals(List.of(1700000040L, 1700000100L, 1700000160L), bars.stream().map(Bar::time).toList(),
        "the two quiet minutes before the open one are there, the open one is not");
    assertEquals(new BigDecimal("37005.0"), bars.get(2).open(), "flat at the last close");
    assertEquals(BigDecimal.ZERO, bars.get(2).volume());
  }

  @Test
  void barsBeforeAnEndAreTheNewestThatEndedByThen() {
    List<Bar> bars = Bars.filled(List.of(flat(0), flat(60), flat(240)), 60);
    assertEquals(List.of(0L, 60L, 120L, 180L, 240L), bars.stream().map(Bar::time).toList(), "filled flat");
    assertEquals(BigDecimal.ZERO, bars.get(2).volume());
    assertEquals(List.of(120L, 180L), Ohlc.before(bars, 60, 240, 2).stream().map(Bar::time).toList());
    assertTrue(Ohlc.before(bars, 60, 0, 5).isEmpty(), "deeper than the window: nothing");
  }

  @Test
  void tradesCarryExactTimesAndMakeOneSecondBars() throws Exception {
    TradeBars.Page page = TradeBars.page(Envelope.JSON.readTree(TRADES), "XXBTZUSD");
    assertEquals("1688671969993150842", page.last(), "the nanosecond string, verbatim");
    assertEquals(1688669597827736900L, page.trades().get(0).timeNs());
    assertEquals(61044956L, page.trades().get(2).id());
    assertEquals(new BigDecimal("0.34507674"), page.trades().get(0).volume());
    List<Bar> bars = TradeBars.bars(page.trades(), 1, 1688669597L, 1688669603L);
    assertEquals(6, bars.size(), "97, 98 and 02 traded; 99, 00, 01 flat between");
    assertEquals(new BigDecimal("30243.30000"), bars.get(2).close());
    assertEquals(BigDecimal.ZERO, bars.get(3).volume());
    assertEquals(new BigDecimal("0.01235716"), bars.get(5).volume());
  }

  @Test
  void thePairsArrayIsTheOneBesideLastWhateverItsKey() throws Exception {
    // the docs' example: pair=XBTUSD sent, the result keyed XXBTZUSD
    assertEquals(2, Ohlc.committed(Envelope.JSON.readTree(OHLC), "XBTUSD", 60).size() + 1);
    assertEquals(3, TradeBars.page(Envelope.JSON.readTree(TRADES), "XBTUSD").trades().size());
    assertTrue(TradeBars.page(Envelope.JSON.readTree("{\"XXBTZUSD\": [], \"last\": \"5\"}"), "XBTUSD").trades()
        .isEmpty(), "an empty array: no trades since");
    for (String odd : List.of("{\"last\": \"5\"}", "{\"XXBTZUSD\": [], \"XBTUSD\": [], \"last\": \"5\"}")) {
      RemoteException refused = assertThrows(RemoteException.class,
          () -> TradeBars.page(Envelope.JSON.readTree(odd), "XBTUSD"), odd);
      assertEquals("KrakenUnexpectedAnswer", refused.error().type());
      assertTrue(refused.error().message().contains("XBTUSD"), refused.error().message());
    }
  }

  private static Bar flat(long time) {
    return Bars.flat(time, BigDecimal.TEN);
  }
}
