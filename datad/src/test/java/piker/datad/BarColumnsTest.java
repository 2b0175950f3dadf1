package piker.datad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.contracts.market.Bar;
import piker.contracts.market.Scale;

/** The bars' columns of scaled longs: exact both ways, refusing what is off the market's scales, never rounding. */
class BarColumnsTest {
  /** 2026-11-28T04:00:00Z. */
  private static final long T = 1_795_838_400L;
  private static final long SECOND = 1_000_000_000L;

  private static BigDecimal d(String text) {
    return new BigDecimal(text);
  }

  @Test
  void decimalsAndUnitsMakeTheSameExactBarsAtTheMarketsDecimals() {
    BarBuffer decimals = new BarBuffer(1, 10, Scale.of(8), Scale.of(8));
    BarBuffer units = new BarBuffer(1, 10, Scale.of(8), Scale.of(8));
    assertTrue(decimals.trade(T * SECOND, d("0.00000001"), d("92233720368.5477580")));
    assertTrue(decimals.trade(T * SECOND + 1, d("92233720368.54775807"), d("0.00000007")));
    assertTrue(units.trade(T * SECOND, 1L, 9_223_372_036_854_775_800L));
    assertTrue(units.trade(T * SECOND + 1, Long.MAX_VALUE, 7L));
    Bar expected = new Bar(T, d("0.00000001"), d("92233720368.54775807"), d("0.00000001"),
        d("92233720368.54775807"), d("92233720368.54775807"));
    assertEquals(List.of(expected), decimals.last(1), "the extremes of a long, to the last unit");
    assertEquals(List.of(expected), units.last(1));
    BarBuffer cents = new BarBuffer(1, 10, Scale.of(2), Scale.of(0));
    assertTrue(cents.trade(T * SECOND, d("100.2500"), d("3.000")), "trailing zeros are on the scale");
    assertEquals(new Bar(T, d("100.25"), d("100.25"), d("100.25"), d("100.25"), d("3")), cents.last(1).get(0));
  }

  @Test
  void aTradeOffTheScalesIsRefusedAndLeavesTheBarAsItWas() {
    BarBuffer bars = new BarBuffer(1, 10, Scale.of(2), Scale.of(3));
    assertTrue(bars.trade(T * SECOND, d("100.25"), d("1.5")));
    List<Bar> before = bars.last(1);
    assertFalse(bars.trade(T * SECOND + 1, d("100.255"), d("1")), "a price finer than the tick");
    assertFalse(bars.trade(T * SECOND + 2, d("99"), d("0.0001")), "a size finer than the lot");
    assertFalse(bars.trade(T * SECOND + 3, d("99"), null), "a trade without a size");
    assertEquals(before, bars.last(1), "nothing rounded, nothing half-applied");
    assertEquals(3, bars.refusals());
    assertTrue(bars.lastRefusal().contains("a trade of nothing at 99"), bars.lastRefusal());
    bars.seed(T, d("1.001"));
    assertEquals(3, bars.refusals(), "a seed of a series that has bars is not even read");
    BarBuffer empty = new BarBuffer(1, 10, Scale.of(2), Scale.of(3));
    empty.seed(T, d("1.001"));
    assertEquals(0, empty.held(), "an off-scale startup price opens no bar");
    assertTrue(empty.lastRefusal().contains("1.001"), empty.lastRefusal());
  }

  @Test
  void historyOffTheScalesIsRefusedBarByBarAndTheRestIsTaken() {
    BarBuffer bars = new BarBuffer(1, 10, Scale.of(2), Scale.of(2));
    bars.seed(T, d("10"));
    Bar fine = new Bar(T - 3, d("7"), d("7"), d("7"), d("7"), d("1"));
    Bar offTick = new Bar(T - 2, d("8"), d("8.001"), d("8"), d("8"), d("1"));
    Bar offLot = new Bar(T - 1, d("9"), d("9"), d("9"), d("9"), d("0.125"));
    assertEquals(List.of(fine), bars.prepend(List.of(fine, offTick, offLot)));
    assertEquals(List.of(T - 3, T), bars.last(10).stream().map(Bar::time).toList(), "a gap where history was refused");
    assertEquals(2, bars.refusals());
    assertTrue(bars.lastRefusal().contains("8.001"), "newest first: the off-tick bar was refused last: "
        + bars.lastRefusal());
    Bar tooOld = new Bar(T - 3_000_000_000L, d("1"), d("1"), d("1"), d("1"), d("1"));
    assertEquals(List.of(), bars.prepend(List.of(tooOld)), "more periods away than the time column counts");
    assertEquals(3, bars.refusals());
  }

  @Test
  void aVenueBarOffTheScalesLeavesTheLiveBarToMerge() {
    BarBuffer bars = new BarBuffer(60, 10, Scale.of(2), Scale.of(2));
    bars.seed(T + 20, d("99"));
    bars.awaitRecent();
    assertTrue(bars.trade((T + 30) * SECOND, d("98"), d("2")));
    List<Bar> live = bars.last(1);
    assertEquals(0, bars.mergeRecent(List.of(new Bar(T, d("101.001"), d("101.001"), d("97"), d("97"), d("4"))),
        (T + 25) * SECOND));
    assertEquals(live, bars.last(1));
    assertEquals(1, bars.refusals());
  }

  @Test
  void aTradeThatWouldOverflowTheVolumeIsRefusedWhole() {
    BarBuffer bars = new BarBuffer(1, 10, Scale.of(0), Scale.of(0));
    assertTrue(bars.trade(T * SECOND, 100, Long.MAX_VALUE - 1));
    assertFalse(bars.trade(T * SECOND + 1, 200, 2), "Math.addExact says no");
    assertEquals(new Bar(T, d("100"), d("100"), d("100"), d("100"), BigDecimal.valueOf(Long.MAX_VALUE - 1)),
        bars.last(1).get(0), "neither its price nor its size is in the bar");
    assertTrue(bars.trade(T * SECOND + 2, 300, 1), "a trade that still fits");
    bars.step(T + 1);
    assertFalse(bars.trade(T * SECOND + 3, 50, 1), "a late trade for a closed bar that is full");
    assertEquals(new Bar(T, d("100"), d("300"), d("100"), d("300"), BigDecimal.valueOf(Long.MAX_VALUE)),
        bars.last(2).get(0));
    assertEquals(2, bars.refusals());
    assertTrue(bars.lastRefusal().contains("past a long"), bars.lastRefusal());
  }

  @Test
  void aRingWrappingAcrossChunksKeepsTheNewestBarsInOrder() {
    int capacity = 2 * BarColumns.CHUNK + 100;
    BarBuffer bars = new BarBuffer(1, capacity, Scale.of(2), Scale.of(2));
    int seconds = 3 * capacity + 17;
    for (int i = 0; i < seconds; i++) {
      assertTrue(bars.trade((T + i) * SECOND, 10_000 + i, 1 + i % 7));
    }
    List<Bar> series = bars.last(capacity + 1);
    assertEquals(capacity + 1, series.size());
    for (int k = 0; k < series.size(); k++) {
      int i = seconds - capacity - 1 + k;
      Bar bar = series.get(k);
      assertEquals(T + i, bar.time());
      assertEquals(BigDecimal.valueOf(10_000 + i, 2), bar.close());
      assertEquals(BigDecimal.valueOf(1 + i % 7, 2), bar.volume());
    }
    assertEquals(T + seconds - capacity - 1, bars.oldestTime());
    assertEquals(List.of(T + seconds - 3, T + seconds - 2), bars.last(2, T + seconds - 1).stream().map(Bar::time)
        .toList(), "a page before a time");
  }

  @Test
  void aDayOfSecondBarsTakesAtMostFourMegabytesAndAnEmptyBufferNothing() {
    BarBuffer day = new BarBuffer(1, 86_400, Scale.of(2), Scale.of(8));
    assertEquals(0, day.columnBytes(), "chunks are allocated on first use");
    day.seed(T, d("1"));
    day.step(T + 1);
    assertEquals(16 + 8 * 5 * BarColumns.CHUNK + 16 + 4 * BarColumns.CHUNK, day.columnBytes(), "one chunk for one bar");
    day.step(T + 86_401);
    assertEquals(86_400, day.held() - 1);
    assertTrue(day.columnBytes() <= 4_000_000, day.columnBytes() + " bytes");
    assertEquals(86_400 * 44, day.columnBytes() - 85 * 32, "44 bytes a bar, plus the chunks' array headers");
  }
}
