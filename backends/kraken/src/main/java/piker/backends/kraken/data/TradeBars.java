package piker.backends.kraken.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import piker.backends.kraken.rest.KrakenRest;
import piker.contracts.RemoteError;
import piker.contracts.market.Bar;
import piker.contracts.names.Echoed;
import piker.contracts.spi.DataClient;

/**
 * Bars built from REST {@code Trades} (docs/venues/kraken.md 6.5) for periods OHLC has no interval for (1 s):
 * pages of up to 1000 trades after {@code since} (seconds at first, {@link #since}), each page's {@code last} the
 * next {@code since}, until the trades reach {@code endTime} or a page is empty. Kraken keeps every trade, so
 * depth is bounded only by the calls it takes; a frame that needs more than {@link #MAX_PAGES} calls fails rather
 * than leave a hole.
 */
final class TradeBars {
  static final int PAGE = 1000;
  static final int MAX_PAGES = 20;

  /** One public trade: price, volume, time in ns, Kraken's trade id. */
  record Trade(BigDecimal price, BigDecimal volume, long timeNs, long id) {}

  /** One page: its trades, oldest first, and {@code last} (the next {@code since}, ns). */
  record Page(List<Trade> trades, String last) {}

  private TradeBars() {}

  /**
   * Pages of {@code key}'s trades after {@code since} (seconds, or a {@code last} Kraken gave) until one reaches
   * {@code untilNs}, comes back empty or leaves {@code last} where it was (the venue has no more now); fails past
   * {@link #MAX_PAGES}. A short page is no end: the docs promise "Up to 1000 trades per call", not 1000.
   */
  static CompletableFuture<List<Trade>> fetch(KrakenRest rest, String key, String since, long untilNs) {
    return fetch(rest, key, since, untilNs, new ArrayList<>(), 0);
  }

  private static CompletableFuture<List<Trade>> fetch(KrakenRest rest, String key, String since, long untilNs,
                                                      List<Trade> into, int pages) {
    if (pages >= MAX_PAGES) {
      return CompletableFuture.failedFuture(RemoteError.of(DataClient.HISTORY_TOO_DENSE, "kraken's Trades for " + key
          + " took more than " + MAX_PAGES + " pages for one request", KrakenRest.SOURCE).toException());
    }
    return rest.get("Trades", query(key, since)).thenCompose(result -> {
      Page page = page(result, key);
      into.addAll(page.trades());
      boolean reached = page.trades().isEmpty() || page.trades().get(page.trades().size() - 1).timeNs() >= untilNs;
      if (reached || page.last().isEmpty() || page.last().equals(since)) {
        return CompletableFuture.completedFuture(into);
      }
      return fetch(rest, key, page.last(), untilNs, into, pages + 1);
    });
  }

  /**
   * The first page's {@code since} for trades from {@code seconds} on: a timestamp in seconds, as the docs show it
   * ({@code "1616663618"}; later pages pass Kraken's {@code last} back), a second early so that no trade at the
   * second itself is missed whether Kraken reads it inclusively or not. The caller drops the earlier ones.
   */
  static String since(long seconds) {
    return Long.toString(seconds - 1);
  }

  /** An entry as an error or log line shows it: a hostile one cut short. */
  static String abridged(JsonNode entry) {
    return Echoed.cut(String.valueOf(entry), Echoed.ENTRY);
  }

  static Map<String, String> query(String key, String since) {
    return Map.of("pair", key, "since", since, "count", Integer.toString(PAGE));
  }

  /** A Trades {@code result}: elements {@code [price, volume, time, side, type, misc, trade_id]}. */
  static Page page(JsonNode result, String key) {
    List<Trade> trades = new ArrayList<>();
    JsonNode entries = PairResult.array(result, "Trades", key); // keyed as Kraken spells the pair
    for (int i = 0; i < entries.size(); i++) {
      JsonNode t = entries.get(i);
      try {
        BigDecimal seconds = Ohlc.decimal(t.get(2));
        trades.add(new Trade(Ohlc.decimal(t.get(0)), Ohlc.decimal(t.get(1)),
            seconds.movePointRight(9).setScale(0, java.math.RoundingMode.DOWN).longValueExact(),
            t.path(6).asLong(-1)));
      } catch (NullPointerException | NumberFormatException | ArithmeticException e) {
        throw RemoteError.of(PairResult.UNEXPECTED, "kraken's Trades entry " + i + " of " + key + " cannot be read: "
            + abridged(t), KrakenRest.SOURCE).toException();
      }
    }
    return new Page(trades, result.path("last").asText(""));
  }

  /** How far before a frame its trades are read, for the price it starts from. */
  static final long LOOKBACK_SECONDS = 60;

  /**
   * A whole frame of bars opening in {@code [from, to)} from trades read since {@link #LOOKBACK_SECONDS} before it
   * (oldest first): periods without a trade are flat at the price before them, from the frame's start when a trade
   * before it was read (else the frame starts at its first trade) up to its end or the period open now, whichever
   * is first. A frame so is as long as asked wherever the trades allow it, and a short one means no trade before it.
   */
  static List<Bar> framed(List<Trade> trades, int periodSeconds, long from, long to, long nowSeconds) {
    BigDecimal before = null;
    for (Trade trade : trades) {
      if (trade.timeNs() < from * 1_000_000_000L) {
        before = trade.price();
      }
    }
    long end = Math.min(to, Math.floorDiv(nowSeconds, periodSeconds) * periodSeconds); // never the open period
    List<Bar> inside = bars(trades, periodSeconds, from, to);
    List<Bar> frame = new ArrayList<>(inside.size());
    if (before != null) {
      long first = inside.isEmpty() ? end : inside.get(0).time();
      for (long t = from; t < first; t += periodSeconds) {
        frame.add(Bars.flat(t, before));
      }
    }
    frame.addAll(inside);
    if (!frame.isEmpty()) {
      BigDecimal close = frame.get(frame.size() - 1).close();
      for (long t = frame.get(frame.size() - 1).time() + periodSeconds; t < end; t += periodSeconds) {
        frame.add(Bars.flat(t, close));
      }
    }
    return frame;
  }

  /** Bars of {@code periodSeconds} from trades (oldest first) opening in {@code [from, to)}, gaps filled flat. */
  static List<Bar> bars(List<Trade> trades, int periodSeconds, long from, long to) {
    List<Bar> bars = new ArrayList<>();
    Bar open = null;
    for (Trade trade : trades) {
      long time = Math.floorDiv(trade.timeNs(), 1_000_000_000L * periodSeconds) * periodSeconds;
      if (time < from || time >= to) {
        continue;
      }
      if (open != null && open.time() == time) {
        open = new Bar(time, open.open(), open.high().max(trade.price()), open.low().min(trade.price()),
            trade.price(), open.volume().add(trade.volume()));
      } else {
        if (open != null) {
          bars.add(open);
        }
        open = new Bar(time, trade.price(), trade.price(), trade.price(), trade.price(), trade.volume());
      }
    }
    if (open != null) {
      bars.add(open);
    }
    return Bars.filled(bars, periodSeconds);
  }
}
