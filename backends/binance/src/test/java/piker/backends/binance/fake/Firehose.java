package piker.backends.binance.fake;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import piker.backends.testkit.wire.TextFrames;

/**
 * The fake's market streams as fast as a reader takes them, for benchmarks: each round, every market has a
 * new trade ({@code @trade}) and a new top of book ({@code @bookTicker}) in the documented payloads
 * (web-socket-streams.md), trade ids and update ids rising, prices cycling over a few ticks around the
 * market's seed. Frames are written many to one socket write; the venue's tape, book and klines are
 * left alone (a firehose would fill the tape's memory), so REST keeps answering with the fake's own state.
 * Not thread-safe: one thread pours.
 */
final class Firehose {
  /** Price steps a market cycles through: different strings, no walk to compute. */
  private static final int LEVELS = 64;

  private final List<Outlet> markets;
  private final AtomicLong events = new AtomicLong();
  private final TextFrames frames = new TextFrames();
  private long round;

  /** One market's streams, pre-rendered where they do not change. */
  private static final class Outlet {
    final String symbol;
    final String tradeStream;
    final String bookStream;
    final String[] prices = new String[LEVELS];
    final String[] bids = new String[LEVELS];
    final String[] asks = new String[LEVELS];
    final String qty;
    long tradeId = 1_000_000_000L;
    long updateId = 5_000_000_000L;

    Outlet(Catalogue.Market market) {
      symbol = market.symbol();
      tradeStream = market.streamSymbol() + "@trade";
      bookStream = market.streamSymbol() + "@bookTicker";
      for (int i = 0; i < LEVELS; i++) {
        BigDecimal price = market.seedPrice().add(market.tickSize().multiply(BigDecimal.valueOf(i - LEVELS / 2)));
        prices[i] = Wire.decimal(price);
        bids[i] = Wire.decimal(price.subtract(market.tickSize()));
        asks[i] = Wire.decimal(price.add(market.tickSize()));
      }
      qty = Wire.decimal(market.stepSize().multiply(BigDecimal.valueOf(1234)));
    }
  }

  Firehose(List<Catalogue.Market> markets) {
    this.markets = markets.stream().map(Outlet::new).toList();
  }

  /** Trade and book ticker events rendered so far (one frame each, per connection that holds the stream). */
  long events() {
    return events.get();
  }

  /**
   * The next {@code rounds} rounds' frames for a connection holding {@code streams}, combined
   * ({@code {"stream":..,"data":..}}) or raw, ready to write; empty when it holds none of the firehose's
   * streams. Each call moves the markets on: with two connections, each sees its own ids.
   */
  byte[] frames(Set<String> streams, boolean combined, long nowMs, int rounds) {
    frames.reset();
    for (int i = 0; i < rounds; i++) {
      round(streams, combined, nowMs);
    }
    return frames.bytes();
  }

  private void round(Set<String> streams, boolean combined, long nowMs) {
    round++;
    int level = (int) (round % LEVELS);
    for (Outlet market : markets) {
      market.tradeId++;
      market.updateId++;
      if (streams.contains(market.tradeStream)) {
        String data = "{\"e\":\"trade\",\"E\":" + nowMs + ",\"s\":\"" + market.symbol + "\",\"t\":" + market.tradeId
            + ",\"p\":\"" + market.prices[level] + "\",\"q\":\"" + market.qty + "\",\"T\":" + nowMs
            + ",\"m\":" + (round % 2 == 0) + ",\"M\":true}";
        frame(combined ? "{\"stream\":\"" + market.tradeStream + "\",\"data\":" + data + "}" : data);
      }
      if (streams.contains(market.bookStream)) {
        String data = "{\"u\":" + market.updateId + ",\"s\":\"" + market.symbol + "\",\"b\":\"" + market.bids[level]
            + "\",\"B\":\"" + market.qty + "\",\"a\":\"" + market.asks[level] + "\",\"A\":\"" + market.qty + "\"}";
        frame(combined ? "{\"stream\":\"" + market.bookStream + "\",\"data\":" + data + "}" : data);
      }
    }
  }

  private void frame(String text) {
    frames.add(text);
    events.incrementAndGet();
  }
}
