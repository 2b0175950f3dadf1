package piker.backends.binance.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Kline intervals (UTC boundaries) and the bars built from a market's trades, in REST rows and stream events. */
final class Klines {
  private static final Map<String, Long> FIXED = Map.ofEntries(Map.entry("1s", 1_000L), Map.entry("1m", 60_000L),
      Map.entry("3m", 180_000L), Map.entry("5m", 300_000L), Map.entry("15m", 900_000L), Map.entry("30m", 1_800_000L),
      Map.entry("1h", 3_600_000L), Map.entry("2h", 7_200_000L), Map.entry("4h", 14_400_000L),
      Map.entry("6h", 21_600_000L), Map.entry("8h", 28_800_000L), Map.entry("12h", 43_200_000L),
      Map.entry("1d", 86_400_000L), Map.entry("3d", 259_200_000L), Map.entry("1w", 604_800_000L));
  /** Weeks open on Monday 00:00 UTC; the epoch was a Thursday. */
  private static final long WEEK_OFFSET = 4 * 86_400_000L;

  /** One period's bar; ids are the first and last trade ids in it (-1 when the period had no trade). */
  record Bar(long open, long close, BigDecimal o, BigDecimal h, BigDecimal l, BigDecimal c, BigDecimal volume,
      BigDecimal quoteVolume, long count, BigDecimal takerBase, BigDecimal takerQuote, long firstId, long lastId) {

    Bar with(Tape.Trade trade) {
      BigDecimal quote = trade.price().multiply(trade.qty());
      boolean takerBought = !trade.buyerMaker();
      return new Bar(open, close, count == 0 ? trade.price() : o, count == 0 ? trade.price() : h.max(trade.price()),
          count == 0 ? trade.price() : l.min(trade.price()), trade.price(), volume.add(trade.qty()),
          quoteVolume.add(quote), count + 1, takerBought ? takerBase.add(trade.qty()) : takerBase,
          takerBought ? takerQuote.add(quote) : takerQuote, count == 0 ? trade.id() : firstId, trade.id());
    }

    static Bar empty(long open, long close, BigDecimal price) {
      BigDecimal zero = BigDecimal.ZERO;
      return new Bar(open, close, price, price, price, price, zero, zero, 0, zero, zero, -1, -1);
    }
  }

  private Klines() {}

  static boolean valid(String interval) {
    return FIXED.containsKey(interval) || "1M".equals(interval);
  }

  static void requireValid(String interval) {
    if (interval == null || interval.isEmpty()) {
      throw Refusal.mandatory("interval");
    }
    if (!valid(interval)) {
      throw Refusal.badRequest(-1120, "Invalid interval.");
    }
  }

  static long openOf(String interval, long time) {
    if ("1M".equals(interval)) {
      ZonedDateTime at = Instant.ofEpochMilli(time).atZone(ZoneOffset.UTC);
      return at.withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
    long length = FIXED.get(interval);
    long offset = "1w".equals(interval) ? WEEK_OFFSET : 0;
    return time - Math.floorMod(time - offset, length);
  }

  static long nextOpen(String interval, long open) {
    if ("1M".equals(interval)) {
      return Instant.ofEpochMilli(open).atZone(ZoneOffset.UTC).plusMonths(1).toInstant().toEpochMilli();
    }
    return open + FIXED.get(interval);
  }

  /** Bars from trades in time order; with {@code zeroVolume}, periods without trades up to {@code now} too. */
  static List<Bar> bars(List<Tape.Trade> trades, String interval, boolean zeroVolume, long now) {
    TreeMap<Long, Bar> bars = new TreeMap<>();
    for (Tape.Trade trade : trades) {
      long open = openOf(interval, trade.time());
      Bar bar = bars.computeIfAbsent(open,
          o -> Bar.empty(o, nextOpen(interval, o) - 1, trade.price()));
      bars.put(open, bar.with(trade));
    }
    if (!zeroVolume || bars.isEmpty()) {
      return new ArrayList<>(bars.values());
    }
    List<Bar> filled = new ArrayList<>();
    Bar previous = null;
    long last = Math.max(bars.lastKey(), openOf(interval, now));
    for (long open = bars.firstKey(); open <= last; open = nextOpen(interval, open)) {
      Bar bar = bars.get(open);
      if (bar == null) {
        bar = Bar.empty(open, nextOpen(interval, open) - 1, previous.c());
      }
      filled.add(bar);
      previous = bar;
    }
    return filled;
  }

  /** The time-window rules of rest-api.md › General API Information, on open time, endTime inclusive. */
  static List<Bar> window(List<Bar> bars, Long startTime, Long endTime, int limit) {
    List<Bar> inRange = bars.stream()
        .filter(bar -> startTime == null || bar.open() >= startTime)
        .filter(bar -> endTime == null || bar.open() <= endTime)
        .toList();
    if (startTime != null) {
      return inRange.subList(0, Math.min(limit, inRange.size()));
    }
    return inRange.subList(Math.max(0, inRange.size() - limit), inRange.size());
  }

  /** The 12-element REST row of rest-api.md › Kline/Candlestick data. */
  static ArrayNode row(Bar bar) {
    ArrayNode row = Wire.array();
    row.add(bar.open());
    row.add(Wire.decimal(bar.o()));
    row.add(Wire.decimal(bar.h()));
    row.add(Wire.decimal(bar.l()));
    row.add(Wire.decimal(bar.c()));
    row.add(Wire.decimal(bar.volume()));
    row.add(bar.close());
    row.add(Wire.decimal(bar.quoteVolume()));
    row.add(bar.count());
    row.add(Wire.decimal(bar.takerBase()));
    row.add(Wire.decimal(bar.takerQuote()));
    row.add("0");
    return row;
  }

  /** The {@code <symbol>@kline_<interval>} payload of web-socket-streams.md. */
  static ObjectNode event(String symbol, String interval, Bar bar, boolean closed, long eventTime) {
    ObjectNode event = Wire.object();
    event.put("e", "kline");
    event.put("E", eventTime);
    event.put("s", symbol);
    ObjectNode k = event.putObject("k");
    k.put("t", bar.open());
    k.put("T", bar.close());
    k.put("s", symbol);
    k.put("i", interval);
    k.put("f", bar.firstId());
    k.put("L", bar.lastId());
    k.put("o", Wire.decimal(bar.o()));
    k.put("c", Wire.decimal(bar.c()));
    k.put("h", Wire.decimal(bar.h()));
    k.put("l", Wire.decimal(bar.l()));
    k.put("v", Wire.decimal(bar.volume()));
    k.put("n", bar.count());
    k.put("x", closed);
    k.put("q", Wire.decimal(bar.quoteVolume()));
    k.put("V", Wire.decimal(bar.takerBase()));
    k.put("Q", Wire.decimal(bar.takerQuote()));
    k.put("B", "0");
    return event;
  }
}
