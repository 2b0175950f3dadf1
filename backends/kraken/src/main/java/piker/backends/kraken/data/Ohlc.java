package piker.backends.kraken.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import piker.backends.kraken.rest.KrakenRest;
import piker.contracts.RemoteError;
import piker.contracts.market.Bar;

/**
 * REST {@code OHLC} (docs/venues/kraken.md 6.4): one call gives the newest 720 candles of an interval, the
 * last one the current, uncommitted period; older ones cannot be had at all. So {@code bars(endTime, count)}
 * for an OHLC interval is one call (no {@code since}) cut to the committed candles before {@code endTime}:
 * deeper than the window it is empty, and a frame that reaches past the window's start is short, which ends a
 * backfill there. Periods without a candle inside the window are filled flat at the previous close (volume 0),
 * so what it gives joins without gaps.
 */
final class Ohlc {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Ohlc.class);
  /** Entries one OHLC call returns, the open one included. */
  static final int WINDOW = 720;
  /** The intervals OHLC serves, in minutes. */
  private static final List<Integer> INTERVALS = List.of(1, 5, 15, 30, 60, 240, 1440, 10080, 21600);

  private Ohlc() {}

  /** Whether OHLC serves bars of {@code periodSeconds}. */
  static boolean serves(int periodSeconds) {
    return periodSeconds % 60 == 0 && INTERVALS.contains(periodSeconds / 60);
  }

  /** The query for the newest window of a pair's candles of {@code periodSeconds}. */
  static Map<String, String> query(String key, int periodSeconds) {
    return Map.of("pair", key, "interval", Integer.toString(periodSeconds / 60));
  }

  /**
   * All committed candles of an OHLC {@code result} as bars, oldest first, gaps filled flat: between candles, and
   * from the last one with trades up to the open period (Kraken lists only periods with trades, and "the last
   * entry ... is for the current, not-yet-committed frame and will always be present"), so the quiet minutes just
   * before now are bars too and the history meets the live bars without a hole.
   */
  static List<Bar> committed(JsonNode result, String key, int periodSeconds) { // key: what we sent
    JsonNode candles = PairResult.array(result, "OHLC", key); // keyed as Kraken spells the pair, not as we did
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < candles.size() - 1; i++) { // the last entry is the open period
      Bar bar = candle(candles.get(i), i, key);
      long previous = bars.isEmpty() ? Long.MIN_VALUE : bars.get(bars.size() - 1).time();
      String wrong = impossible(bar, previous);
      if (wrong != null) {
        // one candle no market can have: left out (the flat filling covers its period), never stored
        LOG.warn("kraken's OHLC for {}: entry {} left out, {}: {}", key, i, wrong,
            TradeBars.abridged(candles.get(i)));
        continue;
      }
      bars.add(bar);
    }
    List<Bar> filled = new ArrayList<>(Bars.filled(bars, periodSeconds));
    if (!filled.isEmpty()) {
      long open = time(candles.get(candles.size() - 1), candles.size() - 1, key);
      Bar last = filled.get(filled.size() - 1);
      for (long t = last.time() + periodSeconds; t < open; t += periodSeconds) {
        filled.add(Bars.flat(t, last.close()));
      }
    }
    return filled;
  }

  /** The newest {@code count} of {@code bars} opening before {@code endTime - periodSeconds + 1}, oldest first. */
  static List<Bar> before(List<Bar> bars, int periodSeconds, long endTime, int count) {
    List<Bar> ended = bars.stream().filter(bar -> bar.time() + periodSeconds <= endTime).toList();
    return List.copyOf(ended.subList(Math.max(0, ended.size() - count), ended.size()));
  }

  static BigDecimal decimal(JsonNode value) {
    return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText());
  }

  /** Entry {@code i} as a bar ({@code [time, open, high, low, close, vwap, volume, count]}); unreadable: an error. */
  private static Bar candle(JsonNode entry, int i, String key) {
    return new Bar(time(entry, i, key), field(entry, 1, "open", i, key), field(entry, 2, "high", i, key),
        field(entry, 3, "low", i, key), field(entry, 4, "close", i, key), field(entry, 6, "volume", i, key));
  }

  private static long time(JsonNode entry, int i, String key) {
    if (!entry.isArray()) {
      throw unreadable(i, key, "it is " + TradeBars.abridged(entry) + ", not an array");
    }
    JsonNode time = entry.path(0);
    if (time.isIntegralNumber() && time.canConvertToLong()) {
      return time.longValue();
    }
    try {
      if (time.isTextual()) {
        return Long.parseLong(time.asText());
      }
    } catch (NumberFormatException e) {
      // as any other unreadable time
    }
    throw unreadable(i, key, "its time is " + (time.isMissingNode() ? "missing" : TradeBars.abridged(time)));
  }

  private static BigDecimal field(JsonNode entry, int index, String name, int i, String key) {
    JsonNode value = entry.path(index);
    if (!value.isNumber() && !value.isTextual()) {
      throw unreadable(i, key, "its " + name + " is "
          + (value.isMissingNode() ? "missing" : TradeBars.abridged(value)));
    }
    try {
      return decimal(value);
    } catch (NumberFormatException e) {
      throw unreadable(i, key, "its " + name + " is " + TradeBars.abridged(value));
    }
  }

  private static RuntimeException unreadable(int i, String key, String why) {
    return RemoteError.of(PairResult.UNEXPECTED, "kraken's OHLC entry " + i + " of " + key + " cannot be read: " + why,
        KrakenRest.SOURCE).toException();
  }

  /** Why no market can have made {@code bar} after a candle opening at {@code previous}; null when it can. */
  static String impossible(Bar bar, long previous) {
    // (its time is not checked against the period's grid: the docs' own examples are off it)
    if (bar.time() <= previous) {
      return "its time " + bar.time() + " is not after the candle before it (" + previous + ")";
    }
    if (bar.low().signum() <= 0 || bar.volume().signum() < 0) {
      return "a low of " + bar.low().toPlainString() + " or a volume of " + bar.volume().toPlainString();
    }
    BigDecimal low = bar.low();
    BigDecimal high = bar.high();
    if (high.compareTo(low) < 0 || bar.open().compareTo(low) < 0 || bar.close().compareTo(low) < 0
        || bar.open().compareTo(high) > 0 || bar.close().compareTo(high) > 0) {
      return "open and close are not within low and high";
    }
    return null;
  }
}
