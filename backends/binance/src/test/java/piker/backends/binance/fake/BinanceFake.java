package piker.backends.binance.fake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import piker.backends.testkit.wire.WsServer;

/**
 * A Binance spot protocol fake for tests: REST on the JDK HttpServer, market streams and the WS API on a
 * small websocket server, both on 127.0.0.1 with ephemeral ports, serving the documented wire format
 * (docs/venues/binance.md 13.7). Plain Java drivers script the market, the account and the failures.
 *
 * <pre>
 * try (BinanceFake fake = BinanceFake.start()) {
 *   fake.addKey("key", "secret");
 *   fake.trade("BTCUSDT", "60000.01", "0.5");
 *   // point [binance] rest_url / stream_url / ws_api_url at fake.restUrl() / streamUrl() / wsApiUrl()
 * }
 * </pre>
 */
public final class BinanceFake implements AutoCloseable {
  /** The docs' HMAC test key and secret (rest-api.md › HMAC Keys), known to every fake from the start. */
  public static final String DOCS_API_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
  public static final String DOCS_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

  /** How the fake starts; {@link #defaults()} gives Binance's documented keepalive and limits. */
  public record Options(Duration pingInterval, Duration pongTimeout, int maxIncomingPerSecond, Duration history,
      Duration historyStep, Duration klinePush) {
    public static Options defaults() {
      return new Options(Duration.ofSeconds(20), Duration.ofSeconds(60), 5, Duration.ofHours(3),
          Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    /** Defaults with a short history (10 minutes, a trade every 10 s): fast to build, enough for shapes. */
    public static Options quick() {
      return defaults().history(Duration.ofMinutes(10), Duration.ofSeconds(10));
    }

    public Options keepalive(Duration pingInterval, Duration pongTimeout) {
      return new Options(pingInterval, pongTimeout, maxIncomingPerSecond, history, historyStep, klinePush);
    }

    public Options history(Duration history, Duration historyStep) {
      return new Options(pingInterval, pongTimeout, maxIncomingPerSecond, history, historyStep, klinePush);
    }
  }

  private final AtomicLong skewMs = new AtomicLong();
  private final Venue venue;
  private final Matching matching;
  private final Keys keys;
  private final RestServer rest;
  private final WsServer ws;
  private final StreamHub streams;
  private final WsApi wsApi;
  private final ScheduledExecutorService klinePusher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "fake-klines");
    thread.setDaemon(true);
    return thread;
  });

  private BinanceFake(Options options) throws IOException {
    venue = new Venue(new Catalogue(), this::now, options.history().toMillis(), options.historyStep().toMillis());
    matching = new Matching(venue);
    keys = new Keys(this::now);
    keys.add(DOCS_API_KEY, DOCS_SECRET);
    RestServer.WindowCounter weight = new RestServer.WindowCounter(60_000);
    streams = new StreamHub(venue);
    wsApi = new WsApi(keys, this::now, weight);
    venue.connect(streams, matching);
    matching.userEvents(wsApi::publish);
    rest = new RestServer(new RestRoutes(venue, matching), keys, this::now, weight);
    ws = new WsServer((uri, connection) -> uri.getPath().startsWith("/ws-api")
        ? wsApi.open(uri, connection) : streams.open(uri, connection),
        options.pingInterval().toMillis(), options.pongTimeout().toMillis(), options.maxIncomingPerSecond());
    long push = options.klinePush().toMillis();
    klinePusher.scheduleAtFixedRate(venue::pushKlines, push, push, TimeUnit.MILLISECONDS);
  }

  public static BinanceFake start() {
    return start(Options.defaults());
  }

  public static BinanceFake start(Options options) {
    try {
      return new BinanceFake(options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- Endpoints ---

  /** The REST base, like {@code https://api.binance.com} (paths are /api/v3/...). */
  public URI restUrl() {
    return URI.create("http://127.0.0.1:" + rest.port());
  }

  /** The market stream base, like {@code wss://stream.binance.com:9443} (append /ws or /stream?streams=). */
  public URI streamUrl() {
    return URI.create("ws://127.0.0.1:" + ws.port());
  }

  /** The full WS API endpoint, like {@code wss://ws-api.binance.com:443/ws-api/v3}. */
  public URI wsApiUrl() {
    return URI.create("ws://127.0.0.1:" + ws.port() + WsApi.PATH);
  }

  // --- Clock ---

  /** The fake's server time: the local clock plus the skew. */
  public long now() {
    return System.currentTimeMillis() + skewMs.get();
  }

  /** Moves the server's clock relative to the local one (positive: the server is ahead). */
  public void clockSkew(Duration skew) {
    skewMs.set(skew.toMillis());
  }

  // --- Keys ---

  public void addKey(String apiKey, String secret) {
    keys.add(apiKey, secret);
  }

  /** An Ed25519 key: signatures are base64 Ed25519 over the same payloads as HMAC. */
  public void addEd25519Key(String apiKey, java.security.PublicKey publicKey) {
    keys.addEd25519(apiKey, publicKey);
  }

  /** Revokes a key: signed requests with it answer -2015; its user data subscriptions get the 401 notice. */
  public void removeKey(String apiKey) {
    keys.remove(apiKey);
    wsApi.revoke(apiKey);
  }

  // --- Market ---

  /** A trade by others (the taker bought): on the tape, on {@code @trade} and in the klines. Returns its id. */
  public long trade(String symbol, String price, String qty) {
    return trade(symbol, price, qty, false);
  }

  public long trade(String symbol, String price, String qty, boolean buyerMaker) {
    return venue.trade(symbol, new BigDecimal(price), new BigDecimal(qty), buyerMaker).id();
  }

  /** Sets the top of book ({@code @bookTicker}, ticker/bookTicker); resting orders it crosses fill. */
  public void book(String symbol, String bid, String bidQty, String ask, String askQty) {
    venue.book(symbol, new BigDecimal(bid), new BigDecimal(bidQty), new BigDecimal(ask), new BigDecimal(askQty));
  }

  /** Klines serve a zero-volume row for each period without trades instead of omitting it. */
  public void zeroVolumeBars(boolean on) {
    venue.zeroVolumeBars(on);
  }

  /** Publishes the running kline of every subscribed kline stream now (the fake also does so every second). */
  public void pushKlines() {
    venue.pushKlines();
  }

  // --- Account ---

  /** Fills {@code qty} of an open order (by order id digits, or client id) as a maker at {@code price} (null: its own). */
  public long fill(String symbol, String orderIdOrClientId, String qty, String price) {
    return matching.fill(symbol, orderIdOrClientId, new BigDecimal(qty), price == null ? null : new BigDecimal(price))
        .tradeId();
  }

  /** A deposit (positive) or withdrawal (negative): balanceUpdate and outboundAccountPosition. */
  public void deposit(String asset, String delta) {
    matching.deposit(asset, new BigDecimal(delta));
  }

  public BigDecimal free(String asset) {
    return matching.free(asset);
  }

  /** The commission rate charged on fills (0.001 by default), in the asset received. */
  public void commissionRate(String rate) {
    matching.commissionRate(new BigDecimal(rate));
  }

  // --- Failures ---

  /** The next REST request is answered with this status and error object, without being executed. */
  public void failNext(int httpStatus, int code, String msg) {
    rest.failNext(httpStatus, code, msg, false);
  }

  /**
   * The next REST request is executed (an order is placed) but answered 503 with -1007: the "execution
   * status unknown" case of rest-api.md.
   */
  public void failNextUnknown() {
    rest.failNext(503, -1007, "Timeout waiting for response from backend server. Send status unknown; "
        + "execution status unknown.", true);
  }

  /** The next REST request is executed but answered only after {@code delay}: for a client's request timeout. */
  public void delayNext(Duration delay) {
    rest.delayNext(delay.toMillis());
  }

  /** The next REST request is executed but answered 200 with this JSON instead of its documented answer. */
  public void answerNext(String json) {
    try {
      rest.answerNext(Wire.JSON.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The next REST request is answered {@code httpStatus} with {@code body} sent as is (a 200 cut short, a
   * proxy's HTML page), without being executed: what the client makes of an answer it cannot read.
   */
  public void failNextRaw(int httpStatus, String body) {
    rest.failNextRaw(httpStatus, body);
  }

  /** The next REST request is answered 429 -1003 with {@code Retry-After: seconds}. */
  public void rateLimitNext(long retryAfterSeconds) {
    rest.rateLimitNext(429, retryAfterSeconds);
  }

  /** The next REST request is answered 418 (IP banned) -1003 with {@code Retry-After: seconds}. */
  public void banNext(long retryAfterSeconds) {
    rest.rateLimitNext(418, retryAfterSeconds);
  }

  /** The next REST request is answered 429 -1015 (too many new orders) with {@code Retry-After: seconds}. */
  public void tooManyOrdersNext(long retryAfterSeconds) {
    rest.tooManyOrdersNext(retryAfterSeconds);
  }

  /** The next WebSocket API request is answered 429 -1003 with {@code data.retryAfter} = now + {@code wait}. */
  public void wsApiRateLimitNext(Duration wait) {
    wsApi.rateLimitNext(wait.toMillis());
  }

  /**
   * Lowers (or raises) the enforced REST limits: past {@code weightPerMinute} requests get 429 -1003, past
   * {@code ordersPer10Seconds} placements 429 -1015, each with Retry-After to the end of the window.
   */
  public void limits(int weightPerMinute, int ordersPer10Seconds) {
    rest.limits(weightPerMinute, ordersPer10Seconds);
  }

  /** Every websocket connection (streams and WS API) is cut without a close frame. */
  public void dropConnections() {
    ws.dropConnections();
  }

  /** Every websocket goes silent both ways but stays open, as when the network dies with no FIN or RST. */
  public void stallConnections() {
    ws.stallConnections();
  }

  /** Every websocket connection is closed by the server with a close frame (1000), as at the 24 h mark. */
  public void closeConnections() {
    ws.closeConnections();
  }

  /** The {@code serverShutdown} notice on every stream connection. */
  public void serverShutdown() {
    streams.serverShutdown();
  }

  /** The market streams, for the firehose runner ({@link BinanceFirehose}). */
  StreamHub streams() {
    return streams;
  }

  // --- Settings ---

  public void keepalive(Duration pingInterval, Duration pongTimeout) {
    ws.keepalive(pingInterval.toMillis(), pongTimeout.toMillis());
  }

  /**
   * Whether the fake answers a client's ping with a pong (by default it does, at once, as RFC 6455 asks);
   * off, it still sends its own pings: a server that only keeps Binance's documented 20 s pings.
   */
  public void answersPings(boolean answer) {
    ws.answersPings(answer);
  }

  /** Pongs the fake has sent to clients' pings so far (they are on the wire when counted). */
  public long pongsSent() {
    return ws.pongsSent();
  }

  /**
   * Waits (up to 5 s) until every open websocket has answered a ping of its client, so a client that holds a
   * server to its pong deadline does so from now on: then a drop or stall is noticed within that deadline.
   */
  public void awaitPongs() {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!ws.everyConnectionAnsweredAPing()) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException("a websocket client sent no ping within 5 s");
      }
      try {
        Thread.sleep(5); // polling the connections' state, not waiting for time to pass
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Streams one market stream connection may hold (1024 by default); past it the connection is dropped. */
  public void maxStreams(int limit) {
    streams.maxStreams(limit);
  }

  /** The next {@code count} SUBSCRIBE requests on market stream connections are refused with a documented error. */
  public void refuseSubscribes(int count) {
    streams.refuseSubscribes.set(count);
  }

  /** SUBSCRIBE requests are kept unanswered from now until {@link #releaseSubscribes}. */
  public void holdSubscribes() {
    streams.holdSubscribes = true;
  }

  /** SUBSCRIBE requests kept unanswered so far. */
  public int heldSubscribes() {
    return streams.held.size();
  }

  /** Answers the SUBSCRIBE requests kept, in arrival order, and the next ones at once. */
  public void releaseSubscribes() {
    streams.releaseSubscribes();
  }

  /** Incoming messages a second a market stream connection may send before it is dropped (5 by default). */
  public void maxIncomingPerSecond(int limit) {
    ws.maxIncomingPerSecond(limit);
  }

  // --- Observations ---

  /** Every REST request's arrival, oldest first. */
  public List<Arrival> arrivals() {
    return rest.arrivals();
  }

  /** REST requests per {@code "METHOD /path"}. */
  public Map<String, Integer> requestCounts() {
    return rest.requestCounts();
  }

  /** REST and WS API request weight used in the current minute. */
  public int usedWeight() {
    return rest.usedWeight();
  }

  /** Open websocket connections (streams and WS API). */
  public int connectionCount() {
    return ws.connectionCount();
  }

  public int userDataSubscriptions() {
    return wsApi.subscriptionCount();
  }

  @Override
  public void close() {
    klinePusher.shutdownNow();
    ws.close();
    rest.close();
  }
}
