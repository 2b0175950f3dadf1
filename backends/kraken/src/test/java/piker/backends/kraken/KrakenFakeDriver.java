package piker.backends.kraken;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import piker.backends.kraken.fake.KrakenFake;
import piker.backends.testkit.BookSides;
import piker.backends.testkit.VenueDriver;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.Credentials;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * The conformance kit's view of the Kraken protocol fake: the backend pointed at the fake, two of its pairs
 * with their exact AssetPairs ticks, and the fake's levers. Kraken names no wait when it rate-limits
 * ({@code EAPI:Rate limit exceeded}, no Retry-After): the client's first backoff is 1 s (the time Kraken's
 * fastest documented counter decay, -1/s, takes to free one call), so {@link #rateLimitNext} arms the fake's
 * refusal only for the kit's 1 s and refuses any other wait.
 */
public final class KrakenFakeDriver implements VenueDriver {
  private static final Duration KRAKEN_FIRST_BACKOFF = Duration.ofSeconds(1);

  private final KrakenFake fake;
  private final BookSides books = new BookSides();
  private final java.util.concurrent.atomic.AtomicLong keys = new java.util.concurrent.atomic.AtomicLong();
  private volatile long armedAtMillis;

  public KrakenFakeDriver(KrakenFake fake) {
    this.fake = fake;
  }

  public KrakenFake fake() {
    return fake;
  }

  @Override
  public Backend backend() {
    return new KrakenBackend();
  }

  @Override
  public BackendContext context() {
    return new BackendContext(RuntimeSettings.of(Path.of("unused")), Map.of(KrakenSettings.REST_URL,
        fake.restUrl().toString(), KrakenSettings.WS_URL, fake.wsUrl().toString(), KrakenSettings.WS_AUTH_URL,
        fake.wsAuthUrl().toString()));
  }

  /** A fresh key on the fake with an account of its own (brokers.toml [kraken] api_key, api_secret). */
  @Override
  public Account newAccount() {
    String key = "kit-key-" + System.nanoTime() + "-" + keys.incrementAndGet();
    String secret = newSecret();
    fake.addKey(key, secret);
    return new Account(new Credentials(Map.of("api_key", key, "api_secret", secret)), "KIT");
  }

  /** A random 64-byte private key in base64, as Kraken issues them. */
  public static String newSecret() {
    byte[] bytes = new byte[64];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getEncoder().encodeToString(bytes);
  }

  /** A key the fake never heard of: Kraken answers {@code EAPI:Invalid key}. */
  @Override
  public Credentials refusedCredentials() {
    return new Credentials(Map.of("api_key", "kit-key-unknown", "api_secret", newSecret()));
  }

  /** The fake's BTC/USD (XXBTZUSD): tick_size 0.1, lot_decimals 8, costmin 0.5. */
  @Override
  public Market first() {
    return new Market("btcusd.spot", new BigDecimal("0.1"), new BigDecimal("0.00000001"), new BigDecimal("0.5"),
        new BigDecimal("60000.0"));
  }

  /** The fake's ETH/USD (XETHZUSD): tick_size 0.01, lot_decimals 8, costmin 0.5. */
  @Override
  public Market second() {
    return new Market("ethusd.spot", new BigDecimal("0.01"), new BigDecimal("0.00000001"), new BigDecimal("0.5"),
        new BigDecimal("3000.00"));
  }

  @Override
  public String unknownMarket() {
    return "nosuchcoin.spot";
  }

  /**
   * An unknown market is datad's UnknownMarket; Kraken's key refusals ({@code EAPI:Invalid key}, ...) are the
   * SPI's InvalidKey and an open order's {@code cl_ord_id} reused is its DuplicateClientId, Kraken's words in the
   * message (what brokerd and emsd branch on).
   */
  @Override
  public Codes codes() {
    return new Codes("UnknownMarket", "InvalidKey", "DuplicateClientId");
  }

  /** The v2 symbol of a kit key: {@code btcusd.spot} → {@code BTC/USD}. */
  static String symbol(String bsFqme) {
    return switch (bsFqme) {
      case "btcusd.spot" -> "BTC/USD";
      case "ethusd.spot" -> "ETH/USD";
      default -> throw new IllegalArgumentException("the driver knows no " + bsFqme);
    };
  }

  @Override
  public void inject(String bsFqme, String type, BigDecimal price, BigDecimal size) {
    String symbol = symbol(bsFqme);
    switch (type) {
      case "trade" -> fake.trade(symbol, price.toPlainString(), size.toPlainString());
      case "bid", "ask" -> {
        BigDecimal tick = bsFqme.equals(first().bsFqme()) ? first().priceTick() : second().priceTick();
        BookSides.Top top = books.set(symbol, type, price, size, tick);
        fake.book(symbol, top.bid().toPlainString(), top.bidQty().toPlainString(), top.ask().toPlainString(),
            top.askQty().toPlainString());
      }
      default -> throw new IllegalArgumentException("no such tick type: " + type);
    }
  }

  /** A maker fill at the order's limit, by its txid. */
  @Override
  public void fill(OrderState order, BigDecimal size) {
    fake.fill(order.orderId(), size.toPlainString());
  }

  /** The next add_order refused for funds, in Kraken's words. */
  @Override
  public VenueError failNextRequest() {
    VenueError error = new VenueError("EOrder:Insufficient funds", "EOrder:Insufficient funds");
    fake.failNextOrder(error.message());
    return error;
  }

  @Override
  public void dropConnections() {
    fake.dropConnections();
  }

  /**
   * Kraken's refusal names no wait: the fake answers the next public request {@code EAPI:Rate limit exceeded}
   * and the client waits its first backoff, 1 s; so only that wait can be asked for.
   */
  @Override
  public void rateLimitNext(Duration retryAfter) {
    if (!retryAfter.equals(KRAKEN_FIRST_BACKOFF)) {
      throw new IllegalArgumentException("kraken names no wait: the client's first backoff is "
          + KRAKEN_FIRST_BACKOFF.toSeconds() + " s, not " + retryAfter);
    }
    armedAtMillis = System.currentTimeMillis();
    fake.rateLimitNext();
  }

  @Override
  public List<Instant> requestArrivals() {
    long since = armedAtMillis;
    return fake.publicArrivals().stream().filter(at -> at >= since).map(Instant::ofEpochMilli).toList();
  }
}
