package piker.backends.kraken.trade;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import piker.backends.kraken.KrakenBackend;
import piker.backends.kraken.KrakenSettings;
import piker.backends.kraken.fake.KrakenFake;
import piker.backends.testkit.VenueDriver;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.Credentials;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * The trade kit's view of the Kraken fake: every kit account a fresh key on an account of its own, fees off so a
 * fill moves the base balance by exactly its size, the pairs' rules as the trade side meets them. The kit knows one
 * minimum per market, a notional; Kraken has two, {@code costmin} and {@code ordermin} (a volume), and at the kit's
 * prices {@code ordermin} is the one that binds (0.0001 BTC × 60000 = 6 USD over costmin 0.5), so
 * {@link Market#minNotional()} is {@code max(costmin, ordermin × price)}, the least order value Kraken takes there.
 */
public final class KrakenTradeDriver implements VenueDriver {
  private final KrakenFake fake;
  private final Path stateDir;
  private final AtomicLong keys = new AtomicLong();
  private final Map<String, BigDecimal[]> books = new ConcurrentHashMap<>();

  public KrakenTradeDriver(KrakenFake fake, Path stateDir) {
    this.fake = fake;
    this.stateDir = stateDir;
    fake.feeFree(true);
  }

  @Override
  public Backend backend() {
    return new KrakenBackend();
  }

  @Override
  public BackendContext context() {
    return new BackendContext(RuntimeSettings.of(stateDir), Map.of(KrakenSettings.REST_URL, fake.restUrl().toString(),
        KrakenSettings.WS_URL, fake.wsUrl().toString(), KrakenSettings.WS_AUTH_URL, fake.wsAuthUrl().toString()));
  }

  /** A fresh key (and account) on the fake, with a random base64 secret as Kraken issues them. */
  @Override
  public Account newAccount() {
    String key = "kit-key-" + System.nanoTime() + "-" + keys.incrementAndGet();
    String secret = secret();
    fake.addKey(key, secret);
    return new Account(new Credentials(Map.of("api_key", key, "api_secret", secret)), "KIT");
  }

  static String secret() {
    byte[] bytes = new byte[64];
    new java.security.SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** A key the fake never heard of: Kraken answers {@code EAPI:Invalid key}. */
  @Override
  public Credentials refusedCredentials() {
    return new Credentials(Map.of("api_key", "kit-key-unknown", "api_secret", secret()));
  }

  /** BTC/USD: tick_size 0.1, lot_decimals 8, ordermin 0.0001 (6 USD at 60000) over costmin 0.5. */
  @Override
  public Market first() {
    return new Market("btcusd.spot", new BigDecimal("0.1"), new BigDecimal("0.00000001"), new BigDecimal("6"),
        new BigDecimal("60000.0"));
  }

  /** ETH/USD: tick_size 0.01, lot_decimals 8, ordermin 0.002 (6 USD at 3000) over costmin 0.5. */
  @Override
  public Market second() {
    return new Market("ethusd.spot", new BigDecimal("0.01"), new BigDecimal("0.00000001"), new BigDecimal("6"),
        new BigDecimal("3000.00"));
  }

  @Override
  public String unknownMarket() {
    return "nosuchcoin.spot";
  }

  /** A refused key is the SPI's InvalidKey, an open cl_ord_id's duplicate the SPI's DuplicateClientId. */
  @Override
  public Codes codes() {
    return new Codes("UnknownMarket", "InvalidKey", "DuplicateClientId");
  }

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
    if (type.equals("trade")) {
      fake.trade(symbol, price.toPlainString(), size.toPlainString());
      return;
    }
    // the fake's book moves both sides at once: the other side keeps its last value (one tick away at first)
    BigDecimal[] book = books.computeIfAbsent(symbol, key -> new BigDecimal[] {null, BigDecimal.ONE, null,
        BigDecimal.ONE});
    int side = type.equals("bid") ? 0 : 2;
    book[side] = price;
    book[side + 1] = size;
    BigDecimal tick = bsFqme.equals("btcusd.spot") ? first().priceTick() : second().priceTick();
    BigDecimal bid = book[0] != null ? book[0] : book[2].subtract(tick);
    BigDecimal ask = book[2] != null ? book[2] : book[0].add(tick);
    fake.book(symbol, bid.toPlainString(), book[1].toPlainString(), ask.toPlainString(), book[3].toPlainString());
  }

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

  @Override
  public void rateLimitNext(Duration retryAfter) {
    throw new UnsupportedOperationException("the data side's check");
  }

  @Override
  public List<Instant> requestArrivals() {
    throw new UnsupportedOperationException("the data side's check");
  }
}
