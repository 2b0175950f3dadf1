package piker.datad;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import piker.contracts.datad.QuoteBatchSerializer;
import piker.contracts.market.Quote;
import piker.contracts.market.Scale;
import piker.contracts.names.Fqme;

/**
 * One subscriber's pending quotes: bounded, oldest dropped first when it overflows (the drop is
 * counted, never silent), drained in order or conflated per market with every tick kept. A drain
 * takes at most a given size on the wire ({@link QuoteBatchSerializer#boundOf}), so no message
 * outgrows Artery's frame (which would drop it whole); what does not fit stays for the next one.
 */
final class StreamBuffer {
  /** Ticks one conflated quote holds at most (about 86 KB on the wire): a busy market's frame goes as several. */
  static final int MAX_CONFLATED_TICKS = 4_096;

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

  /** Up to {@code max} quotes, oldest first, in at most {@code maxBytes} on the wire (at least one quote). */
  List<Quote> drain(int max, int maxBytes) {
    List<Quote> batch = new ArrayList<>(Math.min(max, quotes.size()));
    long bytes = 0;
    while (batch.size() < max && !quotes.isEmpty()) {
      bytes += QuoteBatchSerializer.boundOf(quotes.peekFirst());
      if (!batch.isEmpty() && bytes > maxBytes) {
        break;
      }
      batch.add(quotes.removeFirst());
    }
    return batch;
  }

  /**
   * Everything pending, one quote per market in first-seen order (a market with more than {@link
   * #MAX_CONFLATED_TICKS} ticks pending gets several): all ticks in venue order, the newest time, and
   * the newest known last, bid and ask. At most {@code maxBytes} on the wire (at least one quote); the
   * rest, conflated already, stays first in line.
   */
  List<Quote> drainConflated(int maxBytes) {
    Map<Fqme, List<Quote>> byMarket = new LinkedHashMap<>();
    while (!quotes.isEmpty()) {
      Quote quote = quotes.removeFirst();
      byMarket.computeIfAbsent(quote.fqme(), fqme -> new ArrayList<>()).add(quote);
    }
    byMarket.forEach((fqme, list) -> quotes.addAll(conflate(list)));
    return drain(Integer.MAX_VALUE, maxBytes);
  }

  /**
   * One market's quotes as one (or, past {@link #MAX_CONFLATED_TICKS}, as few as that allows), packed ticks
   * copied as they are, split only between quotes. A market's scales are fixed while its feed lives; should
   * they ever differ inside a frame, the quotes go as they are rather than mix units.
   */
  static List<Quote> conflate(List<Quote> list) {
    Quote first = list.get(0);
    if (list.size() == 1 || list.stream().anyMatch(quote -> !quote.priceScale().equals(first.priceScale())
        || !quote.sizeScale().equals(first.sizeScale()))) {
      return list;
    }
    List<Quote> conflated = new ArrayList<>(1);
    Quote.Builder merged = null;
    int ticks = 0;
    long last = Scale.NONE;
    long bid = Scale.NONE;
    long ask = Scale.NONE;
    long timeNs = 0;
    for (Quote quote : list) {
      if (merged != null && ticks > 0 && ticks + quote.tickCount() > MAX_CONFLATED_TICKS) {
        conflated.add(merged.build(timeNs, last, bid, ask));
        merged = null;
      }
      if (merged == null) {
        merged = new Quote.Builder(first.fqme(), first.priceScale(), first.sizeScale());
        ticks = 0;
      }
      for (int i = 0; i < quote.tickCount(); i++) {
        merged.tick(quote.tickKind(i), quote.tickPrice(i), quote.tickSize(i));
      }
      ticks += quote.tickCount();
      last = quote.lastUnits() != Scale.NONE ? quote.lastUnits() : last;
      bid = quote.bidUnits() != Scale.NONE ? quote.bidUnits() : bid;
      ask = quote.askUnits() != Scale.NONE ? quote.askUnits() : ask;
      timeNs = Math.max(timeNs, quote.timeNs());
    }
    conflated.add(merged.build(timeNs, last, bid, ask));
    return conflated;
  }
}
