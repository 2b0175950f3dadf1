package piker.backends.kraken.fake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
  private final PublicWs publicStreams;
  private final WsServer publicWs;
  private final WsServer privateWs;
  // account side
  private final KeyRing keys = new KeyRing();
  private final Map<String, Account> tokens = new ConcurrentHashMap<>();
  private final Ids ids = new Ids();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "kraken-fake-engine");
    thread.setDaemon(true);
    return thread;
  });
  private final Set<PrivateSession> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicReference<String> failNextOrder = new AtomicReference<>();
  private final AtomicReference<String> muteNext = new AtomicReference<>();
  private final AtomicReference<String> rejectNextOrder = new AtomicReference<>();
  private final PrivateRoutes privateRoutes;
  private volatile boolean feeFree;
  private volatile boolean feeInBaseAlways;

  private KrakenFake(Options options) throws IOException {
    rest = new RestServer();
    // ---- market data: public REST routes and the public websocket (data side)
    history = new History(catalogue, options.history(), options.historyStep());
    publicRoutes = new PublicRoutes(catalogue, history);
    publicRoutes.register(rest);
    publicStreams = new PublicWs(catalogue, book, history);
    history.listener(publicStreams::traded);
    publicWs = new WsServer(publicStreams, 3_600_000, 3_600_000, 1_000);
    // ---- account and orders: private REST routes and the private websocket (trade side)
    privateRoutes = new PrivateRoutes(keys, tokens);
    privateRoutes.register(rest);
    privateWs = new WsServer((uri, connection) -> {
      if (!uri.getPath().equals("/v2")) {
        return null;
      }
      PrivateSession session = new PrivateSession(connection, tokens, catalogue, failNextOrder, muteNext,
          rejectNextOrder);
      sessions.add(session);
      return session;
    }, 3_600_000, 3_600_000, 1_000);
    timer.scheduleAtFixedRate(() -> {
      sessions.removeIf(session -> !session.open());
      sessions.forEach(PrivateSession::heartbeat);
    }, 1, 1, TimeUnit.SECONDS);
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
    publicStreams.bookMoved(pair);
  }

  /** A public trade on {@code symbol} now (taker buys), on REST Trades/OHLC and the {@code trade} channel. */
  public void trade(String symbol, String price, String qty) {
    history.trade(catalogue.require(symbol).key(), new BigDecimal(price), new BigDecimal(qty), "b");
  }

  /**
   * A public trade whose {@code trade} update never reaches the connections open now, as one lost with a dying
   * connection: only a later trade snapshot (a reconnect's) or REST shows it.
   */
  public void tradeUnseen(String symbol, String price, String qty) {
    history.trade(catalogue.require(symbol).key(), new BigDecimal(price), new BigDecimal(qty), "b", false);
  }

  /** Closes each public connection once its ticker subscription is acknowledged (accepted, then dropped). */
  public void dropPublicAfterSubscribe(boolean drop) {
    publicStreams.dropAfterSubscribe = drop;
  }

  /** The engine goes to {@code system} (online, maintenance, cancel_only, post_only): told on the status channel. */
  public void engineStatus(String system) {
    publicStreams.engineStatus(system);
  }

  /** Subscribe requests are kept unanswered from now until {@link #releaseSubscribes}. */
  public void holdSubscribes() {
    publicStreams.holdSubscribes = true;
  }

  /** Subscribe requests kept unanswered so far. */
  public int heldSubscribes() {
    return publicStreams.held.size();
  }

  /** Answers the subscribe requests kept, in arrival order, and the next ones at once. */
  public void releaseSubscribes() {
    publicStreams.releaseSubscribes();
  }

  /** The next {@code requests} subscribe requests naming {@code symbol} refuse it alone; the other symbols are taken. */
  public void refuseSubscribesOf(String symbol, int requests) {
    publicStreams.refuseOnly = symbol;
    publicStreams.refuseSubscribes.set(requests);
  }

  /** The next {@code requests} subscribe requests (of any connection) are refused, symbol by symbol. */
  public void refuseSubscribes(int requests) {
    publicStreams.refuseSubscribes.set(requests);
  }

  /**
   * Trades reads {@code since} strictly as the docs show it: a timestamp in seconds ({@code "1616663618"}), or a
   * {@code last} it answered before (a nanosecond id "to be used as since when polling"); Kraken itself also takes
   * nanoseconds.
   */
  public void tradesSinceAsDocumented(boolean documented) {
    history.sinceAsDocumented(documented);
  }

  /** Public connections subscribed to {@code symbol} on {@code channel} ({@code ticker} or {@code trade}). */
  public int publicSubscribers(String channel, String symbol) {
    return publicStreams.subscribers(channel, symbol);
  }

  /** Public websocket connections accepted so far. */
  public int publicConnects() {
    return publicStreams.accepted.get();
  }

  /** Trade snapshots list the newest trade first from now on (the docs promise no order within a message). */
  public void tradeSnapshotsNewestFirst(boolean newestFirst) {
    publicStreams.snapshotsNewestFirst = newestFirst;
  }

  /** The next public REST request is refused with {@code EAPI:Rate limit exceeded} (no wait is named: Kraken names none). */
  public void rateLimitNext() {
    publicRoutes.refuseNext("EAPI:Rate limit exceeded");
  }

  /** The next public REST request is refused with {@code error}, a Kraken error string as documented. */
  public void failNextPublic(String error) {
    publicRoutes.refuseNext(error);
  }

  /** The next public REST request to {@code method} ({@code AssetPairs}, {@code Trades}, …) is refused with {@code error}. */
  public void failNextPublic(String method, String error) {
    publicRoutes.refuseNext(method, error);
  }

  /** REST Trades gives at most {@code most} trades a call from now on ("Up to 1000 trades per call"). */
  public void tradesPerCall(int most) {
    history.tradesPerCall(most);
  }

  /** Kraken's clock ahead of this machine's by {@code ahead}: new trades carry times that much later. */
  public void clockAhead(java.time.Duration ahead) {
    history.clockAhead(ahead.toNanos());
  }

  /** Each REST Trades call is preceded by a new trade of its pair (told live too), as on a busy market. */
  public void tradeEveryTradesCall(boolean every) {
    history.tradeEveryCall(every);
  }

  /** The summed size of {@code symbol}'s public trades with time in {@code [fromNs, toNs]}. */
  public BigDecimal tradedVolume(String symbol, long fromNs, long toNs) {
    return history.volume(catalogue.require(symbol).key(), fromNs, toNs);
  }

  /**
   * REST OHLC and Trades answer under the pair's altname ({@code XBTUSD}) instead of its key: nothing promises the
   * result key is the name the client sent (the docs' example sends {@code XBTUSD}, is answered under
   * {@code XXBTZUSD}).
   */
  public void historyUnderAltname(boolean altname) {
    history.underAltname(altname);
  }

  /** Drops every public websocket connection (no close frame); clients may connect again at once. */
  public void dropPublicConnections() {
    publicWs.dropConnections();
  }

  /** Leaves every public websocket connection open but silent both ways: a dead network. */
  public void stallPublicConnections() {
    publicWs.stallConnections();
  }

  /** The public websocket's sessions, for the firehose mode ({@link KrakenFirehose}). */
  PublicWs publicStreams() {
    return publicStreams;
  }

  /** Open public websocket connections. */
  public int publicConnectionCount() {
    return publicWs.connectionCount();
  }

  /** When each public REST request arrived (epoch ms), oldest first. */
  public List<Long> publicArrivals() {
    return publicRoutes.arrivals();
  }

  /** When each public REST request to {@code method} ({@code AssetPairs}, {@code Trades}, …) arrived, oldest first. */
  public List<Long> publicArrivals(String method) {
    return publicRoutes.arrivals(method);
  }

  // ---- account levers (trade side)

  /** What a new account holds of every asset the catalogue names. */
  public static final BigDecimal STARTING_BALANCE = new BigDecimal("1000000");

  /**
   * A key with its base64 secret (as Kraken issues them), trading an account of its own that starts with
   * {@link #STARTING_BALANCE} of every asset. Secrets are kept decoded and never printed.
   */
  public void addKey(String apiKey, String base64Secret) {
    Account account = new Account(catalogue, book, ids, timer, STARTING_BALANCE);
    account.feeFree(feeFree);
    account.feeInBaseAlways(feeInBaseAlways);
    keys.add(apiKey, base64Secret, account);
  }

  /** A second key on the account of {@code existingKey} (two processes, or two clients, on one account). */
  public void addKey(String apiKey, String base64Secret, String existingKey) {
    keys.add(apiKey, base64Secret, keys.account(existingKey));
  }

  /** 2FA on a key's API, as Kraken's key settings allow: its private calls must carry {@code otp=password}. */
  public void requireOtp(String apiKey, String password) {
    keys.requireOtp(apiKey, password);
  }

  /**
   * Fees off (true) or Kraken's first tier (0.25 % maker, 0.40 % taker) for every account a key added from now on
   * opens; in the asset the order's {@code fee_preference} names (by default the quote for a buy, the base for a sale).
   */
  public void feeFree(boolean free) {
    feeFree = free;
  }

  /**
   * Accounts a key added from now on opens are charged their fees in the base asset whatever an order asked: a
   * preference "won't necessarily give you your choice" (Kraken support, Fee Currency Preference).
   */
  public void feeInBaseAlways(boolean always) {
    feeInBaseAlways = always;
  }

  /** Revokes a key: its private calls answer {@code EAPI:Invalid key} from now on (its tokens stay valid, as Kraken's do). */
  public void revokeKey(String apiKey) {
    keys.revoke(apiKey);
  }

  /** Sets a key's account balance of a Kraken asset code ({@code XXBT}, {@code ZUSD}). */
  public void balance(String apiKey, String asset, String amount) {
    keys.account(apiKey).balance(asset, new BigDecimal(amount));
  }

  /** Fills {@code qty} of a resting order (by txid or cl_ord_id, in any account) at its limit, as a maker. */
  public void fill(String orderIdOrClOrdId, String qty) {
    for (Account account : accounts()) {
      if (account.find(orderIdOrClOrdId).filter(Account.Order::open).isPresent()) {
        account.fill(orderIdOrClOrdId, new BigDecimal(qty));
        return;
      }
    }
    throw new IllegalArgumentException("no open order " + orderIdOrClOrdId);
  }

  /**
   * Gives {@code apiKey}'s account {@code count} closed orders (resting BTC/USD buys at 1.0, placed and canceled at
   * once), newer than any before: a history to page through.
   */
  public void closedOrders(String apiKey, int count) {
    Account account = keys.account(apiKey);
    for (int i = 0; i < count; i++) {
      Account.Order order = account.add(java.util.UUID.randomUUID().toString(), catalogue.require("BTC/USD"), "buy",
          BigDecimal.ONE, new BigDecimal("0.001"));
      account.cancel(order.txid, "User requested");
    }
  }

  /** Amends a resting order (by txid or cl_ord_id, in any account) to a new quantity and limit, as amend_order would. */
  public void amend(String orderIdOrClOrdId, String qty, String price) {
    for (Account account : accounts()) {
      if (account.find(orderIdOrClOrdId).filter(Account.Order::open).isPresent()) {
        account.amend(orderIdOrClOrdId, new BigDecimal(qty), new BigDecimal(price));
        return;
      }
    }
    throw new IllegalArgumentException("no open order " + orderIdOrClOrdId);
  }

  /**
   * The next {@code add_order} is accepted, then canceled by the engine while pending with {@code reason}, as the
   * order lifecycle's "pending → canceled" on a validation failure.
   */
  public void rejectNextOrderAfterAccepting(String reason) {
    rejectNextOrder.set(reason);
  }

  /** The next {@code add_order} is carried out but never answered, as when the answer is lost on the way. */
  public void loseNextOrderAnswer() {
    muteNext.set("add_order");
  }

  /** The next private websocket request of {@code method} takes effect but its answer is never sent. */
  public void loseNextAnswerTo(String method) {
    muteNext.set(method);
  }

  /** The next {@code add_order} (of any connection) is refused with {@code error}, a Kraken error string. */
  public void failNextOrder(String error) {
    failNextOrder.set(error);
  }

  /** The next private REST call (of any key) is refused with {@code error}, after its signature and nonce passed. */
  public void failNextPrivate(String error) {
    privateRoutes.refuseNext(error);
  }

  /** Raises a key's last accepted nonce, as another process on the key would have. */
  public void nonceSeen(String apiKey, long nonce) {
    keys.nonceSeen(apiKey, nonce);
  }

  /** Every websocket token issued so far (for tests that look for them where they must not be). */
  public Set<String> issuedTokens() {
    return Set.copyOf(tokens.keySet());
  }

  /** Private REST requests received so far, refused ones included. */
  public long privateCalls() {
    return privateRoutes.calls();
  }

  /** Private calls refused for their signature so far. */
  public long signatureFailures() {
    return keys.signatureFailures.get();
  }

  /** Private calls refused for their nonce so far. */
  public long nonceFailures() {
    return keys.nonceFailures.get();
  }

  /** Private calls refused for their key so far. */
  public long keyFailures() {
    return keys.keyFailures.get();
  }

  /** How many orders of the key's account are open. */
  public long openOrders(String apiKey) {
    return keys.account(apiKey).orders().stream().filter(Account.Order::open).count();
  }

  /** The txids of the key's account's trades, oldest first (what TradesHistory lists). */
  public List<String> tradeIds(String apiKey) {
    return keys.account(apiKey).trades().stream().map(Account.Trade::txid).toList();
  }

  /** When the key's account's dead man's switch fires; empty when disarmed. */
  public Optional<Instant> cancelAfterTrigger(String apiKey) {
    long micros = keys.account(apiKey).deadManAtMicros();
    return micros == 0 ? Optional.empty()
        : Optional.of(Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1_000));
  }

  /** Fires the key's account's dead man's switch now, as its timer running out would. */
  public void fireCancelAfter(String apiKey) {
    keys.account(apiKey).deadManFires();
  }

  /** Drops the private websocket connections only. */
  public void dropPrivateConnections() {
    privateWs.dropConnections();
  }

  private java.util.Collection<Account> accounts() {
    return keys.accounts();
  }

  // ---- faults

  /** Drops every websocket connection, public and private; clients may connect again at once. */
  public void dropConnections() {
    publicWs.dropConnections();
    privateWs.dropConnections();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    publicStreams.close();
    publicWs.close();
    privateWs.close();
    rest.close();
  }
}
