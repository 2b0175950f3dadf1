package piker.backends.binance.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import piker.contracts.market.Bar;
import piker.contracts.names.Echoed;

/**
 * {@code GET /api/v3/klines} rows as bars, and the paging of a request for more bars than one page holds
 * (docs/venues/binance.md 6.3 and 13.2): pages go newest first, each ending one millisecond before the
 * oldest open time received, rows keyed by open time so an overlap is taken once and a missing period is
 * just an empty one.
 */
public final class Klines {
  /** Binance's most rows per request. */
  public static final int PAGE = 1000;
  /** Documented weight of one klines request (CL 2023-08-25). */
  public static final int WEIGHT = 2;

  private Klines() {}

  /** Binance's interval name for a bar period: klines come in 1 s and 1 min for us. */
  public static String interval(int periodSeconds) {
    return switch (periodSeconds) {
      case 1 -> "1s";
      case 60 -> "1m";
      default -> throw new IllegalArgumentException("binance klines are served here in periods of 1 and 60 s, not "
          + periodSeconds);
    };
  }

  /**
   * One 12-element row: open time (ms), OHLC and base volume as decimal strings. A row that cannot be read, or that
   * no market can have made (high under low, open or close outside them, a price not above zero, a negative
   * volume), is refused with an error naming it: never stored as a bar.
   */
  public static Bar bar(JsonNode row) {
    Bar bar;
    try {
      JsonNode open = row.path(0);
      long openMs = open.isIntegralNumber() && open.canConvertToLong() ? open.asLong() : Long.parseLong(open.asText());
      bar = new Bar(openMs / 1000, decimal(row.get(1)), decimal(row.get(2)), decimal(row.get(3)),
          decimal(row.get(4)), decimal(row.get(5)));
    } catch (NullPointerException | NumberFormatException e) {
      throw new IllegalArgumentException("binance answered a kline that cannot be read: " + abridged(row));
    }
    BigDecimal low = bar.low();
    BigDecimal high = bar.high();
    if (low.signum() <= 0 || bar.volume().signum() < 0 || high.compareTo(low) < 0
        || bar.open().compareTo(low) < 0 || bar.open().compareTo(high) > 0
        || bar.close().compareTo(low) < 0 || bar.close().compareTo(high) > 0) {
      throw new IllegalArgumentException("binance answered a kline no market can have made (open and close within "
          + "low and high, prices above zero, volume not negative): " + abridged(row));
    }
    return bar;
  }

  private static String abridged(JsonNode row) {
    return Echoed.cut(String.valueOf(row), Echoed.ENTRY);
  }

  /** Open time of a row, ms. */
  public static long openTimeMs(JsonNode row) {
    return row.get(0).asLong();
  }

  /** Close time of a row, ms ({@code open + interval - 1}). */
  public static long closeTimeMs(JsonNode row) {
    return row.get(6).asLong();
  }

  private static BigDecimal decimal(JsonNode value) {
    return new BigDecimal(value.asText());
  }

  /**
   * The pages of one request for {@code count} bars opening before {@code endExclusiveMs}: ask
   * {@link #next}, hand its rows to {@link #accept}, until {@link #done}. Pure bookkeeping.
   */
  public static final class Paging {
    private final int count;
    private final NavigableMap<Long, JsonNode> rows = new TreeMap<>();
    private long endTimeMs;
    private boolean done;

    public Paging(long endExclusiveMs, int count) {
      this.count = count;
      this.endTimeMs = endExclusiveMs - 1; // Binance's endTime is inclusive of a row opening at it
      this.done = count <= 0;
    }

    /** The next page's parameters. */
    public Page next() {
      return new Page(endTimeMs, Math.min(PAGE, count - rows.size()));
    }

    /** Takes one page's rows (chronological); the paging ends on a short or empty page or enough rows. */
    public void accept(Page asked, JsonNode page) {
      long oldest = Long.MAX_VALUE;
      int fresh = 0;
      for (JsonNode row : page) {
        long open = openTimeMs(row);
        if (open > asked.endTimeMs()) {
          continue; // never past what was asked, whatever the host sent
        }
        oldest = Math.min(oldest, open);
        if (rows.putIfAbsent(open, row) == null) {
          fresh++;
        }
      }
      if (fresh == 0 || page.size() < asked.limit() || rows.size() >= count) {
        done = true;
      } else {
        endTimeMs = oldest - 1;
      }
    }

    public boolean done() {
      return done;
    }

    /** The newest {@code count} bars, oldest first. */
    public List<Bar> bars() {
      List<Bar> bars = new ArrayList<>(Math.min(count, rows.size()));
      rows.descendingMap().values().stream().limit(count).forEach(row -> bars.add(bar(row)));
      Collections.reverse(bars);
      return bars;
    }
  }

  /** One klines request: {@code endTime} (inclusive, ms) and {@code limit}. */
  public record Page(long endTimeMs, int limit) {
    public String query(String symbol, int periodSeconds) {
      return "symbol=" + symbol + "&interval=" + interval(periodSeconds) + "&endTime=" + endTimeMs + "&limit=" + limit;
    }
  }
}
