package piker.datad;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import piker.contracts.market.Quote;
import piker.contracts.market.Tick;
import piker.contracts.names.Fqme;

/**
 * One subscriber's pending quotes: bounded, oldest dropped first when it overflows (the drop is
 * counted, never silent), drained in order or conflated per market with every tick kept.
 */
final class StreamBuffer {
  private final int capacity;
  private final ArrayDeque<Quote> quotes = new ArrayDeque<>();

  StreamBuffer(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /** Adds quotes; returns how many old ones were dropped to make room. */
  int add(List<Quote> incoming) {
    quotes.addAll(incoming);
    int dropped = 0;
    while (quotes.size() > capacity) {
      quotes.removeFirst();
      dropped++;
    }
    return dropped;
  }

  boolean isEmpty() {
    return quotes.isEmpty();
  }

  int size() {
    return quotes.size();
  }

  /** Up to {@code max} quotes, oldest first. */
  List<Quote> drain(int max) {
    List<Quote> batch = new ArrayList<>(Math.min(max, quotes.size()));
    while (batch.size() < max && !quotes.isEmpty()) {
      batch.add(quotes.removeFirst());
    }
    return batch;
  }

  /**
   * Everything pending, one quote per market in first-seen order: all ticks in venue order, the
   * newest time, and the newest known last, bid and ask.
   */
  List<Quote> drainConflated() {
    Map<Fqme, List<Quote>> byMarket = new LinkedHashMap<>();
    while (!quotes.isEmpty()) {
      Quote quote = quotes.removeFirst();
      byMarket.computeIfAbsent(quote.fqme(), fqme -> new ArrayList<>()).add(quote);
    }
    List<Quote> frame = new ArrayList<>(byMarket.size());
    byMarket.forEach((fqme, list) -> frame.add(conflate(fqme, list)));
    return frame;
  }

  static Quote conflate(Fqme fqme, List<Quote> list) {
    if (list.size() == 1) {
      return list.get(0);
    }
    List<Tick> ticks = new ArrayList<>();
    BigDecimal last = null;
    BigDecimal bid = null;
    BigDecimal ask = null;
    long timeNs = 0;
    for (Quote quote : list) {
      ticks.addAll(quote.ticks());
      last = quote.last() != null ? quote.last() : last;
      bid = quote.bid() != null ? quote.bid() : bid;
      ask = quote.ask() != null ? quote.ask() : ask;
      timeNs = Math.max(timeNs, quote.timeNs());
    }
    return new Quote(fqme, timeNs, last, bid, ask, ticks);
  }
}
