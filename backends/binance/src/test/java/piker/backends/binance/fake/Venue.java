package piker.backends.binance.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The fake's public market state: the catalogue, each market's tape and book, and what goes out on the
 * market streams when it changes. One lock (this object) guards it and the account in {@link Matching}.
 */
final class Venue {
  /** Where market stream payloads go (the stream server). */
  interface MarketSink {
    boolean wants(String stream);

    void publish(String stream, ObjectNode payload);
  }

  final Catalogue catalogue;
  final LongSupplier clock;
  private final Map<String, Tape> tapes = new LinkedHashMap<>();
  private final List<String> klineIntervals = new ArrayList<>(List.of("1s", "1m"));
  private volatile MarketSink sink;
  private volatile boolean zeroVolumeBars;
  private Matching matching;

  Venue(Catalogue catalogue, LongSupplier clock, long historySpanMs, long historyStepMs) {
    this.catalogue = catalogue;
    this.clock = clock;
    long start = clock.getAsLong();
    for (Catalogue.Market market : catalogue.all()) {
      tapes.put(market.symbol(), new Tape(market, start, historySpanMs, historyStepMs));
    }
  }

  void connect(MarketSink sink, Matching matching) {
    this.sink = sink;
    this.matching = matching;
  }

  long now() {
    return clock.getAsLong();
  }

  void zeroVolumeBars(boolean on) {
    zeroVolumeBars = on;
  }

  synchronized Tape tape(String symbol) {
    Tape tape = tapes.get(catalogue.require(symbol).symbol());
    if (tape == null) {
      throw Refusal.invalidSymbol();
    }
    return tape;
  }

  /** A trade by others on the market: the tape, the @trade stream and the running klines. */
  synchronized Tape.Trade trade(String symbol, BigDecimal price, BigDecimal qty, boolean buyerMaker) {
    Tape tape = tape(symbol);
    Tape.Trade trade = tape.record(now(), price, qty, buyerMaker);
    announce(tape, trade);
    return trade;
  }

  /** Publishes a trade already on the tape (ours included) and the klines it changed. */
  synchronized void announce(Tape tape, Tape.Trade trade) {
    String name = tape.market.streamSymbol();
    if (sink.wants(name + "@trade")) {
      sink.publish(name + "@trade", tape.tradeEvent(trade, now()));
    }
    pushKlines(tape);
  }

  /** Sets the top of book, publishes @bookTicker, and lets resting orders the new top crosses fill. */
  synchronized void book(String symbol, BigDecimal bid, BigDecimal bidQty, BigDecimal ask, BigDecimal askQty) {
    Tape tape = tape(symbol);
    tape.setTop(bid, bidQty, ask, askQty);
    String stream = tape.market.streamSymbol() + "@bookTicker";
    if (sink.wants(stream)) {
      sink.publish(stream, tape.bookTicker(true));
    }
    matching.cross(tape);
  }

  /** The running bar of each subscribed kline stream; a bar whose period ended goes out once more, closed. */
  synchronized void pushKlines() {
    tapes.values().forEach(this::pushKlines);
  }

  private void pushKlines(Tape tape) {
    long now = now();
    for (String interval : klineIntervals) {
      String stream = tape.market.streamSymbol() + "@kline_" + interval;
      if (!sink.wants(stream)) {
        continue;
      }
      long open = Klines.openOf(interval, now);
      Long closedOpen = tape.swapKlineOpen(interval, open);
      if (closedOpen != null) {
        sink.publish(stream, Klines.event(tape.market.symbol(), interval, tape.barAt(interval, closedOpen), true, now));
      }
      sink.publish(stream, Klines.event(tape.market.symbol(), interval, tape.barAt(interval, now), false, now));
    }
  }

  /** Stream names may ask for any documented interval; the pusher learns them as they are subscribed. */
  synchronized void klineInterval(String interval) {
    if (!klineIntervals.contains(interval)) {
      klineIntervals.add(interval);
    }
  }

  /** GET /api/v3/klines: closed bars by the window rules, and the open period as the newest row. */
  synchronized List<Klines.Bar> klines(String symbol, String interval, Long startTime, Long endTime, int limit) {
    Tape tape = tape(symbol);
    Klines.requireValid(interval);
    long now = now();
    List<Klines.Bar> bars = new ArrayList<>(Klines.bars(tape.trades(), interval, zeroVolumeBars, now));
    long currentOpen = Klines.openOf(interval, now);
    if (bars.isEmpty() || bars.get(bars.size() - 1).open() < currentOpen) {
      bars.add(tape.barAt(interval, now));
    }
    return Klines.window(bars, startTime, endTime, limit);
  }

  synchronized List<Tape> tapes() {
    return List.copyOf(tapes.values());
  }
}
