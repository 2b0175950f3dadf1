package piker.backends.kraken.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every pair's trades, oldest first: a deterministic, gap-free history (a trade every {@code step} back to
 * {@code depth} before the fake started, a few ticks around the pair's seed) and what the driver trades since.
 * Serves REST {@code OHLC} (the newest 720 candles, the last one open, docs/venues/kraken.md 6.4) and
 * {@code Trades} (up to 1000 after {@code since}, {@code last} a nanosecond string, 6.5); tells the public
 * websocket of each new trade.
 */
final class History {
  /** One public trade: Kraken's per-pair id, time in ns, taker side {@code b}/{@code s}, order type {@code l}/{@code m}. */
  record Trade(String key, long id, long timeNs, BigDecimal price, BigDecimal qty, String side, String ordType) {}

  static final int OHLC_WINDOW = 720;
  static final int TRADES_PAGE = 1000;
  private static final Set<Integer> INTERVALS = Set.of(1, 5, 15, 30, 60, 240, 1440, 10080, 21600);

  private final Catalogue catalogue;
  private final Map<String, List<Trade>> trades = new HashMap<>();
  private volatile Consumer<Trade> listener = trade -> { };
  /** Trades one call gives at most ("Up to 1000 trades per call": a lever may give fewer). */
  private volatile int tradesPerCall = TRADES_PAGE;
  /** Whether each Trades call is preceded by a new trade of its pair, as on a busy market. */
  private volatile boolean tradeEveryCall;
  /** Trades reads {@code since} as the docs show it: seconds, unless it is a {@code last} this fake gave. */
  private volatile boolean sinceAsDocumented;
  private final java.util.Set<Long> lastsGiven = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Whether OHLC and Trades answer under the pair's altname ({@code XBTUSD}) rather than its key. */
  private volatile boolean underAltname;
  /** How far Kraken's clock runs ahead of this machine's: new trades are stamped that much later. */
  private volatile long aheadNs;

  History(Catalogue catalogue, Duration depth, Duration step) {
    this.catalogue = catalogue;
    long nowNs = System.currentTimeMillis() * 1_000_000L;
    long stepNs = step.toNanos();
    long count = depth.toNanos() / stepNs;
    for (Catalogue.Pair pair : catalogue.all()) {
      List<Trade> list = new ArrayList<>();
      for (long i = 0; i < count; i++) {
        // an irregular but fixed walk of -2..+2 ticks around the seed; sizes 1..7 lots
        int ticks = (int) ((i * 7 + 3) % 5) - 2;
        BigDecimal price = pair.seed().add(pair.tickSize().multiply(BigDecimal.valueOf(ticks)));
        BigDecimal qty = pair.lot().multiply(BigDecimal.valueOf(1000 * (1 + i % 7)));
        list.add(new Trade(pair.key(), i + 1, nowNs - (count - i) * stepNs, price, qty, i % 2 == 0 ? "b" : "s", "l"));
      }
      trades.put(pair.key(), list);
    }
  }

  void listener(Consumer<Trade> listener) {
    this.listener = listener;
  }

  void sinceAsDocumented(boolean documented) {
    this.sinceAsDocumented = documented;
  }

  void tradesPerCall(int most) {
    this.tradesPerCall = most;
  }

  void tradeEveryCall(boolean every) {
    this.tradeEveryCall = every;
  }

  void underAltname(boolean altname) {
    this.underAltname = altname;
  }

  private String resultKey(Catalogue.Pair pair) {
    return underAltname ? pair.altname() : pair.key();
  }

  /** A trade now (after every earlier one, ids and times increasing), told to the websocket. */
  Trade trade(String key, BigDecimal price, BigDecimal qty, String side) {
    return trade(key, price, qty, side, true);
  }

  /** As above; told to the websocket only when {@code told} (an update lost with a dying connection). */
  Trade trade(String key, BigDecimal price, BigDecimal qty, String side, boolean told) {
    Trade trade;
    synchronized (this) {
      List<Trade> list = trades.get(key);
      Trade last = list.isEmpty() ? null : list.get(list.size() - 1);
      long now = System.currentTimeMillis() * 1_000_000L + System.nanoTime() % 1_000_000L + aheadNs;
      long time = last == null ? now : Math.max(now, last.timeNs() + 1_000);
      trade = new Trade(key, last == null ? 1 : last.id() + 1, time, price, qty, side, "l");
      list.add(trade);
    }
    if (told) {
      listener.accept(trade);
    }
    return trade;
  }

  void clockAhead(long nanos) {
    aheadNs = nanos;
  }

  /** The summed size of a pair's trades with time in {@code [fromNs, toNs]}. */
  synchronized BigDecimal volume(String key, long fromNs, long toNs) {
    return trades.get(key).stream().filter(t -> t.timeNs() >= fromNs && t.timeNs() <= toNs).map(Trade::qty)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** The newest {@code n} trades of a pair, oldest first. */
  synchronized List<Trade> latest(String key, int n) {
    List<Trade> list = trades.get(key);
    return List.copyOf(list.subList(Math.max(0, list.size() - n), list.size()));
  }

  ObjectNode ohlc(Map<String, String> params) {
    Catalogue.Pair pair = pair(params);
    int interval = whole(params.getOrDefault("interval", "1"), "interval");
    if (!INTERVALS.contains(interval)) {
      throw Refusal.invalidArguments("interval");
    }
    long since = params.containsKey("since") ? wholeLong(params.get("since"), "since") : Long.MIN_VALUE;
    long periodNs = interval * 60_000_000_000L;
    List<long[]> buckets = new ArrayList<>(); // [start s, first index, last index]
    List<Trade> list;
    synchronized (this) {
      list = List.copyOf(trades.get(pair.key()));
    }
    long nowBucket = Math.floorDiv(System.currentTimeMillis() * 1_000_000L, periodNs);
    for (int i = 0; i < list.size(); i++) {
      long bucket = Math.floorDiv(list.get(i).timeNs(), periodNs);
      if (!buckets.isEmpty() && buckets.get(buckets.size() - 1)[0] == bucket) {
        buckets.get(buckets.size() - 1)[2] = i;
      } else {
        buckets.add(new long[] {bucket, i, i});
      }
    }
    List<ArrayNode> entries = new ArrayList<>(); // every candle with a trade, then the open one
    long last = 0;
    for (long[] bucket : buckets) {
      long start = bucket[0] * periodNs / 1_000_000_000L;
      if (bucket[0] < nowBucket) {
        last = start;
      }
      entries.add(candle(pair, start, list.subList((int) bucket[1], (int) bucket[2] + 1)));
    }
    if (buckets.isEmpty() || buckets.get(buckets.size() - 1)[0] < nowBucket) {
      // "the current, not-yet-committed timeframe ... will always be present": flat at the last close
      String close = entries.isEmpty() ? pair.seed().toPlainString() : entries.get(entries.size() - 1).get(4).asText();
      ArrayNode open = Catalogue.JSON.createArrayNode().add(nowBucket * periodNs / 1_000_000_000L)
          .add(close).add(close).add(close).add(close).add(close)
          .add(BigDecimal.ZERO.setScale(pair.lotDecimals()).toPlainString()).add(0);
      entries.add(open);
    }
    ObjectNode result = Catalogue.JSON.createObjectNode();
    ArrayNode candles = result.putArray(resultKey(pair));
    List<ArrayNode> window = entries.subList(Math.max(0, entries.size() - OHLC_WINDOW), entries.size());
    for (int i = 0; i < window.size(); i++) {
      if (window.get(i).get(0).asLong() > since || i == window.size() - 1) {
        candles.add(window.get(i)); // only candles after since; the newest entry is always there
      }
    }
    result.put("last", last);
    return result;
  }

  private static ArrayNode candle(Catalogue.Pair pair, long start, List<Trade> in) {
    BigDecimal high = in.get(0).price();
    BigDecimal low = high;
    BigDecimal volume = BigDecimal.ZERO;
    BigDecimal cost = BigDecimal.ZERO;
    for (Trade t : in) {
      high = high.max(t.price());
      low = low.min(t.price());
      volume = volume.add(t.qty());
      cost = cost.add(t.price().multiply(t.qty()));
    }
    int scale = pair.pairDecimals();
    ArrayNode candle = Catalogue.JSON.createArrayNode();
    candle.add(start);
    candle.add(in.get(0).price().setScale(scale).toPlainString());
    candle.add(high.setScale(scale).toPlainString());
    candle.add(low.setScale(scale).toPlainString());
    candle.add(in.get(in.size() - 1).price().setScale(scale).toPlainString());
    candle.add(cost.divide(volume, scale, RoundingMode.HALF_EVEN).toPlainString());
    candle.add(volume.setScale(pair.lotDecimals()).toPlainString());
    candle.add(in.size());
    return candle;
  }

  ObjectNode trades(Map<String, String> params) {
    Catalogue.Pair pair = pair(params);
    int asked = params.containsKey("count") ? whole(params.get("count"), "count") : TRADES_PAGE;
    if (asked < 1 || asked > TRADES_PAGE) {
      throw Refusal.invalidArguments("count");
    }
    int count = Math.min(asked, tradesPerCall);
    if (tradeEveryCall) {
      Trade last = latest(pair.key(), 1).get(0);
      trade(pair.key(), last.price(), last.qty(), "b");
    }
    List<Trade> page;
    synchronized (this) {
      List<Trade> list = trades.get(pair.key());
      if (params.containsKey("since")) {
        long since = wholeLong(params.get("since"), "since");
        long sinceNs = sinceAsDocumented ? (lastsGiven.contains(since) ? since
            : since > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : since * 1_000_000_000L) // far future
            : since < 100_000_000_000L ? since * 1_000_000_000L : since; // seconds, or `last`'s ns
        page = list.stream().filter(t -> t.timeNs() > sinceNs).limit(count).toList();
      } else {
        page = List.copyOf(list.subList(Math.max(0, list.size() - count), list.size()));
      }
    }
    ObjectNode result = Catalogue.JSON.createObjectNode();
    ArrayNode array = result.putArray(resultKey(pair));
    for (Trade t : page) {
      ArrayNode element = array.addArray();
      element.add(t.price().setScale(pair.pairDecimals()).toPlainString());
      element.add(t.qty().setScale(pair.lotDecimals()).toPlainString());
      element.add(seconds(t.timeNs()));
      element.add(t.side()).add(t.ordType().equals("l") ? "l" : "m").add("").add(t.id());
    }
    long last = page.isEmpty() ? (params.containsKey("since") ? wholeLong(params.get("since"), "since") : 0)
        : page.get(page.size() - 1).timeNs();
    lastsGiven.add(last);
    result.put("last", Long.toString(last));
    return result;
  }

  /** Seconds with the fraction Kraken shows ({@code 1688669597.8277369}), exact. */
  static BigDecimal seconds(long ns) {
    BigDecimal s = BigDecimal.valueOf(ns, 9).stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }

  private Catalogue.Pair pair(Map<String, String> params) {
    String name = params.get("pair");
    if (name == null || name.isEmpty()) {
      throw Refusal.invalidArguments("pair");
    }
    return catalogue.rest(name).orElseThrow(Refusal::unknownPair);
  }

  private static int whole(String text, String parameter) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw Refusal.invalidArguments(parameter);
    }
  }

  private static long wholeLong(String text, String parameter) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw Refusal.invalidArguments(parameter);
    }
  }
}
