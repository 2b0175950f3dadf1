package piker.backends.kraken.fake;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import piker.backends.testkit.wire.TextFrames;

/**
 * The public WebSocket v2 as fast as a reader takes it, for benchmarks: each round, every pair has a new
 * {@code trade} update and a new {@code ticker} update (its best bid and ask moved: what {@code bbo}
 * subscribers get) in the documented shapes (docs/venues/kraken.md 8.4, 8.5: prices and quantities JSON
 * numbers, RFC 3339 timestamps with microseconds), trade ids rising above the history's, prices cycling over
 * 64 ticks around the pair's seed. The book and the tape are left alone (a firehose would fill the tape's
 * memory), so REST keeps answering with the fake's own state. Not thread-safe: one thread pours.
 */
final class Firehose {
  /** Price steps a pair cycles through: different numbers, no walk to compute. */
  private static final int LEVELS = 64;
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
      .withZone(ZoneOffset.UTC);

  private final List<Outlet> pairs;
  private final AtomicLong messages = new AtomicLong();
  private final TextFrames frames = new TextFrames();
  private long round;

  /** One pair's messages, pre-rendered where they do not change. */
  private static final class Outlet {
    final String symbol;
    final String[] prices = new String[LEVELS];
    final String[] bids = new String[LEVELS];
    final String[] asks = new String[LEVELS];
    final String qty;
    final String seed;
    long tradeId = 1_000_000_000L; // above any id the fake's history holds

    Outlet(Catalogue.Pair pair) {
      symbol = pair.symbol();
      for (int i = 0; i < LEVELS; i++) {
        BigDecimal price = pair.seed().add(pair.tickSize().multiply(BigDecimal.valueOf(i - LEVELS / 2)));
        prices[i] = price.toPlainString();
        bids[i] = price.subtract(pair.tickSize()).toPlainString();
        asks[i] = price.add(pair.tickSize()).toPlainString();
      }
      qty = pair.lot().multiply(BigDecimal.valueOf(1_234_567)).toPlainString();
      seed = pair.seed().toPlainString();
    }
  }

  Firehose(List<Catalogue.Pair> pairs) {
    this.pairs = pairs.stream().map(Outlet::new).toList();
  }

  /** Trade and ticker messages rendered so far (one frame each, per connection that subscribed them). */
  long messages() {
    return messages.get();
  }

  /**
   * The next {@code rounds} rounds' frames for a connection subscribed to {@code trades} (symbols of the
   * {@code trade} channel) and {@code bbo} (symbols of {@code ticker} with {@code event_trigger: bbo}), ready
   * to write; empty when it holds none of the firehose's pairs. Each call moves the pairs on.
   */
  byte[] frames(Set<String> trades, Set<String> bbo, Instant now, int rounds) {
    frames.reset();
    String timestamp = RFC3339.format(now);
    for (int i = 0; i < rounds; i++) {
      round(trades, bbo, timestamp);
    }
    return frames.bytes();
  }

  private void round(Set<String> trades, Set<String> bbo, String timestamp) {
    round++;
    int level = (int) (round % LEVELS);
    for (Outlet pair : pairs) {
      pair.tradeId++;
      if (trades.contains(pair.symbol)) {
        frame("{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"" + pair.symbol + "\",\"side\":\""
            + (round % 2 == 0 ? "buy" : "sell") + "\",\"price\":" + pair.prices[level] + ",\"qty\":" + pair.qty
            + ",\"ord_type\":\"limit\",\"trade_id\":" + pair.tradeId + ",\"timestamp\":\"" + timestamp + "\"}]}");
      }
      if (bbo.contains(pair.symbol)) {
        frame("{\"channel\":\"ticker\",\"type\":\"update\",\"data\":[{\"symbol\":\"" + pair.symbol + "\",\"bid\":"
            + pair.bids[level] + ",\"bid_qty\":" + pair.qty + ",\"ask\":" + pair.asks[level] + ",\"ask_qty\":"
            + pair.qty + ",\"last\":" + pair.prices[level] + ",\"volume\":" + pair.qty + ",\"vwap\":" + pair.seed
            + ",\"low\":" + pair.bids[0] + ",\"high\":" + pair.asks[LEVELS - 1] + ",\"change\":0.0,\"change_pct\":0.0"
            + ",\"timestamp\":\"" + timestamp + "\"}]}");
      }
    }
  }

  private void frame(String text) {
    frames.add(text);
    messages.incrementAndGet();
  }
}
