package piker.backends.sim.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.backends.sim.venue.VenueJson;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.market.MktPair;
import piker.contracts.spi.Credentials;
import piker.contracts.spi.TradeClient;

/**
 * The sim backend's trade side: one venue account over its own websocket, logged in with the key from
 * brokers.toml, and logged in again after every reconnect before the owner hears
 * {@link TradeListener#onReconnected()}. The key stays inside {@link Credentials}: it goes to the venue
 * in the login request and nowhere else.
 */
public final class SimTradeClient implements TradeClient {
  private static final Logger log = LoggerFactory.getLogger(SimTradeClient.class);
  public static final String API_KEY = "api_key";

  private final Credentials credentials;
  private final String account;
  private final TradeListener listener;
  private volatile VenueConnection venue;

  private SimTradeClient(Credentials credentials, String account, TradeListener listener) {
    this.credentials = credentials;
    this.account = account;
    this.listener = listener;
  }

  /** Connects and logs in; fails with the venue's refusal ({@code InvalidKey}) or when it is unreachable. */
  public static CompletableFuture<TradeClient> open(String address, Credentials credentials, String account,
                                                    TradeListener listener, Duration requestTimeout) {
    SimTradeClient client = new SimTradeClient(credentials, account, listener);
    return VenueConnection.open(address, client::onEvent, listener::onDisconnected, requestTimeout,
            client::relogin)
        .thenCompose(connection -> {
          client.venue = connection;
          return client.login(connection).<TradeClient>thenApply(ok -> client).whenComplete((ok, error) -> {
            if (error != null) {
              connection.close();
            }
          });
        });
  }

  private ObjectNode loginRequest(VenueConnection connection) {
    return connection.json().object().put("op", "login").put("account", account)
        .put("key", credentials.get(API_KEY));
  }

  private CompletableFuture<JsonNode> login(VenueConnection connection) {
    return connection.request(loginRequest(connection));
  }

  /**
   * After a reconnect: log in again before anything else goes out, then let the owner reconcile. A key
   * the venue now refuses ends the link for good (no login loop); any other failure drops the socket and
   * the connection tries again with backoff.
   */
  private CompletionStage<?> relogin(VenueConnection connection) {
    return connection.restoreRequest(loginRequest(connection)).whenComplete((ok, error) -> {
      if (error == null) {
        listener.onReconnected();
        return;
      }
      RemoteError refused = RemoteError.of(unwrap(error), "sim backend");
      log.warn("the sim venue did not log account {} in again: {}", account, refused.describe());
      if ("InvalidKey".equals(refused.type())) {
        connection.close();
      }
      listener.onDisconnected(refused);
    });
  }

  @Override
  public String venueAccount() {
    return account;
  }

  @Override
  public CompletionStage<OrderState> submit(NewOrder order) {
    ObjectNode request = request("order").put("market", order.bsFqme()).put("side", order.side())
        .put("price", VenueJson.plain(order.price())).put("size", VenueJson.plain(order.size()));
    if (order.clientId() != null) {
      request.put("client_id", order.clientId());
    }
    return venue.request(request).thenApply(SimTradeClient::toOrder);
  }

  @Override
  public CompletionStage<OrderState> cancel(String venueOrderId) {
    return venue.request(request("cancel").put("order_id", venueOrderId)).thenApply(SimTradeClient::toOrder);
  }

  /** The sim venue finds an order by id or client id across the account: the market is not needed. */
  @Override
  public CompletionStage<Optional<OrderState>> order(OrderRef order) {
    ObjectNode request = request("order_status");
    if (order.venueOrderId() != null) {
      request.put("order_id", order.venueOrderId());
    } else {
      request.put("client_id", order.clientId());
    }
    return venue.request(request).handle((found, error) -> {
      if (error == null) {
        return Optional.of(toOrder(found));
      }
      if (unwrap(error) instanceof RemoteException remote && "UnknownOrder".equals(remote.error().type())) {
        return Optional.empty();
      }
      throw new CompletionException(unwrap(error));
    });
  }

  @Override
  public CompletionStage<List<OrderState>> openOrders() {
    return venue.request(request("open_orders")).thenApply(list -> map(list, SimTradeClient::toOrder));
  }

  /** The sim venue lists the account's trades across markets: all of them are answered, as the SPI allows. */
  @Override
  public CompletionStage<List<NormTrade>> trades(Set<String> bsFqmes) {
    return venue.request(request("trades")).thenApply(list -> map(list, SimTradeClient::toTrade));
  }

  @Override
  public CompletionStage<List<NormTrade>> orderTrades(OrderRef order) {
    if (order.venueOrderId() == null) {
      return CompletableFuture.failedFuture(RemoteError.of("UnknownOrder",
          "the sim venue lists an order's trades by its venue order id", "sim").toException());
    }
    return venue.request(request("trades").put("order_id", order.venueOrderId()))
        .thenApply(list -> map(list, SimTradeClient::toTrade));
  }

  /** Positions per market, every market the account holds (the sim venue keeps them so). */
  @Override
  public CompletionStage<List<VenuePosition>> positions(Set<String> bsFqmes) {
    return venue.request(request("positions")).thenApply(list -> map(list,
        node -> new VenuePosition(VenueJson.text(node, "market"), VenueJson.decimal(node, "size"))));
  }

  @Override
  public CompletionStage<MktPair> market(String bsFqme) {
    return venue.request(request("market").put("market", bsFqme)).thenApply(SimDataClient::toMktPair);
  }

  @Override
  public void close() {
    VenueConnection current = venue;
    if (current != null) {
      current.close();
    }
  }

  private ObjectNode request(String op) {
    return venue.json().object().put("op", op);
  }

  private void onEvent(JsonNode event) {
    try {
      switch (event.path("event").asText()) {
        case "order" -> listener.onOrder(toOrder(event));
        case "fill" -> listener.onFill(toTrade(event));
        default -> { } // market data on a trade connection is not ours to handle
      }
    } catch (IllegalArgumentException e) {
      log.warn("the sim venue sent a malformed {} event; ignored: {}", event.path("event").asText(), e.getMessage());
    }
  }

  static OrderState toOrder(JsonNode node) {
    return new OrderState(VenueJson.text(node, "order_id"), node.hasNonNull("client_id")
        ? node.get("client_id").asText() : null, VenueJson.text(node, "market"), VenueJson.text(node, "side"),
        VenueJson.decimal(node, "price"), VenueJson.decimal(node, "size"), VenueJson.decimal(node, "filled"),
        VenueJson.decimal(node, "remaining"), VenueJson.text(node, "status"), node.path("time_ns").asLong());
  }

  static NormTrade toTrade(JsonNode node) {
    BigDecimal fee = node.hasNonNull("fee") ? VenueJson.decimal(node, "fee") : BigDecimal.ZERO;
    return new NormTrade(VenueJson.text(node, "trade_id"), VenueJson.text(node, "order_id"),
        node.hasNonNull("client_id") ? node.get("client_id").asText() : null, VenueJson.text(node, "market"),
        VenueJson.text(node, "venue_id"), VenueJson.text(node, "side"), VenueJson.decimal(node, "price"),
        VenueJson.decimal(node, "size"), fee, node.path("time_ns").asLong());
  }

  private static <T> List<T> map(JsonNode list, java.util.function.Function<JsonNode, T> each) {
    List<T> out = new ArrayList<>(list.size());
    list.forEach(node -> out.add(each.apply(node)));
    return out;
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
  }
}
