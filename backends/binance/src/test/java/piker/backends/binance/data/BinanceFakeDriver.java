package piker.backends.binance.data;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import piker.backends.binance.BinanceBackend;
import piker.backends.binance.fake.BinanceFake;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.Credentials;
import piker.contracts.spi.TradeClient.OrderState;
import piker.backends.testkit.VenueDriver;

/**
 * The conformance kit's view of the Binance protocol fake, data side: the backend pointed at the fake,
 * two of its markets with their exact filters, and the fake's levers. The trade side is not here yet.
 */
final class BinanceFakeDriver implements VenueDriver {
  private final BinanceFake fake;
  private final Map<String, BigDecimal[]> books = new ConcurrentHashMap<>();
  private volatile long armedAtMillis;

  BinanceFakeDriver(BinanceFake fake) {
    this.fake = fake;
  }

  @Override
  public Backend backend() {
    return new BinanceBackend();
  }

  @Override
  public BackendContext context() {
    return new BackendContext(RuntimeSettings.of(Path.of("unused")), Map.of("rest_url", fake.restUrl().toString(),
        "stream_url", fake.streamUrl().toString(), "ws_api_url", fake.wsApiUrl().toString()));
  }

  @Override
  public Account newAccount() {
    throw new UnsupportedOperationException("the binance backend has no trade side yet");
  }

  @Override
  public Credentials refusedCredentials() {
    throw new UnsupportedOperationException("the binance backend has no trade side yet");
  }

  /** The fake's BTCUSDT: PRICE_FILTER tick 0.01, LOT_SIZE step 0.00001, NOTIONAL min 5. */
  @Override
  public Market first() {
    return new Market("btcusdt.spot", new BigDecimal("0.01"), new BigDecimal("0.00001"), new BigDecimal("5"),
        new BigDecimal("60000.00"));
  }

  /** The fake's ETHUSDT: tick 0.01, step 0.0001, NOTIONAL min 5. */
  @Override
  public Market second() {
    return new Market("ethusdt.spot", new BigDecimal("0.01"), new BigDecimal("0.0001"), new BigDecimal("5"),
        new BigDecimal("3000.00"));
  }

  @Override
  public String unknownMarket() {
    return "nosuchcoin.spot";
  }

  /** An unknown market is datad's UnknownMarket (Binance's -1121 in its words); the trade codes are Binance's. */
  @Override
  public Codes codes() {
    return new Codes("UnknownMarket", "-2015", "-2010");
  }

  @Override
  public void inject(String bsFqme, String type, BigDecimal price, BigDecimal size) {
    String symbol = bsFqme.substring(0, bsFqme.indexOf('.')).toUpperCase(Locale.ROOT);
    switch (type) {
      case "trade" -> fake.trade(symbol, price.toPlainString(), size.toPlainString());
      case "bid", "ask" -> {
        // the fake's book moves both sides at once: the other side keeps its last value (one tick away at first)
        BigDecimal[] book = books.computeIfAbsent(symbol, key -> new BigDecimal[] {null, BigDecimal.ONE, null,
            BigDecimal.ONE});
        int side = type.equals("bid") ? 0 : 2;
        book[side] = price;
        book[side + 1] = size;
        BigDecimal tick = new BigDecimal("0.01");
        BigDecimal bid = book[0] != null ? book[0] : book[2].subtract(tick);
        BigDecimal ask = book[2] != null ? book[2] : book[0].add(tick);
        fake.book(symbol, bid.toPlainString(), book[1].toPlainString(), ask.toPlainString(), book[3].toPlainString());
      }
      default -> throw new IllegalArgumentException("no such tick type: " + type);
    }
  }

  @Override
  public void fill(OrderState order, BigDecimal size) {
    throw new UnsupportedOperationException("the binance backend has no trade side yet");
  }

  @Override
  public VenueError failNextRequest() {
    VenueError error = new VenueError("-1013", "Filter failure: PRICE_FILTER");
    fake.failNext(400, -1013, error.message());
    return error;
  }

  @Override
  public void dropConnections() {
    fake.dropConnections();
  }

  @Override
  public void rateLimitNext(Duration retryAfter) {
    armedAtMillis = System.currentTimeMillis();
    fake.rateLimitNext(retryAfter.toSeconds());
  }

  @Override
  public List<Instant> requestArrivals() {
    long since = armedAtMillis;
    return fake.arrivals().stream().filter(arrival -> arrival.atMillis() >= since)
        .map(arrival -> Instant.ofEpochMilli(arrival.atMillis())).toList();
  }
}
