package piker.datad;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
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
 *
 * <p>What a conflated frame could not send for want of credit stays at the head, conflated, each quote
 * with the number of venue quotes it stands for: it counts that many against the capacity, and a drop of
 * it reports that many, so an overrun's count means venue quotes whichever way they were held.
 */
final class StreamBuffer {
  /** Ticks one conflated quote holds at most (about 86 KB on the wire): a busy market's frame goes as several. */
  static final int MAX_CONFLATED_TICKS = 4_096;

  private final int capacity;
  private final ArrayDeque<Quote> quotes = new ArrayDeque<>();
  /** For each conflated quote at the head of {@link #quotes}, oldest first: the venue quotes it stands for. */
  private final ArrayDeque<Integer> conflatedWeights = new ArrayDeque<>();
  /** The sum of {@link #conflatedWeights}. */
  private long conflatedWeight;

  StreamBuffer(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /** Adds quotes; returns how many old ones (venue quotes) were dropped to make room. */
  int add(List<Quote> incoming) {
    quotes.addAll(incoming);
    int dropped = 0;
    while (held() > capacity) {
      dropped += (int) removeFirst();
    }
    return dropped;
  }

  /** Venue quotes held: a conflated quote counts as those it stands for. */
  private long held() {
    return quotes.size() - conflatedWeights.size() + conflatedWeight;
  }

  /** Takes the oldest quote away; returns the venue quotes it stood for. */
  private long removeFirst() {
    quotes.removeFirst();
    if (conflatedWeights.isEmpty()) {
      return 1;
    }
    int weight = conflatedWeights.removeFirst();
    conflatedWeight -= weight;
    return weight;
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
      Quote next = quotes.peekFirst();
      removeFirst();
      batch.add(next);
    }
    return batch;
  }

  /**
   * Everything pending, one quote per market in first-seen order (a market with more than {@link
   * #MAX_CONFLATED_TICKS} ticks pending gets several): all ticks in venue order, the newest time, and
   * the newest known last, bid and ask. At most {@code maxBytes} on the wire (at least one quote); the
   * rest, conflated already, stays first in line, and is conflated again only with quotes that came after.
   */
  List<Quote> drainConflated(int maxBytes) {
    if (quotes.size() > conflatedWeights.size()) {
      conflateAll();
    }
    return drain(Integer.MAX_VALUE, maxBytes);
  }

  private void conflateAll() {
    Map<Fqme, List<Quote>> byMarket = new LinkedHashMap<>();
    Map<Fqme, List<Integer>> weights = new LinkedHashMap<>();
    Iterator<Integer> conflated = conflatedWeights.iterator();
    for (Quote quote : quotes) {
      byMarket.computeIfAbsent(quote.fqme(), fqme -> new ArrayList<>()).add(quote);
      weights.computeIfAbsent(quote.fqme(), fqme -> new ArrayList<>()).add(conflated.hasNext() ? conflated.next() : 1);
    }
    quotes.clear();
    conflatedWeights.clear();
    conflatedWeight = 0;
    byMarket.forEach((fqme, list) -> conflate(list, weights.get(fqme), (quote, weight) -> {
      quotes.add(quote);
      conflatedWeights.add(weight);
      conflatedWeight += weight;
    }));
  }

  /** Where {@link #conflate} puts each quote it makes, with the venue quotes that quote stands for. */
  @FunctionalInterface
  interface Conflated {
    void accept(Quote quote, int weight);
  }

  /**
   * One market's quotes as one (or, past {@link #MAX_CONFLATED_TICKS}, as few as that allows), packed ticks
   * copied as they are, split only between quotes; {@code weights} says how many venue quotes each input
   * stands for, and each output is given the sum of its inputs'. A market's scales are fixed while its feed
   * lives; should they ever differ inside a frame, the quotes go as they are rather than mix units.
   */
  static void conflate(List<Quote> list, List<Integer> weights, Conflated out) {
    Quote first = list.get(0);
    if (list.size() == 1 || list.stream().anyMatch(quote -> !quote.priceScale().equals(first.priceScale())
        || !quote.sizeScale().equals(first.sizeScale()))) {
      for (int i = 0; i < list.size(); i++) {
        out.accept(list.get(i), weights.get(i));
      }
      return;
    }
    Quote.Builder merged = null;
    int ticks = 0;
    int weight = 0;
    long last = Scale.NONE;
    long bid = Scale.NONE;
    long ask = Scale.NONE;
    long timeNs = 0;
    for (int q = 0; q < list.size(); q++) {
      Quote quote = list.get(q);
      if (merged != null && ticks > 0 && ticks + quote.tickCount() > MAX_CONFLATED_TICKS) {
        out.accept(merged.build(timeNs, last, bid, ask), weight);
        merged = null;
      }
      if (merged == null) {
        merged = new Quote.Builder(first.fqme(), first.priceScale(), first.sizeScale());
        ticks = 0;
        weight = 0;
      }
      for (int i = 0; i < quote.tickCount(); i++) {
        merged.tick(quote.tickKind(i), quote.tickPrice(i), quote.tickSize(i));
      }
      ticks += quote.tickCount();
      weight += weights.get(q);
      last = quote.lastUnits() != Scale.NONE ? quote.lastUnits() : last;
      bid = quote.bidUnits() != Scale.NONE ? quote.bidUnits() : bid;
      ask = quote.askUnits() != Scale.NONE ? quote.askUnits() : ask;
      timeNs = Math.max(timeNs, quote.timeNs());
    }
    out.accept(merged.build(timeNs, last, bid, ask), weight);
  }
}
