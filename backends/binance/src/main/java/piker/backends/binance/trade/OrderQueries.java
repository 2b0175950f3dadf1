package piker.backends.binance.trade;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import piker.backends.binance.trade.ErrorKinds.Kind;
import piker.backends.binance.trade.OrderReplies.VenueOrderId;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * The order reads of one trade client: {@code GET /api/v3/order} by order id or by client id, and the open
 * orders. Every order read is remembered ({@code remember}: its symbol and ids), as an answer to a placement is.
 */
final class OrderQueries {
  static final String NOT_FOUND = "-2013";
  static final String ARCHIVED = "-2026";

  private final BinanceRest rest;
  private final OrderReplies replies;
  private final Function<String, String> clientIdOf;
  private final Consumer<OrderState> remember;

  /** @param clientIdOf our client id of a venue order id this client has seen, or null */
  OrderQueries(BinanceRest rest, OrderReplies replies, Function<String, String> clientIdOf,
               Consumer<OrderState> remember) {
    this.rest = rest;
    this.replies = replies;
    this.clientIdOf = clientIdOf;
    this.remember = remember;
  }

  CompletableFuture<Optional<OrderState>> byOrderId(VenueOrderId id) {
    return query(List.of(Map.entry("symbol", id.symbol()), Map.entry("orderId", id.orderId())));
  }

  CompletableFuture<Optional<OrderState>> byClientId(String symbol, String venueClientId) {
    return query(List.of(Map.entry("symbol", symbol), Map.entry("origClientOrderId", venueClientId)));
  }

  /** The account's open orders, oldest first. */
  CompletableFuture<List<OrderState>> open() {
    return rest.signed("GET", "/api/v3/openOrders", List.of()).thenApply(reply -> {
      List<OrderState> open = new ArrayList<>(replies.orders(reply));
      open.forEach(remember);
      open.sort(Comparator.comparingLong(OrderState::timeNs));
      return open;
    });
  }

  /**
   * {@code GET /api/v3/order}: the order, or empty on {@code -2013}. A {@code -2026} ORDER_ARCHIVED ("Order was
   * canceled or expired with no executed qty over 90 days ago and has been archived.") asked by order id is
   * that order ended with no fills; Binance says nothing more of it, so side, price and size are unknown (null,
   * zero). Asked by client id it stays Binance's refusal here: we could not name the order (the trade client
   * then asks by the order id when it knows it).
   */
  private CompletableFuture<Optional<OrderState>> query(List<Map.Entry<String, ?>> params) {
    return rest.signed("GET", "/api/v3/order", params).thenApply(reply -> {
      OrderState state = replies.order(reply);
      remember.accept(state);
      return Optional.of(state);
    }).exceptionallyCompose(error -> {
      Kind kind = BinanceRest.kindOf(error);
      if (kind != null && NOT_FOUND.equals(kind.code())) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      Map<String, Object> asked = new java.util.HashMap<>();
      params.forEach(param -> asked.put(param.getKey(), param.getValue()));
      if (kind != null && ARCHIVED.equals(kind.code()) && asked.containsKey("orderId")) {
        String symbol = String.valueOf(asked.get("symbol"));
        String orderId = OrderReplies.qualified(symbol, Long.parseLong(String.valueOf(asked.get("orderId"))));
        return CompletableFuture.completedFuture(Optional.of(new OrderState(orderId, clientIdOf.apply(orderId),
            OrderReplies.bsFqme(symbol), null, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
            OrderState.CANCELED, 0)));
      }
      return CompletableFuture.failedFuture(error);
    });
  }
}
