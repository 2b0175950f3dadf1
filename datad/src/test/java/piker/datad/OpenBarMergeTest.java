package piker.datad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.contracts.market.Bar;
import piker.contracts.market.Scale;

/**
 * A feed that starts mid-period: its open bar is the venue's bar as of a cut-off plus the live trades
 * after it. Every position of the venue's answer among the live trades is tried (before, between and
 * after them, across a period boundary, with live copies of trades the answer holds arriving late), and
 * every trade must be counted exactly once.
 */
class OpenBarMergeTest {
  /** 2026-11-28T04:00:00Z, a minute boundary. */
  private static final long T = 1_795_838_400L;

  private record Trade(long timeNs, String price, String size) {}

  private static long ns(long seconds, long millis) {
    return seconds * 1_000_000_000L + millis * 1_000_000L;
  }

  /** The venue's trades: two before the feed subscribed at T+20, then the live ones, into the next minute. */
  private static final List<Trade> TRADES = List.of(
      new Trade(ns(T + 5, 0), "101", "2"),
      new Trade(ns(T + 12, 0), "99", "1"),
      new Trade(ns(T + 25, 0), "103", "0.5"),
      new Trade(ns(T + 31, 0), "100", "1.5"),
      new Trade(ns(T + 40, 0), "98", "3"),
      new Trade(ns(T + 59, 500), "102", "1"),
      new Trade(ns(T + 61, 0), "104", "2"),
      new Trade(ns(T + 70, 0), "105", "0.25"));
  private static final long SUBSCRIBED = ns(T + 20, 0);

  /** The bars of a list of trades in time order: what the merge must arrive at. */
  private static List<Bar> expected(List<Trade> trades) {
    BarBuffer reference = new BarBuffer(60, 10, Scale.of(0), Scale.of(2));
    trades.forEach(trade -> reference.trade(trade.timeNs(), new BigDecimal(trade.price()), new BigDecimal(trade.size())));
    return reference.last(10);
  }

  /** The venue's bars from {@code T} up to the open one, holding the trades at or before {@code asOfNs}. */
  private static List<Bar> venueBars(long asOfNs) {
    List<Trade> held = TRADES.stream().filter(trade -> trade.timeNs() <= asOfNs).toList();
    return expected(held);
  }

  @Test
  void everyPositionOfTheVenuesAnswerAmongTheLiveTradesCountsEachTradeOnce() {
    // cut-offs: before any live trade, between them (the answer holds some live ones), after the minute rolled
    for (long asOfNs : new long[] {ns(T + 22, 0), ns(T + 33, 0), ns(T + 59, 500), ns(T + 65, 0)}) {
      List<Bar> venue = venueBars(asOfNs);
      List<Trade> live = TRADES.stream().filter(trade -> trade.timeNs() > SUBSCRIBED).toList();
      // the live stream: each live trade, and samplerd's step at T+60 in its place
      List<Object> stream = new ArrayList<>();
      for (Trade trade : live) {
        if (trade.timeNs() >= ns(T + 60, 0) && !stream.contains("step")) {
          stream.add("step");
        }
        stream.add(trade);
      }
      for (int answerAt = 0; answerAt <= stream.size(); answerAt++) {
        BarBuffer bars = new BarBuffer(60, 10, Scale.of(0), Scale.of(2));
        bars.seed(T + 20, new BigDecimal("99"));
        assertEquals(T, bars.awaitRecent(), "the venue's bars are wanted from the first live bar");
        for (int i = 0; i <= stream.size(); i++) {
          if (i == answerAt) {
            assertTrue(bars.mergeRecent(venue, asOfNs) > 0);
          }
          if (i < stream.size()) {
            if (stream.get(i) instanceof Trade trade) {
              bars.trade(trade.timeNs(), new BigDecimal(trade.price()), new BigDecimal(trade.size()));
            } else {
              bars.step(T + 60);
            }
          }
        }
        assertEquals(expected(TRADES), bars.last(10), "cut-off " + asOfNs + ", answer after " + answerAt
            + " of the live stream " + stream);
      }
    }
  }

  /** The bars of {@code period} seconds of a list of trades in time order, the last {@link #HELD}. */
  private static List<Bar> expected(List<Trade> trades, int period) {
    BarBuffer reference = new BarBuffer(period, HELD, Scale.of(0), Scale.of(2));
    trades.forEach(trade -> take(reference, trade));
    return reference.last(HELD);
  }

  private static final int HELD = 20;

  /**
   * A gap in the live stream: every run of trades it may miss (not the first trade, some trade after it), the
   * venue's answer cut at every trade from the first after the gap on, arriving at every point of the stream
   * after the gap, in minutes and in 5 s bars (quiet ones among them), from a venue that sends its quiet
   * periods' bars and from one that leaves them out; the bars end with every trade counted once, a quiet bar
   * flat at the close before it. An answer cut inside the gap is refused, the bars as they were.
   */
  @Test
  void aGapRepairedWithTheVenuesBarsCountsEachTradeOnceWhereverItsAnswerIsCutAndArrives() {
    for (int period : new int[] {60, 5}) {
      for (boolean quietLeftOut : new boolean[] {false, true}) {
        for (int from = 1; from < TRADES.size() - 1; from++) {
          for (int to = from + 1; to < TRADES.size(); to++) { // trades from..to-1 are missed
            repairs(period, quietLeftOut, from, to);
          }
        }
      }
    }
  }

  private static void repairs(int period, boolean quietLeftOut, int from, int to) {
    long lastBeforeNs = TRADES.get(from - 1).timeNs();
    long firstAfterNs = TRADES.get(to).timeNs();
    List<Object> after = new ArrayList<>();
    for (Trade trade : TRADES.subList(to, TRADES.size())) {
      if (trade.timeNs() >= ns(T + 60, 0) && !after.contains("step") && firstAfterNs < ns(T + 60, 0)) {
        after.add("step");
      }
      after.add(trade);
    }
    java.util.function.LongFunction<List<Bar>> venue = asOfNs -> expected(TRADES.stream()
        .filter(trade -> trade.timeNs() <= asOfNs).toList(), period).stream()
        .filter(bar -> !quietLeftOut || bar.volume().signum() > 0).toList();
    for (int cut = to; cut <= TRADES.size(); cut++) {
      long asOfNs = cut == TRADES.size() ? ns(T + 90, 0) : TRADES.get(cut).timeNs();
      for (int answerAt = 1; answerAt <= after.size(); answerAt++) {
        String at = period + " s bars" + (quietLeftOut ? ", quiet ones left out" : "") + ", missed " + from + ".."
            + (to - 1) + ", cut " + asOfNs + ", answer after " + answerAt;
        BarBuffer bars = new BarBuffer(period, HELD, Scale.of(0), Scale.of(2));
        for (Trade trade : TRADES.subList(0, from)) {
          take(bars, trade);
        }
        if (lastBeforeNs < ns(T + 60, 0) && firstAfterNs >= ns(T + 60, 0)) {
          bars.step(T + 60); // samplerd steps on during the gap
        }
        assertTrue(bars.gap(lastBeforeNs, firstAfterNs), at);
        assertEquals(bars.align(lastBeforeNs / 1_000_000_000L), bars.liveFrom(), at);
        for (int i = 0; i < after.size(); i++) {
          if (i == answerAt) {
            List<Bar> before = bars.last(HELD);
            assertEquals(BarBuffer.CUT_TOO_EARLY, bars.mergeRecent(venue.apply(firstAfterNs - 1), firstAfterNs - 1),
                at + ": cut inside the gap");
            assertEquals(before, bars.last(HELD), at);
            assertTrue(bars.mergeRecent(venue.apply(asOfNs), asOfNs) > 0, at);
          }
          if (after.get(i) instanceof Trade trade) {
            take(bars, trade);
          } else {
            bars.step(T + 60);
          }
        }
        if (answerAt == after.size()) {
          assertTrue(bars.mergeRecent(venue.apply(asOfNs), asOfNs) > 0, at);
        }
        assertEquals(expected(TRADES, period), bars.last(HELD), at);
      }
    }
  }

  @Test
  void aGapWhileTheStartsMergeWaitsHoldsThatMergeToACutPastTheGap() {
    BarBuffer bars = new BarBuffer(60, 10, Scale.of(0), Scale.of(2));
    bars.seed(T + 20, new BigDecimal("99"));
    assertEquals(T, bars.awaitRecent());
    take(bars, TRADES.get(2));
    // trades 3 and 4 are missed
    assertFalse(bars.gap(TRADES.get(2).timeNs(), TRADES.get(5).timeNs()), "the start's wait goes on");
    take(bars, TRADES.get(5));
    long inGap = TRADES.get(4).timeNs();
    assertEquals(BarBuffer.CUT_TOO_EARLY, bars.mergeRecent(venueBars(inGap), inGap));
    long past = TRADES.get(5).timeNs();
    assertTrue(bars.mergeRecent(venueBars(past), past) > 0);
    TRADES.subList(6, TRADES.size()).forEach(trade -> take(bars, trade));
    assertEquals(expected(TRADES), bars.last(10));
  }

  /** A live trade after a repair's cut that arrives after its bar closed is that bar's latest: its close. */
  @Test
  void aLateTradeAfterTheCutOfAMergedClosedBarIsItsClose() {
    BarBuffer bars = new BarBuffer(1, 100, Scale.of(2), Scale.of(2));
    bars.trade(ns(T - 1, 500), new BigDecimal("100"), new BigDecimal("1"));
    bars.gap(ns(T - 1, 500), ns(T, 300));
    bars.trade(ns(T, 300), new BigDecimal("101"), new BigDecimal("1"));
    bars.step(T + 1);
    assertTrue(bars.mergeRecent(List.of(
        new Bar(T - 1, new BigDecimal("100"), new BigDecimal("100"), new BigDecimal("100"), new BigDecimal("100"),
            new BigDecimal("1")),
        new Bar(T, new BigDecimal("100.50"), new BigDecimal("101"), new BigDecimal("100.50"), new BigDecimal("101"),
            new BigDecimal("2"))), ns(T, 400)) > 0);
    bars.trade(ns(T, 950), new BigDecimal("103"), new BigDecimal("1")); // 100 ms late: bar T closed at the step
    Bar merged = bars.last(3).stream().filter(bar -> bar.time() == T).findFirst().orElseThrow();
    assertEquals(0, new BigDecimal("103").compareTo(merged.close()), "its latest trade: " + merged);
    assertEquals(0, new BigDecimal("100.50").compareTo(merged.open()), "the venue's open stays: " + merged);
  }

  private static void take(BarBuffer bars, Trade trade) {
    bars.trade(trade.timeNs(), new BigDecimal(trade.price()), new BigDecimal(trade.size()));
  }

  @Test
  void theNextBarOpenedFlatFollowsTheMergedClose() {
    BarBuffer bars = new BarBuffer(60, 10, Scale.of(0), Scale.of(2));
    bars.seed(T + 20, new BigDecimal("99"));
    bars.awaitRecent();
    bars.step(T + 60);
    bars.step(T + 120);
    long asOfNs = ns(T + 30, 0);
    assertEquals(1, bars.mergeRecent(List.of(new Bar(T, new BigDecimal("101"), new BigDecimal("101"),
        new BigDecimal("97"), new BigDecimal("97"), new BigDecimal("4"))), asOfNs));
    List<Bar> held = bars.last(3);
    assertEquals(new BigDecimal("97"), held.get(1).open(), "a quiet minute is flat at the merged close: " + held);
    assertEquals(new BigDecimal("97"), held.get(2).close(), "and so is the open one: " + held);
    assertEquals(List.of(T, T + 60, T, T + 60), bars.drainClosed().stream().map(Bar::time).toList(),
        "storage gets the closed bars, then the corrected ones");
  }

  @Test
  void aMergeThatWaitsTooLongIsGivenUpAndTheLiveBarsStay() {
    BarBuffer bars = new BarBuffer(60, 10, Scale.of(0), Scale.of(2));
    bars.seed(T, new BigDecimal("99"));
    bars.awaitRecent();
    for (int i = 0; i <= BarBuffer.MAX_JOURNAL; i++) {
      bars.trade(ns(T, 0) + i, new BigDecimal("100"), BigDecimal.ONE);
    }
    assertFalse(bars.awaitingRecent(), "at most " + BarBuffer.MAX_JOURNAL + " live trades are kept");
    List<Bar> live = bars.last(1);
    assertEquals(0, bars.mergeRecent(List.of(new Bar(T, BigDecimal.TEN, BigDecimal.TEN, BigDecimal.TEN,
        BigDecimal.TEN, BigDecimal.ONE)), ns(T, 1)));
    assertEquals(live, bars.last(1));
    assertEquals(new BigDecimal(BarBuffer.MAX_JOURNAL + 1).setScale(2), live.get(0).volume());
  }
}
