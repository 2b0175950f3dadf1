package piker.backends.binance.data;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import piker.backends.binance.BinanceBackend;
import piker.backends.binance.fake.BinanceFake;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.Credentials;
import piker.contracts.spi.TradeClient.OrderState;
import piker.backends.testkit.BookSides;
import piker.backends.testkit.VenueDriver;

/**
 * The conformance kit's view of the Binance protocol fake: the backend pointed at the fake, two of its
 * markets with their exact filters, and the fake's levers. The fake has one account; each kit account is a
 * fresh API key on it (the kit counts positions as changes), and a test of the trade side sets the fake's
 * commission to zero so that a fill changes the base asset's balance by exactly its size.
 */
public final class BinanceFakeDriver implements VenueDriver {
  /** brokers.toml [binance] fields, as the backend reads them. */
  private static final String API_KEY = "api_key";
  private static final String API_SECRET = "api_secret";

  private final BinanceFake fake;
  private final BookSides books = new BookSides();
  private final AtomicLong keys = new AtomicLong();
  private volatile long armedAtMillis;

  public BinanceFakeDriver(BinanceFake fake) {
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
    String key = "kit-key-" + keys.incrementAndGet();
    String secret = "kit-secret-" + keys.get() + "-" + BinanceFake.DOCS_SECRET.substring(0, 16);
    fake.addKey(key, secret);
    return new Account(new Credentials(Map.of(API_KEY, key, API_SECRET, secret)), "KIT");
  }

  /** A key the fake never heard of: its account request answers -2015. */
  @Override
  public Credentials refusedCredentials() {
    return new Credentials(Map.of(API_KEY, "kit-key-unknown", API_SECRET, BinanceFake.DOCS_SECRET));
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
    return new Codes("UnknownMarket", "InvalidKey", "DuplicateClientId");
  }

  @Override
  public void inject(String bsFqme, String type, BigDecimal price, BigDecimal size) {
    String symbol = bsFqme.substring(0, bsFqme.indexOf('.')).toUpperCase(Locale.ROOT);
    switch (type) {
      case "trade" -> fake.trade(symbol, price.toPlainString(), size.toPlainString());
      case "bid", "ask" -> {
        BookSides.Top top = books.set(symbol, type, price, size, new BigDecimal("0.01"));
        fake.book(symbol, top.bid().toPlainString(), top.bidQty().toPlainString(), top.ask().toPlainString(),
            top.askQty().toPlainString());
      }
      default -> throw new IllegalArgumentException("no such tick type: " + type);
    }
  }

  /** A maker fill at the order's limit, by its Binance order id (the digits of {@code SYMBOL:orderId}). */
  @Override
  public void fill(OrderState order, BigDecimal size) {
    String id = order.orderId();
    fake.fill(id.substring(0, id.indexOf(':')), id.substring(id.indexOf(':') + 1), size.toPlainString(), null);
  }

  @Override
  public VenueError failNextRequest() {
    VenueError error = new VenueError("-1013", "Filter failure: PRICE_FILTER");
    fake.failNext(400, -1013, error.message());
    return error;
  }

  @Override
  public void dropConnections() {
    fake.awaitPongs(); // a drop the JDK does not hear of is noticed by the pong deadline, once it applies
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
