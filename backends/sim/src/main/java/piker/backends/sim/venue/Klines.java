package piker.backends.sim.venue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import piker.contracts.market.Bar;

/**
 * The venue's history: bars computed from the walk (a function of time) and the tape's pushed trades,
 * so any past window can be served without having been recorded. A bar without trades is flat at the
 * previous close with zero volume. As on Binance, the newest kline may be the open one: it holds the
 * period's trades up to the instant the request was served ({@code asOfNs}), never a trade from later.
 */
final class Klines {
  /** Most bars one request returns: a frame. */
  static final int MAX_FRAME = 1000;
  private static final long NANOS = 1_000_000_000L;

  /** A trade on the tape. */
  record TapeTrade(long timeNs, BigDecimal price, BigDecimal size) {}

  private static final Comparator<TapeTrade> BY_TIME = Comparator.comparingLong(TapeTrade::timeNs);

  private Klines() {}

  /**
   * Up to {@code count} bars of {@code period} seconds from {@code start} (epoch seconds, a period
   * boundary), oldest first, as the venue has them at {@code asOfNs}: bars that open later do not exist
   * yet, and the open bar holds exactly the trades at or before {@code asOfNs}. {@code tape} is in time
   * order (see {@link #slice}).
   */
  static List<Bar> compute(SimMarket market, RandomWalk walk, List<TapeTrade> tape, int period, long start, int count,
                           long asOfNs) {
    long startNs = start * NANOS;
    // the close before the window: the walk's last step, overridden by a later tape trade
    BigDecimal close = market.reference();
    long closeNs = Long.MIN_VALUE;
    if (walk != null) {
      RandomWalk.Step step = walk.step(walk.stepAt(startNs - 1));
      close = step.price();
      closeNs = step.timeNs();
    }
    int tapeIndex = firstAfter(tape, startNs - 1);
    if (tapeIndex > 0 && tape.get(tapeIndex - 1).timeNs() >= closeNs) {
      close = tape.get(tapeIndex - 1).price();
    }
    List<Bar> bars = new ArrayList<>(count);
    for (long barTime = start; bars.size() < count && barTime * NANOS <= asOfNs; barTime += period) {
      long lastNs = Math.min((barTime + period) * NANOS - 1, asOfNs);
      RandomWalk.Span walked = null;
      if (walk != null) {
        long from = walk.stepAt(barTime * NANOS - 1) + 1;
        long to = walk.stepAt(lastNs);
        walked = from <= to ? walk.span(from, to) : null;
      }
      int tapeEnd = firstAfter(tape, lastNs);
      Bar bar = merge(barTime, close, walked, tape.subList(Math.min(tapeIndex, tapeEnd), tapeEnd));
      tapeIndex = Math.max(tapeIndex, tapeEnd);
      close = bar.close();
      bars.add(bar);
    }
    return bars;
  }

  /**
   * One bar from the walk's steps in it and the tape's trades in it, in time order: the first trade is
   * the open (a step before a trade at the same instant), the last the close (a trade after a step).
   */
  private static Bar merge(long barTime, BigDecimal previousClose, RandomWalk.Span walked, List<TapeTrade> pushed) {
    if (walked == null && pushed.isEmpty()) {
      return new Bar(barTime, previousClose, previousClose, previousClose, previousClose, BigDecimal.ZERO);
    }
    BigDecimal high = walked != null ? walked.high() : pushed.get(0).price();
    BigDecimal low = high;
    BigDecimal volume = walked != null ? walked.size() : BigDecimal.ZERO;
    if (walked != null) {
      low = walked.low();
    }
    for (TapeTrade trade : pushed) {
      high = high.max(trade.price());
      low = low.min(trade.price());
      volume = volume.add(trade.size());
    }
    TapeTrade firstPushed = pushed.isEmpty() ? null : pushed.get(0);
    TapeTrade lastPushed = pushed.isEmpty() ? null : pushed.get(pushed.size() - 1);
    BigDecimal open = walked != null && (firstPushed == null || walked.firstNs() <= firstPushed.timeNs())
        ? walked.first() : firstPushed.price();
    BigDecimal close = lastPushed != null && (walked == null || lastPushed.timeNs() >= walked.lastNs())
        ? lastPushed.price() : walked.last();
    return new Bar(barTime, open, high, low, close, volume);
  }

  /**
   * A klines request's answer, computed on {@code executor}: the reply's text, the open kline stamped with
   * {@code as_of_ns}, or an error reply (never a failed future: the engine always has something to send).
   */
  static CompletableFuture<String> answer(VenueJson json, long id, SimMarket market, RandomWalk walk,
                                          List<TapeTrade> tape, int period, long start, int count, long asOfNs,
                                          Executor executor) {
    return CompletableFuture.supplyAsync(() -> {
      ArrayNode bars = json.array();
      for (Bar bar : compute(market, walk, tape, period, start, count, asOfNs)) {
        ObjectNode kline = bars.addObject().put("time", bar.time()).put("open", VenueJson.plain(bar.open()))
            .put("high", VenueJson.plain(bar.high())).put("low", VenueJson.plain(bar.low()))
            .put("close", VenueJson.plain(bar.close())).put("volume", VenueJson.plain(bar.volume()));
        if ((bar.time() + period) * NANOS > asOfNs) {
          kline.put("as_of_ns", asOfNs); // the open kline: its trades up to this instant, none later
        }
      }
      return json.write(json.ok(id, bars));
    }, executor).exceptionally(error -> json.write(json.error(id, "VenueError", "klines failed: " + error.getMessage())));
  }

  /** The index of the first trade after {@code timeNs} (the tape's size when there is none). */
  private static int firstAfter(List<TapeTrade> tape, long timeNs) {
    int low = 0;
    int high = tape.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (tape.get(middle).timeNs() <= timeNs) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /**
   * What a request for bars from {@code start} needs of a tape in time order, copied: the last trade
   * before the window (it gives the first bar's previous close) and every trade up to {@code asOfNs}.
   * The engine takes this slice on its own thread and hands it to the thread that computes the bars.
   */
  static List<TapeTrade> slice(List<TapeTrade> tape, long start, long asOfNs) {
    int from = Math.max(0, firstAfter(tape, start * NANOS - 1) - 1);
    int to = Math.max(from, firstAfter(tape, asOfNs));
    return List.copyOf(tape.subList(from, to));
  }

  /** Adds a trade to a tape kept in time order (a wall clock that stepped back inserts it in its place). */
  static void append(List<TapeTrade> tape, TapeTrade trade) {
    if (tape.isEmpty() || tape.get(tape.size() - 1).timeNs() <= trade.timeNs()) {
      tape.add(trade);
    } else {
      tape.add(firstAfter(tape, trade.timeNs()), trade);
    }
  }

  /** A tape read from its file, in time order. */
  static List<TapeTrade> ordered(List<TapeTrade> trades) {
    List<TapeTrade> sorted = new ArrayList<>(trades);
    Collections.sort(sorted, BY_TIME); // stable: trades at one instant keep their tape order
    return sorted;
  }

  /** The first bar of a request for {@code count} bars ending before {@code end}, capped at the open bar. */
  static long startBefore(int period, long end, int count, long asOfNs) {
    long openBarEnd = Math.floorDiv(Math.floorDiv(asOfNs, NANOS), period) * period + period;
    long alignedEnd = Math.floorDiv(Math.min(end, openBarEnd), period) * period;
    return alignedEnd - (long) count * period;
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
