package piker.datad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.contracts.market.Bar;
import piker.contracts.market.Scale;

class BarBufferTest {
  /** 2026-11-28T04:00:00Z, on every period boundary used here. */
  private static final long T = 1_795_838_400L;

  private static BigDecimal d(String text) {
    return new BigDecimal(text);
  }

  private static long ns(long seconds, long millis) {
    return seconds * 1_000_000_000L + millis * 1_000_000L;
  }

  /** Bars in a market of 0.01 ticks and 0.01 lots: what they give back has two decimals. */
  private static BarBuffer buffer(int period, int capacity) {
    return new BarBuffer(period, capacity, Scale.of(2), Scale.of(2));
  }

  private static Bar bar(long time, String o, String h, String l, String c, String v) {
    return new Bar(time, cents(o), cents(h), cents(l), cents(c), cents(v));
  }

  private static BigDecimal cents(String text) {
    return d(text).setScale(2);
  }

  @Test
  void tradesMakeExactBarsAndQuietPeriodsFlatOnes() {
    BarBuffer bars = buffer(1, 100);
    bars.trade(ns(T, 100), d("100.25"), d("1"));
    bars.trade(ns(T, 400), d("101.00"), d("0.5"));
    bars.trade(ns(T, 900), d("99.75"), d("2"));
    bars.trade(ns(T, 950), d("100.00"), d("0.25"));
    bars.step(T + 1);
    bars.step(T + 2);
    bars.trade(ns(T + 2, 10), d("100.50"), d("3"));
    assertEquals(List.of(
        bar(T, "100.25", "101.00", "99.75", "100.00", "3.75"),
        bar(T + 1, "100.00", "100.00", "100.00", "100.00", "0"),
        bar(T + 2, "100.50", "100.50", "100.50", "100.50", "3")), bars.last(10),
        "a bar opened flat by a step takes its first trade as its open");
  }

  @Test
  void closedBarsAreHandedToStorageOnceAndAmendmentsAgain() {
    BarBuffer bars = buffer(1, 10);
    bars.trade(ns(T, 0), d("10"), d("1"));
    bars.step(T + 2);
    assertEquals(List.of(T, T + 1), bars.drainClosed().stream().map(Bar::time).toList());
    assertTrue(bars.drainClosed().isEmpty());
    bars.trade(ns(T, 500), d("12"), d("2"));
    assertEquals(List.of(bar(T, "10", "12", "10", "12", "3"), bar(T + 1, "12", "12", "12", "12", "0")),
        bars.drainClosed(), "the amended bar, and the quiet one after it that follows its close");
    bars.prepend(List.of(bar(T - 1, "9", "9", "9", "9", "1")));
    assertTrue(bars.drainClosed().isEmpty(), "history is stored by whoever fetched it");
  }

  @Test
  void stepsAndTradesNeverDuplicateOrSkipABar() {
    BarBuffer bars = buffer(60, 100);
    bars.seed(T + 5, d("21000"));
    bars.trade(ns(T + 130, 0), d("21000.25"), d("1"));   // the trade arrives before samplerd's steps
    bars.step(T + 60);                                   // late steps change nothing
    bars.step(T + 120);
    bars.step(T + 120);
    bars.step(T + 180);
    List<Bar> series = bars.last(10);
    assertEquals(List.of(T, T + 60, T + 120, T + 180), series.stream().map(Bar::time).toList());
    assertEquals(bar(T + 60, "21000", "21000", "21000", "21000", "0"), series.get(1));
    assertEquals(bar(T + 120, "21000.25", "21000.25", "21000.25", "21000.25", "1"), series.get(2));
    assertEquals(bar(T + 180, "21000.25", "21000.25", "21000.25", "21000.25", "0"), series.get(3));
  }

  /** A trade that comes after its bar closed (latency, a reconnect's replay) takes its place by venue time. */
  @Test
  void aLateTradeAmendsItsClosedBarWhereItsVenueTimePutsIt() {
    BarBuffer bars = buffer(1, 40);
    bars.trade(ns(T, 100), d("10"), d("1"));
    bars.trade(ns(T, 600), d("11"), d("1"));
    bars.step(T + 1);
    bars.step(T + 2);
    bars.trade(ns(T, 300), d("13"), d("1")); // between the bar's first and last trades: high and volume only
    assertEquals(bar(T, "10", "13", "10", "11", "3"), bars.last(3).get(0));
    bars.trade(ns(T, 900), d("12"), d("2")); // the latest of the bar: its close, and the quiet bars follow it
    bars.trade(ns(T, 50), d("9"), d("1")); // the earliest: its open
    assertEquals(List.of(bar(T, "9", "13", "9", "12", "6"), bar(T + 1, "12", "12", "12", "12", "0"),
        bar(T + 2, "12", "12", "12", "12", "0")), bars.last(3), "the current quiet bar follows too");
    bars.trade(ns(T + 1, 500), d("14"), d("1")); // a quiet bar's first trade is all of it
    assertEquals(bar(T + 1, "14", "14", "14", "14", "1"), bars.last(3).get(1));
    assertEquals(bar(T + 2, "14", "14", "14", "14", "0"), bars.last(3).get(2));
    bars.trade(ns(T + 2, 100), d("15"), d("1")); // a trade in the current bar ends the following
    for (int i = 3; i < 3 + BarTradeTimes.KEPT + 1; i++) {
      bars.step(T + i);
    }
    bars.trade(ns(T, 999), d("20"), d("1")); // further back than the bars whose trade times are kept
    assertEquals(bar(T, "9", "20", "9", "12", "7"), bars.last(40).get(0), "where in it is not known: close stays");
  }

  @Test
  void aWrappedBufferKeepsTheNewestBarsInOrder() {
    BarBuffer bars = buffer(1, 5);
    for (int i = 0; i < 23; i++) {
      bars.trade(ns(T + i, 0), BigDecimal.valueOf(100 + i), BigDecimal.ONE);
    }
    List<Bar> series = bars.last(100);
    assertEquals(6, series.size(), "five closed bars and the current one");
    for (int i = 0; i < 6; i++) {
      assertEquals(T + 17 + i, series.get(i).time());
      assertEquals(BigDecimal.valueOf(117 + i).setScale(2), series.get(i).close());
    }
    assertEquals(List.of(T + 21, T + 22), bars.last(2).stream().map(Bar::time).toList());
  }

  @Test
  void aLongSilenceFillsOnlyWhatTheRingCanHold() {
    BarBuffer bars = buffer(1, 4);
    bars.trade(ns(T, 0), d("5"), d("1"));
    bars.step(T + 1_000_000);
    List<Bar> series = bars.last(100);
    assertEquals(List.of(T + 999_996, T + 999_997, T + 999_998, T + 999_999, T + 1_000_000),
        series.stream().map(Bar::time).toList());
    assertTrue(series.stream().allMatch(bar -> bar.close().equals(cents("5")) && bar.volume().signum() == 0));
  }

  @Test
  void historyIsPrependedOlderThanTheLiveBarsWhichWinOverlaps() {
    BarBuffer bars = buffer(1, 6);
    bars.seed(T, d("10"));
    bars.step(T + 1);
    int taken = bars.prepend(List.of(bar(T - 3, "7", "7", "7", "7", "1"), bar(T - 2, "8", "8", "8", "8", "1"),
        bar(T - 1, "9", "9", "9", "9", "1"), bar(T, "99", "99", "99", "99", "99"))).size();
    assertEquals(3, taken, "the overlapping bar at T is the live one's");
    assertEquals(List.of(T - 3, T - 2, T - 1, T, T + 1), bars.last(10).stream().map(Bar::time).toList());
    assertEquals(cents("10"), bars.last(10).get(3).close());
    assertEquals(2, bars.room(), "four closed bars in a ring of six");
    assertEquals(List.of(T - 5, T - 4), bars.prepend(List.of(bar(T - 6, "1", "1", "1", "1", "1"),
        bar(T - 5, "2", "2", "2", "2", "1"), bar(T - 4, "3", "3", "3", "3", "1"))).stream().map(Bar::time).toList(),
        "only what fits, the newest of them");
    assertEquals(T - 5, bars.oldestTime());
  }
}
