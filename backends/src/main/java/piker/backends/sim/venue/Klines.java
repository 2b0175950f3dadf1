package piker.backends.sim.venue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import piker.contracts.market.Bar;

/**
 * The venue's history: bars computed from the walk (a function of time) and the tape's pushed
 * trades, so any past window can be served without having been recorded. A bar without trades is
 * flat at the previous close with zero volume.
 */
final class Klines {
  /** Most bars one request returns: a frame. */
  static final int MAX_FRAME = 1000;

  /** A trade on the tape. */
  record TapeTrade(long timeNs, BigDecimal price, BigDecimal size) {}

  private Klines() {}

  /**
   * {@code count} bars of {@code period} seconds ending before {@code end} (epoch seconds, aligned
   * down to the period), oldest first.
   */
  static List<Bar> compute(SimMarket market, RandomWalk walk, List<TapeTrade> tape, int period, long end, int count) {
    long alignedEnd = Math.floorDiv(end, period) * period;
    long start = alignedEnd - (long) count * period;
    long startNs = start * 1_000_000_000L;
    long endNs = alignedEnd * 1_000_000_000L;
    // the close before the window: the walk's last step, overridden by a later tape trade
    BigDecimal close = market.reference();
    long closeNs = Long.MIN_VALUE;
    long firstStep = 0;
    if (walk != null) {
      long before = walk.stepAt(startNs - 1);
      RandomWalk.Step step = walk.step(before);
      close = step.price();
      closeNs = step.timeNs();
      firstStep = before + 1;
    }
    for (TapeTrade trade : tape) {
      if (trade.timeNs() < startNs && trade.timeNs() >= closeNs) {
        close = trade.price();
        closeNs = trade.timeNs();
      }
    }
    List<Bar> bars = new ArrayList<>(count);
    int tapeIndex = firstAtOrAfter(tape, startNs);
    long step = firstStep;
    for (long barTime = start; barTime < alignedEnd; barTime += period) {
      long barEndNs = (barTime + period) * 1_000_000_000L;
      BigDecimal open = close;
      BigDecimal high = close;
      BigDecimal low = close;
      BigDecimal volume = BigDecimal.ZERO;
      boolean opened = false;
      // merge the walk's steps and the tape's trades of this bar in time order
      while (true) {
        RandomWalk.Step next = walk != null && walk.timeOf(step) < barEndNs ? walk.step(step) : null;
        TapeTrade pushed = tapeIndex < tape.size() && tape.get(tapeIndex).timeNs() < barEndNs ? tape.get(tapeIndex) : null;
        if (next == null && pushed == null) {
          break;
        }
        BigDecimal price;
        BigDecimal size;
        if (pushed == null || (next != null && next.timeNs() <= pushed.timeNs())) {
          price = next.price();
          size = next.size();
          step++;
        } else {
          price = pushed.price();
          size = pushed.size();
          tapeIndex++;
        }
        if (!opened) {
          open = price;
          high = price;
          low = price;
          opened = true;
        } else {
          high = high.max(price);
          low = low.min(price);
        }
        close = price;
        volume = volume.add(size);
      }
      bars.add(new Bar(barTime, open, high, low, close, volume));
    }
    return bars;
  }

  private static int firstAtOrAfter(List<TapeTrade> tape, long timeNs) {
    int index = 0;
    while (index < tape.size() && tape.get(index).timeNs() < timeNs) {
      index++;
    }
    return index;
  }

  static void check(int period, long end, int count) {
    if (period != 1 && period != 60) {
      throw new IllegalArgumentException("klines come in periods of 1 and 60 seconds, not " + period);
    }
    if (count < 1 || count > MAX_FRAME) {
      throw new IllegalArgumentException("count must be 1.." + MAX_FRAME);
    }
    if (end <= 0) {
      throw new IllegalArgumentException("end must be a positive epoch second");
    }
  }
}
