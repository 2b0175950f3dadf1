package piker.backends.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.backends.sim.venue.RandomWalk;
import piker.backends.sim.venue.SimCatalog;
import piker.backends.sim.venue.SimMarket;

class RandomWalkTest {
  private static final SimCatalog CATALOG = SimCatalog.standard();
  private static final SimMarket BTC = CATALOG.find("btcusdt.spot").orElseThrow();
  private static final SimMarket ETH = CATALOG.find("ethusdt.spot").orElseThrow();
  /** 2026-11-28T04:00:00Z in nanoseconds. */
  private static final long T0 = 1_795_838_400L * 1_000_000_000L;

  private static List<RandomWalk.Step> walk(long seed, SimMarket market, int steps) {
    RandomWalk walk = new RandomWalk(seed, market, 10);
    long first = walk.stepAt(T0);
    List<RandomWalk.Step> path = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      path.add(walk.step(first + i));
    }
    return path;
  }

  @Test
  void theSameSeedGivesTheSameWalk() {
    assertEquals(walk(42, BTC, 500), walk(42, BTC, 500));
    assertNotEquals(walk(42, BTC, 500), walk(43, BTC, 500));
  }

  @Test
  void aStepIsAFunctionOfTimeNotOfWhatWasAskedBefore() {
    RandomWalk sequential = new RandomWalk(7, BTC, 10);
    long first = sequential.stepAt(T0);
    RandomWalk.Step last = null;
    for (int i = 0; i <= 300; i++) {
      last = sequential.step(first + i);
    }
    assertEquals(last, new RandomWalk(7, BTC, 10).step(first + 300), "random access equals walking there");
    assertEquals(T0 + 30_000_000_000L, last.timeNs(), "step k happens k / rate seconds in");
  }

  @Test
  void differentMarketsWalkIndependently() {
    List<Double> btc = walk(42, BTC, 400).stream().map(step -> step.price().doubleValue()).toList();
    List<Double> eth = walk(42, ETH, 400).stream().map(step -> step.price().doubleValue()).toList();
    double correlation = correlation(returns(btc), returns(eth));
    assertTrue(Math.abs(correlation) < 0.3, "return correlation " + correlation);
  }

  @Test
  void pricesAreOnTheTickAndTheBookIsNotCrossed() {
    for (SimMarket market : CATALOG.all()) {
      for (RandomWalk.Step step : walk(42, market, 200)) {
        assertEquals(0, step.price().remainder(market.priceTick()).signum(), market.key() + " " + step);
        assertTrue(step.bid().compareTo(step.price()) < 0 && step.ask().compareTo(step.price()) > 0, step.toString());
        assertEquals(0, step.size().remainder(market.sizeTick()).signum());
        assertTrue(step.size().signum() > 0);
      }
    }
  }

  @Test
  void theCatalogueHasTheContractsFiveAndMore() {
    assertTrue(CATALOG.all().size() >= 20);
    SimMarket mnq = CATALOG.find("mnq.cme.20261218").orElseThrow();
    assertEquals("0.25", mnq.priceTick().toPlainString());
    assertEquals("1", mnq.sizeTick().toPlainString());
    assertEquals("21000", mnq.reference().toPlainString());
    assertEquals("0.0005", CATALOG.find("btcusdt.usdtm.perp").orElseThrow().takerFee().toPlainString());
    assertEquals("0.001", CATALOG.find("solusdt.spot").orElseThrow().priceTick().toPlainString());
  }

  private static List<Double> returns(List<Double> prices) {
    List<Double> returns = new ArrayList<>();
    for (int i = 1; i < prices.size(); i++) {
      returns.add(Math.log(prices.get(i) / prices.get(i - 1)));
    }
    return returns;
  }

  private static double correlation(List<Double> a, List<Double> b) {
    double meanA = a.stream().mapToDouble(x -> x).average().orElse(0);
    double meanB = b.stream().mapToDouble(x -> x).average().orElse(0);
    double cov = 0;
    double varA = 0;
    double varB = 0;
    for (int i = 0; i < a.size(); i++) {
      cov += (a.get(i) - meanA) * (b.get(i) - meanB);
      varA += Math.pow(a.get(i) - meanA, 2);
      varB += Math.pow(b.get(i) - meanB, 2);
    }
    return cov / Math.sqrt(varA * varB);
  }

  /** A span sums what stepping one by one gives: same first, last, extremes and size, across a UTC day too. */
  @Test
  void aSpanIsTheStepsItCovers() {
    long midnight = (T0 / 86_400_000_000_000L + 1) * 86_400_000_000_000L;
    for (long from : new long[] {T0, midnight - 3_000_000_000L}) {
      RandomWalk walk = new RandomWalk(42, BTC, 200);
      long first = walk.stepAt(from);
      long last = first + 1_199; // six seconds, over midnight for the second start
      RandomWalk.Step open = walk.step(first);
      java.math.BigDecimal high = open.price();
      java.math.BigDecimal low = open.price();
      java.math.BigDecimal size = java.math.BigDecimal.ZERO;
      RandomWalk.Step step = open;
      for (long index = first; index <= last; index++) {
        step = walk.step(index);
        high = high.max(step.price());
        low = low.min(step.price());
        size = size.add(step.size());
      }
      RandomWalk.Span span = new RandomWalk(42, BTC, 200).span(first, last);
      assertEquals(new RandomWalk.Span(open.timeNs(), open.price(), step.timeNs(), step.price(), high, low, size), span);
      assertNotEquals(high, low, "the walk moved");
    }
  }
}
