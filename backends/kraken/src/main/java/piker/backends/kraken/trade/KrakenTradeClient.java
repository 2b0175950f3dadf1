package piker.backends.kraken.trade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import piker.backends.kraken.KrakenSettings;
import piker.backends.kraken.exchange.KrakenPair;
import piker.backends.kraken.rest.Envelope;
import piker.backends.kraken.rest.KeyBudget;
import piker.backends.kraken.rest.KrakenRest;
import piker.backends.kraken.rest.KeyRegistry;
import piker.backends.kraken.rest.PrivateRest;
import piker.backends.kraken.rest.Refusals;
import piker.backends.kraken.rest.RequestSigner;
import piker.backends.kraken.trade.Executions.Tracked;
import piker.contracts.ErrorKind;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.market.MktPair;
import piker.contracts.spi.TradeClient;

/**
 * Kraken spot trading for one account (docs/venues/kraken.md 9, 12, 13): orders over the private WebSocket v2
 * ({@code add_order} limit GTC, {@code cancel_order}), their events from {@code executions}, and private REST for
 * reconciliation ({@link AccountReads}). "Logged in" means a token was issued for the key and {@code executions}
 * is subscribed with it. An order is checked against its pair's rules first ({@link OrderRules}); a placement
 * or cancel completes once {@code executions} has told what it did (Kraken's answer carries ids only); one left in
 * doubt (no answer, a drop) is looked up by its {@code cl_ord_id}, never sent again. Fills reach the listener once
 * each (by {@code exec_id}, which we take to be the trade's txid as REST names it), order updates once per change.
 * The dead man's switch ({@code cancel_all_orders_after}) is armed with {@code [kraken] cancel_after} and disarmed
 * on an orderly {@link #close()}.
 */
public final class KrakenTradeClient implements TradeClient {
  /** One HTTP client for every trade client of the process (REST and websockets), as Binance's. */
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** How long {@link #close()} waits for Kraken to confirm the switch disarmed: a close must not hang. */
  static final Duration DISARM_PATIENCE = Duration.ofSeconds(2);

  private final String venueAccount;
  private final TradeListener listener;
  private final KrakenSettings settings;
  private final TradeTiming timing;
  private final PrivateRest rest;
  private final Pairs pairs;
  private final ClientIds clientIds = new ClientIds();
  private final AccountReads reads;
  private final PrivateLink link;
  private final OrderWatch watch;
  /** Set before an arm goes out: one still unanswered at close may have taken effect, so close disarms it too. */
  private volatile boolean armSent;
  private volatile boolean closed;

  private KrakenTradeClient(KrakenSettings settings, RequestSigner signer, Path stateDir, String venueAccount,
                            TradeListener listener, TradeTiming timing, KeyRegistry keys) {
    this.venueAccount = venueAccount;
    this.listener = listener;
    this.settings = settings;
    this.timing = timing;
    this.rest = new PrivateRest(HTTP, settings.restUrl(), signer, keys.nonces(signer.apiKey(), stateDir),
        keys.budget(signer.apiKey(), KeyBudget.Tier.valueOf(settings.tier().toUpperCase(java.util.Locale.ROOT))),
        timing.connectAndRestTimeout(), keys.io());
    this.pairs = new Pairs(new KrakenRest(settings.restUrl(), HTTP));
    this.watch = new OrderWatch(pairs, clientIds, listener, this::lookUp);
    this.reads = new AccountReads(rest, pairs::markets, clientIds, watch::clOrdIdOf);
    this.link = new PrivateLink(HTTP, settings.wsAuthUrl(), this::token, timing, new PrivateLink.Events() {
      @Override
      public void onExecutions(JsonNode message) {
        watch.onExecutions(message);
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
   * Logs in: completes once the pairs are read, a websocket token issued and {@code executions} subscribed; a key
   * Kraken refuses fails as {@code InvalidKey} in Kraken's words, anything else with Kraken's error. {@code keys}
   * is the backend instance's per-key state: clients of one key share its nonces and call budget.
   */
  public static CompletableFuture<TradeClient> open(KrakenSettings settings, RequestSigner signer, Path stateDir,
                                                    String venueAccount, TradeListener listener, TradeTiming timing,
                                                    KeyRegistry keys) {
    KrakenTradeClient client = new KrakenTradeClient(settings, signer, stateDir, venueAccount, listener, timing, keys);
    return client.pairs.markets().thenCompose(known -> client.link.start()).handle((ok, error) -> {
      if (error != null) {
        client.link.close();
        throw loginRefusal(remote(error));
      }
      return (TradeClient) client;
    });
  }

  /** A key Kraken refuses at login is the SPI's {@code InvalidKey} (brokerd and emsd stop for it, never retry). */
  static RemoteException loginRefusal(RemoteException refused) {
    return Refusals.refusesTheKey(refused.error().type()) ? Refusals.invalidKey(refused.error()).toException() : refused;
  }

  /** {@code GetWebSocketsToken}: a fresh token for each connection; a key refused on a reconnect is InvalidKey. */
  private CompletableFuture<String> token() {
    return rest.call("GetWebSocketsToken", List.of()).thenApply(result -> result.path("token").asText())
        .exceptionallyCompose(error -> CompletableFuture.failedFuture(loginRefusal(remote(error))));
  }

  @Override
  public String venueAccount() {
    return venueAccount;
  }

  @Override
  public CompletionStage<OrderState> submit(NewOrder order) {
    String clOrdId;
    try {
      clOrdId = clientIds.venueId(order.clientId());
    } catch (IllegalArgumentException e) {
      return refused("EGeneral:Invalid arguments:cl_ord_id " + e.getMessage());
    }
    if (!"buy".equals(order.side()) && !"sell".equals(order.side())) {
      return refused("EGeneral:Invalid arguments:side must be buy or sell, not " + order.side());
    }
    return surfaced(pairs.pair(order.bsFqme()).thenCompose(pair -> {
      Optional<String> refusal = OrderRules.refusal(pair, order.price(), order.size());
      if (refusal.isPresent()) {
        // Kraken's words for it, said to be ours: no add_order went out
        return CompletableFuture.<OrderState>failedFuture(Refusals.error(refusal.get()
            + " (checked against the pair's AssetPairs rules; not sent)").toException());
      }
      ObjectNode params = Envelope.JSON.createObjectNode().put("order_type", "limit").put("side", order.side())
          .put("order_qty", OrderRules.plain(order.size())).put("symbol", pair.symbol())
          .put("limit_price", OrderRules.plain(order.price())).put("time_in_force", "gtc").put("cl_ord_id", clOrdId)
          // the ledger's fee is in the quote asset; unasked, a sale's fee may come in the base (FillFee)
          .put("fee_preference", "quote");
      return link.request("add_order", params)
          .thenCompose(reply -> watch.settled(reply.path("result").path("order_id").asText(), timing.requestTimeout()))
          .exceptionallyCompose(error -> afterRefusedPlacement(remote(error), clOrdId));
    }));
  }

  /**
   * A placement that failed: in doubt (no answer, a drop) it is looked up by its {@code cl_ord_id} and answered
   * if found; refused naming {@code cl_ord_id} while an open order holds ours, it is the SPI's duplicate.
   */
  private CompletableFuture<OrderState> afterRefusedPlacement(RemoteException error, String clOrdId) {
    String type = error.error().type();
    boolean inDoubt = Refusals.inDoubt(type);
    boolean maybeDuplicate = error.error().message().toLowerCase(java.util.Locale.ROOT).contains("cl_ord_id");
    if (!inDoubt && !maybeDuplicate) {
      return CompletableFuture.failedFuture(error);
    }
    return reads.byClOrdId(clOrdId).handle((found, lookupFailed) -> {
      if (found == null || found.isEmpty()) {
        throw error; // still in doubt (or a plain refusal): brokerd looks it up again, never resends blindly
      }
      if (inDoubt) {
        return found.get();
      }
      if (!found.get().isOpen()) {
        throw error;
      }
      throw ErrorKind.DUPLICATE_CLIENT_ID.error("kraken holds an open order with this cl_ord_id ("
          + error.error().message() + ")", Refusals.SOURCE).toException();
    });
  }

  @Override
  public CompletionStage<OrderState> cancel(String venueOrderId) {
    ObjectNode params = Envelope.JSON.createObjectNode();
    params.putArray("order_id").add(venueOrderId);
    return surfaced(link.request("cancel_order", params)
        .thenCompose(reply -> watch.ended(venueOrderId, timing.requestTimeout())));
  }

  @Override
  public CompletionStage<Optional<OrderState>> order(OrderRef order) {
    if (order.venueOrderId() != null) {
      return surfaced(reads.byTxid(order.venueOrderId()));
    }
    return surfaced(reads.byClOrdId(clientIds.venueId(order.clientId())));
  }

  /** An order's state by REST, for the watch when events left it incomplete or did not come in time. */
  private CompletableFuture<Optional<OrderState>> lookUp(String orderId) {
    return reads.byTxid(orderId);
  }

  @Override
  public CompletionStage<List<OrderState>> openOrders() {
    return surfaced(reads.openOrders());
  }

  /** TradesHistory is account-wide: every market's newest trades, as the SPI allows. */
  @Override
  public CompletionStage<List<NormTrade>> trades(Set<String> bsFqmes) {
    return surfaced(reads.trades());
  }

  @Override
  public CompletionStage<List<NormTrade>> orderTrades(OrderRef order) {
    if (order.venueOrderId() == null) {
      return surfaced(reads.byClOrdId(clientIds.venueId(order.clientId())).thenCompose(found -> found.isEmpty()
          ? CompletableFuture.completedFuture(List.<NormTrade>of()) : reads.orderTrades(found.get().orderId())));
    }
    return surfaced(reads.orderTrades(order.venueOrderId()));
  }

  @Override
  public CompletionStage<List<VenuePosition>> positions(Set<String> bsFqmes) {
    return surfaced(reads.positions(bsFqmes));
  }

  @Override
  public CompletionStage<MktPair> market(String bsFqme) {
    return surfaced(pairs.pair(bsFqme).thenApply(KrakenPair::pair));
  }

  /** The switch's timeout ({@code [kraken] cancel_after}); empty when off. */
  @Override
  public Optional<Duration> deadMansSwitch() {
    return settings.cancelAfter().isZero() ? Optional.empty() : Optional.of(settings.cancelAfter());
  }

  /**
   * Arms (or pushes back) Kraken's {@code cancel_all_orders_after} with {@code [kraken] cancel_after}: every open
   * order of the account is canceled that long after the last arming. Completes at once when the switch is off.
   */
  @Override
  public CompletionStage<Void> armDeadMansSwitch() {
    Optional<Duration> timeout = deadMansSwitch();
    if (timeout.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    long seconds = timeout.get().toSeconds();
    armSent = true;
    return surfaced(link.request("cancel_all_orders_after", Envelope.JSON.createObjectNode().put("timeout", seconds))
        .thenAccept(reply -> { }));
  }

  /** Disarms the switch (timeout 0), as before an orderly stop. */
  public CompletionStage<Void> disarmDeadMansSwitch() {
    return surfaced(link.request("cancel_all_orders_after", Envelope.JSON.createObjectNode().put("timeout", 0))
        .thenAccept(reply -> { }));
  }

  /**
   * Disarms the switch if this client ever sent an arm (answered or not), then closes the link once Kraken has answered (or after
   * {@link #DISARM_PATIENCE}); never blocks the caller, which may be an actor's thread stopping.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!armSent) {
      link.close();
      return;
    }
    // unanswered, the switch may fire later and cancel the account's orders: what it is for when we cannot say otherwise
    disarmDeadMansSwitch().toCompletableFuture().orTimeout(DISARM_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((done, error) -> link.close());
  }

  static RemoteException remote(Throwable error) {
    Throwable cause = KrakenRest.cause(error);
    return cause instanceof RemoteException remote ? remote : RemoteError.of(cause, Refusals.SOURCE).toException();
  }

  /** Every failure as the SPI's refusal: a {@link RemoteException} typed with Kraken's error. */
  private static <T> CompletableFuture<T> surfaced(CompletableFuture<T> stage) {
    return stage.exceptionallyCompose(error -> CompletableFuture.failedFuture(remote(error)));
  }

  private static <T> CompletableFuture<T> refused(String krakenError) {
    return CompletableFuture.failedFuture(Refusals.error(krakenError).toException());
  }
}
