package piker.backends.kraken.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
      JsonNode c = candles.get(i);
      bars.add(new Bar(c.get(0).asLong(), decimal(c.get(1)), decimal(c.get(2)), decimal(c.get(3)),
          decimal(c.get(4)), decimal(c.get(6))));
    }
    List<Bar> filled = new ArrayList<>(Bars.filled(bars, periodSeconds));
    if (!filled.isEmpty()) {
      long open = candles.get(candles.size() - 1).get(0).asLong();
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
}
