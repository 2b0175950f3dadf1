package piker.datad;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import piker.contracts.market.Quote;
import piker.contracts.market.Scale;
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
    byMarket.forEach((fqme, list) -> frame.addAll(conflate(list)));
    return frame;
  }

  /**
   * One market's quotes as one, packed ticks copied as they are. A market's scales are fixed while its feed
   * lives; should they ever differ inside a frame, the quotes go as they are rather than mix units.
   */
  static List<Quote> conflate(List<Quote> list) {
    Quote first = list.get(0);
    if (list.size() == 1 || list.stream().anyMatch(quote -> !quote.priceScale().equals(first.priceScale())
        || !quote.sizeScale().equals(first.sizeScale()))) {
      return list;
    }
    Quote.Builder merged = new Quote.Builder(first.fqme(), first.priceScale(), first.sizeScale());
    long last = Scale.NONE;
    long bid = Scale.NONE;
    long ask = Scale.NONE;
    long timeNs = 0;
    for (Quote quote : list) {
      for (int i = 0; i < quote.tickCount(); i++) {
        merged.tick(quote.tickKind(i), quote.tickPrice(i), quote.tickSize(i));
      }
      last = quote.lastUnits() != Scale.NONE ? quote.lastUnits() : last;
      bid = quote.bidUnits() != Scale.NONE ? quote.bidUnits() : bid;
      ask = quote.askUnits() != Scale.NONE ? quote.askUnits() : ask;
      timeNs = Math.max(timeNs, quote.timeNs());
    }
    return List.of(merged.build(timeNs, last, bid, ask));
  }
}
