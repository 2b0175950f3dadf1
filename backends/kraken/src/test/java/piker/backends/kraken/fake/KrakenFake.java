package piker.backends.kraken.fake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.time.Duration;
import piker.backends.testkit.wire.WsServer;

/**
 * A Kraken spot protocol fake for tests: REST on the JDK HttpServer, the public and private WebSocket v2
 * endpoints on two small websocket servers, all on 127.0.0.1 with ephemeral ports, serving the documented
 * wire format (docs/venues/kraken.md section 13). Plain Java levers script the market, the account and the
 * failures.
 *
 * <pre>
 * try (KrakenFake fake = KrakenFake.start()) {
 *   fake.addKey("key", "secret");
 *   // point [kraken] rest_url / ws_url / ws_auth_url at fake.restUrl() / wsUrl() / wsAuthUrl()
 * }
 * </pre>
 */
public final class KrakenFake implements AutoCloseable {

  /** How the fake starts: how far back its trade history goes, and a trade every {@code historyStep}. */
  public record Options(Duration history, Duration historyStep) {
    public static Options defaults() {
      return new Options(Duration.ofHours(3), Duration.ofSeconds(5));
    }

    /** A short history (10 minutes, a trade every 10 s): fast to build, enough for shapes. */
    public static Options quick() {
      return new Options(Duration.ofMinutes(10), Duration.ofSeconds(10));
    }
  }

  private final RestServer rest;
  private final Catalogue catalogue = new Catalogue();
  private final Book book = new Book();
  private final History history;
  private final PublicRoutes publicRoutes;
  private final WsServer publicWs;
  private final WsServer privateWs;

  private KrakenFake(Options options) throws IOException {
    rest = new RestServer();
    // ---- market data: public REST routes and the public websocket (data side)
    history = new History(catalogue, options.history(), options.historyStep());
    publicRoutes = new PublicRoutes(catalogue, history);
    publicRoutes.register(rest);
    publicWs = new WsServer((uri, connection) -> null, 3_600_000, 3_600_000, 1_000);
    // ---- account and orders: private REST routes and the private websocket (trade side)
    privateWs = new WsServer((uri, connection) -> null, 3_600_000, 3_600_000, 1_000);
  }

  public static KrakenFake start() {
    return start(Options.defaults());
  }

  public static KrakenFake start(Options options) {
    try {
      return new KrakenFake(options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The REST base, for conf.toml {@code [kraken] rest_url}. */
  public URI restUrl() {
    return URI.create("http://127.0.0.1:" + rest.port());
  }

  /** The public WebSocket v2 endpoint, for {@code [kraken] ws_url}. */
  public URI wsUrl() {
    return URI.create("ws://127.0.0.1:" + publicWs.port() + "/v2");
  }

  /** The private WebSocket v2 endpoint, for {@code [kraken] ws_auth_url}. */
  public URI wsAuthUrl() {
    return URI.create("ws://127.0.0.1:" + privateWs.port() + "/v2");
  }

  // ---- market levers (data side)

  /** The fake's pairs (AssetPairs), for the account side and tests. */
  public Catalogue catalogue() {
    return catalogue;
  }

  /** The top of every pair's book, as the driver set it: what the account side's matching reads. */
  public Book book() {
    return book;
  }

  /**
   * Sets {@code symbol}'s (WS v2 name, {@code BTC/USD}) best bid and ask, decimals as text; the public
   * {@code ticker} channel shows the change.
   */
  public void book(String symbol, String bid, String bidQty, String ask, String askQty) {
    Catalogue.Pair pair = catalogue.require(symbol);
    book.set(pair.key(), new Book.Top(new BigDecimal(bid), new BigDecimal(bidQty), new BigDecimal(ask),
        new BigDecimal(askQty)));
  }

  /** A public trade on {@code symbol} now (taker buys), on REST Trades/OHLC and the {@code trade} channel. */
  public void trade(String symbol, String price, String qty) {
    history.trade(catalogue.require(symbol).key(), new BigDecimal(price), new BigDecimal(qty), "b");
  }

  /** The next public REST request is refused with {@code EAPI:Rate limit exceeded} (no wait is named: Kraken names none). */
  public void rateLimitNext() {
    publicRoutes.refuseNext("EAPI:Rate limit exceeded");
  }

  /** The next public REST request is refused with {@code error}, a Kraken error string as documented. */
  public void failNextPublic(String error) {
    publicRoutes.refuseNext(error);
  }

  /** When each public REST request arrived (epoch ms), oldest first. */
  public List<Long> publicArrivals() {
    return publicRoutes.arrivals();
  }

  // ---- account levers (trade side)

  // ---- faults

  /** Drops every websocket connection, public and private; clients may connect again at once. */
  public void dropConnections() {
    publicWs.dropConnections();
    privateWs.dropConnections();
  }

  @Override
  public void close() {
    publicWs.close();
    privateWs.close();
    rest.close();
  }
}
