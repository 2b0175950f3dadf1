package piker.backends.binance.trade;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import piker.backends.binance.BinanceSettings;
import piker.backends.binance.rest.HostGates;
import piker.backends.binance.trade.ErrorKinds.Kind;
import piker.backends.binance.trade.OrderReplies.Execution;
import piker.backends.binance.trade.OrderReplies.VenueOrderId;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.market.MktPair;
import piker.contracts.spi.TradeClient;

/**
 * Binance spot trading for one account (docs/venues/binance.md 12 "Decisions", 13.1, 13.5): REST for every
 * request, the WebSocket API for execution reports. HMAC keys have no session, so "logged in" means
 * {@code GET /api/v3/account} succeeded and the user data stream is subscribed. Orders are checked against
 * the symbol's filters before sending; an answer that leaves a placement in doubt is resolved by looking
 * the order up by its client id, never by sending it again. Fills from placement answers and from events
 * reach the listener once each (keyed by {@code SYMBOL:tradeId}); order updates once per execution id.
 */
public final class BinanceTradeClient implements TradeClient {
  static final String SOURCE = "binance";
  /**
   * One HTTP client for every trade client of the process (REST and the user data WebSocket): a client per
   * login kept its own selector thread and connection pool until collected. The JDK 17 client has no close;
   * this one lives as long as the process and the JDK closes its idle connections. Each request carries its
   * own timeout, which bounds connecting too.
   */
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String venueAccount;
  private final TradeListener listener;
  private final BinanceRest rest;
  private final Markets markets;
  private final TradeTiming timing;
  private final UserDataLink link;
  private final AccountReads reads;
  private final OrderQueries queries;
  private final PlacementAnswers answers;
  private final ClientIds clientIds = new ClientIds();
  private final OrderReplies replies = new OrderReplies(clientIds);
  private final Map<String, String> symbolByClientId = new ConcurrentHashMap<>();
  private final Map<String, String> clientIdByOrderId = new ConcurrentHashMap<>();
  private final Map<String, String> orderIdByClientId = new ConcurrentHashMap<>();
  private final Set<String> symbolsTouched = ConcurrentHashMap.newKeySet();
  private final Set<String> reportedTrades = ConcurrentHashMap.newKeySet();
  private final Set<String> reportedUpdates = ConcurrentHashMap.newKeySet();
  private final Set<String> clientIdsInEvents = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private BinanceTradeClient(BinanceSettings settings, RequestSigner signer, String venueAccount,
                             TradeListener listener, TradeTiming timing, HostGates gates) {
    this.venueAccount = venueAccount;
    this.listener = listener;
    this.timing = timing;
    this.rest = gates == null ? new BinanceRest(HTTP, settings.restUrl(), signer, timing.requestTimeout())
        : new BinanceRest(HTTP, settings.restUrl(), signer, timing.requestTimeout(), gates);
    this.markets = new Markets(rest);
    this.reads = new AccountReads(rest, markets, replies, clientIdByOrderId::get, this::remember);
    this.queries = new OrderQueries(rest, replies, clientIdByOrderId::get, this::remember);
    this.answers = new PlacementAnswers(queries, reads, replies, timing, this::remember, this::reportFill,
        clientIdsInEvents::contains, () -> closed);
    this.link = new UserDataLink(HTTP, settings.wsApiUrl(), signer, rest::serverNow, rest::syncClock, timing, new UserDataLink.Events() {
      @Override
      public void onEvent(JsonNode event) {
        execution(event);
      }

      @Override
      public void onDown(RemoteError error) {
        listener.onDisconnected(error);
      }

      @Override
      public void onUp() {
        listener.onReconnected();
      }
    });
  }

  /**
   * Logs in with an HMAC key: completes once the account answered and the user data stream is subscribed;
   * a refused key fails with Binance's code and message (which never quote the key or the secret).
   */
  public static CompletionStage<TradeClient> open(BinanceSettings settings, String apiKey, String secret,
                                                  String venueAccount, TradeListener listener) {
    RequestSigner signer;
    try {
      signer = RequestSigner.hmac(apiKey, secret);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(loginRefusal(RemoteError.of("-2014", e.getMessage(), SOURCE).toException()));
    }
    return open(settings, signer, venueAccount, listener);
  }

  /** Logs in with any key Binance takes (HMAC or Ed25519). */
  public static CompletionStage<TradeClient> open(BinanceSettings settings, RequestSigner signer, String venueAccount,
                                                  TradeListener listener) {
    return open(settings, signer, venueAccount, listener, TradeTiming.BINANCE);
  }

  /** Logs in through the backend instance's {@code gates}: the host's budget is shared with its data side. */
  public static CompletionStage<TradeClient> open(BinanceSettings settings, RequestSigner signer, String venueAccount,
                                                  TradeListener listener, HostGates gates) {
    return open(settings, signer, venueAccount, listener, TradeTiming.BINANCE, gates);
  }

  static CompletableFuture<TradeClient> open(BinanceSettings settings, RequestSigner signer, String venueAccount,
                                             TradeListener listener, TradeTiming timing) {
    return open(settings, signer, venueAccount, listener, timing, null);
  }

  private static CompletableFuture<TradeClient> open(BinanceSettings settings, RequestSigner signer,
                                                     String venueAccount, TradeListener listener, TradeTiming timing,
                                                     HostGates gates) {
    BinanceTradeClient client = new BinanceTradeClient(settings, signer, venueAccount, listener, timing, gates);
    return client.login().handle((ok, error) -> {
      if (error != null) {
        client.close();
        throw loginRefusal(BinanceRest.remote(error));
      }
      return (TradeClient) client;
    });
  }

  /**
   * A key or signature Binance refuses at login is the SPI's {@code InvalidKey} (brokerd and emsd stop for it
   * rather than retry), in Binance's code and words; anything else keeps Binance's code.
   */
  static RemoteException loginRefusal(RemoteException refused) {
    RemoteError error = refused.error();
    if (!ErrorKinds.refusesTheKey(error.type())) {
      return refused;
    }
    return RemoteError.of("InvalidKey", "binance refused the api key or its signature (" + error.type() + " "
        + error.message() + ")", SOURCE).toException();
  }

  private CompletableFuture<Void> login() {
    return rest.syncClock()
        .thenCompose(synced -> rest.signed("GET", "/api/v3/account", List.of(Map.entry("omitZeroBalances", "true"))))
        .thenAccept(account -> {
          JsonNode rates = account.path("commissionRates");
          if (rates.path("taker").isTextual() && rates.path("maker").isTextual()) {
            markets.fees(new BigDecimal(rates.path("taker").asText()), new BigDecimal(rates.path("maker").asText()));
          }
        })
        .thenCompose(loggedIn -> link.start());
  }

  @Override
  public String venueAccount() {
    return venueAccount;
  }

  @Override
  public CompletionStage<OrderState> submit(NewOrder order) {
    String symbol = OrderReplies.symbol(order.bsFqme());
    String venueClientId;
    try {
      venueClientId = clientIds.venueId(order.clientId());
    } catch (IllegalArgumentException e) {
      return refused("-1100", e.getMessage());
    }
    String side = order.side().toUpperCase(Locale.ROOT);
    if (!side.equals("BUY") && !side.equals("SELL")) {
      return refused("-1100", "side must be buy or sell, not " + order.side());
    }
    symbolByClientId.put(order.clientId(), symbol);
    symbolsTouched.add(symbol);
    return surfaced(markets.market(symbol).thenCompose(market -> {
      Filters filters = market.filters();
      filters.check(order.price(), order.size());
      List<Map.Entry<String, ?>> params = List.of(Map.entry("symbol", symbol), Map.entry("side", side),
          Map.entry("type", "LIMIT"), Map.entry("timeInForce", "GTC"),
          Map.entry("quantity", filters.wireQuantity(order.size())), Map.entry("price", filters.wirePrice(order.price())),
          Map.entry("newClientOrderId", venueClientId), Map.entry("newOrderRespType", "FULL"));
      // "Never placed" is judged from when the request left, not from before the gate held it (docs 13.5).
      AtomicLong leftMs = new AtomicLong();
      return rest.signed("POST", "/api/v3/order", params, leftMs::set).handle((reply, error) -> {
        long sentMs = leftMs.get() == 0 ? System.currentTimeMillis() : leftMs.get();
        return answers.answered(reply, error, symbol, order.clientId(), venueClientId, sentMs);
      }).thenCompose(next -> next);
    }));
  }

  @Override
  public CompletionStage<OrderState> cancel(String venueOrderId) {
    VenueOrderId id;
    try {
      id = VenueOrderId.parse(venueOrderId);
    } catch (IllegalArgumentException e) {
      return refused("-1100", e.getMessage());
    }
    List<Map.Entry<String, ?>> params = new ArrayList<>(List.of(Map.entry("symbol", id.symbol()),
        Map.entry("orderId", id.orderId())));
    String ours = clientIdByOrderId.get(venueOrderId);
    if (ours != null) {
      // The cancel renames the order at Binance; ours + "_x" keeps it recognisable (docs 13.4).
      params.add(Map.entry("newClientOrderId", ClientIds.cancelId(clientIds.venueId(ours))));
    }
    return surfaced(rest.signed("DELETE", "/api/v3/order", params).thenApply(reply -> {
      OrderState state = replies.order(reply);
      remember(state);
      return state;
    }));
  }

  /**
   * By venue order id (it names the symbol), else by client id in the order's market: the market given, or
   * the one this client placed it in; with neither known, open orders and the symbols touched are searched.
   */
  @Override
  public CompletionStage<Optional<OrderState>> order(OrderRef order) {
    if (order.venueOrderId() != null) {
      VenueOrderId id;
      try {
        id = VenueOrderId.parse(order.venueOrderId());
      } catch (IllegalArgumentException e) {
        return refused("-1100", e.getMessage());
      }
      return surfaced(queries.byOrderId(id));
    }
    String clientId = order.clientId();
    String venueClientId = clientIds.venueId(clientId);
    String symbol = order.bsFqme() != null ? OrderReplies.symbol(order.bsFqme()) : symbolByClientId.get(clientId);
    if (symbol == null) {
      return surfaced(scan(clientId, venueClientId));
    }
    String orderId = orderIdByClientId.get(clientId);
    return surfaced(queries.byClientId(symbol, venueClientId).handle((found, error) -> {
      if (orderId == null || found != null && found.isPresent()) {
        return error == null ? CompletableFuture.completedFuture(found)
            : CompletableFuture.<Optional<OrderState>>failedFuture(error);
      }
      if (error == null) {
        return byOrderId(symbol, orderId); // not found by client id (a cancel renamed it): its id still names it
      }
      Kind kind = BinanceRest.kindOf(error);
      if (kind == null || !OrderQueries.ARCHIVED.equals(kind.code())) {
        return CompletableFuture.<Optional<OrderState>>failedFuture(error);
      }
      // -2026 by client id: asked by its id Binance says what became of it. An archived order is never
      // reported as not found (brokerd could place it again): an empty answer keeps the -2026.
      return byOrderId(symbol, orderId).thenCompose(byId -> byId.isPresent() ? CompletableFuture.completedFuture(byId)
          : CompletableFuture.<Optional<OrderState>>failedFuture(error));
    }).thenCompose(next -> next));
  }

  private CompletableFuture<Optional<OrderState>> byOrderId(String symbol, String venueOrderId) {
    return queries.byOrderId(new VenueOrderId(symbol, VenueOrderId.parse(venueOrderId).orderId()));
  }

  /** No symbol known for the client id (a restart mid-doubt): open orders, then each touched symbol's history. */
  private CompletableFuture<Optional<OrderState>> scan(String clientId, String venueClientId) {
    CompletableFuture<Optional<OrderState>> found = queries.open().thenApply(open -> matching(open, clientId));
    for (String symbol : List.copyOf(symbolsTouched)) {
      found = found.thenCompose(so -> so.isPresent() ? CompletableFuture.completedFuture(so)
          : queries.byClientId(symbol, venueClientId));
    }
    return found;
  }

  private static Optional<OrderState> matching(List<OrderState> orders, String clientId) {
    return orders.stream().filter(o -> clientId.equals(o.clientId())).findFirst();
  }

  @Override
  public CompletionStage<List<OrderState>> openOrders() {
    return surfaced(queries.open());
  }

  /** Binance lists trades per symbol: those of the markets asked (docs 12, decision 4). */
  @Override
  public CompletionStage<List<NormTrade>> trades(Set<String> bsFqmes) {
    return surfaced(reads.trades(bsFqmes.stream().map(OrderReplies::symbol).collect(Collectors.toSet())));
  }

  @Override
  public CompletionStage<List<NormTrade>> orderTrades(OrderRef order) {
    try {
      return surfaced(reads.trades(VenueOrderId.parse(order.venueOrderId())));
    } catch (IllegalArgumentException e) {
      return refused("-1100", e.getMessage());
    }
  }

  /** Spot positions are balances: each market asked with its base asset's balance (docs 12, decision 5). */
  @Override
  public CompletionStage<List<VenuePosition>> positions(Set<String> bsFqmes) {
    return surfaced(reads.positions(bsFqmes));
  }

  @Override
  public CompletionStage<MktPair> market(String bsFqme) {
    return surfaced(markets.market(OrderReplies.symbol(bsFqme)).thenApply(Markets.Market::pair));
  }

  /** An executionReport: the fill (once per trade id), then the order (once per execution id). */
  private void execution(JsonNode frame) {
    JsonNode event = frame.has("event") ? frame.get("event") : frame;
    if (!"executionReport".equals(event.path("e").asText())) {
      return; // balance events: positions() asks the account when wanted
    }
    Execution execution;
    try {
      execution = replies.execution(frame);
    } catch (IllegalArgumentException e) {
      return; // malformed or a status we do not know: reconciliation reads the order by query
    }
    remember(execution.order());
    clientIdsInEvents.add(execution.order().clientId());
    execution.fill().ifPresent(this::reportFill);
    if (reportedUpdates.add(execution.updateKey())) {
      listener.onOrder(execution.order());
    }
  }

  private void reportFill(NormTrade trade) {
    if (reportedTrades.add(trade.tradeId())) {
      listener.onFill(trade);
    }
  }

  private void remember(OrderState state) {
    String symbol = VenueOrderId.parse(state.orderId()).symbol();
    symbolsTouched.add(symbol);
    if (state.clientId() != null) {
      symbolByClientId.put(state.clientId(), symbol);
      clientIdByOrderId.put(state.orderId(), state.clientId());
      orderIdByClientId.put(state.clientId(), state.orderId());
    }
  }

  @Override
  public void close() {
    closed = true;
    link.close();
  }

  /** Every failure as the SPI's refusal: a {@link piker.contracts.RemoteException} typed with Binance's code. */
  private static <T> CompletableFuture<T> surfaced(CompletableFuture<T> stage) {
    return stage.exceptionallyCompose(error -> CompletableFuture.failedFuture(BinanceRest.remote(error)));
  }

  static <T> CompletableFuture<T> refused(String code, String msg) {
    return CompletableFuture.failedFuture(RemoteError.of(code, msg, SOURCE).toException());
  }
}
