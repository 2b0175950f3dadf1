package piker.backends.binance.trade;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import piker.backends.binance.trade.ErrorKinds.InDoubt;
import piker.backends.binance.trade.ErrorKinds.Kind;
import piker.backends.binance.trade.OrderReplies.VenueOrderId;
import piker.contracts.ErrorKind;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * What became of one placement (docs/venues/binance.md 13.5), from Binance's answer to {@code POST /api/v3/order}:
 * the order as answered; or, when the answer leaves it in doubt or its -2010 may mean a duplicate client id, the
 * order looked up by its client id, never sent again.
 */
final class PlacementAnswers {
  private static final String NEW_ORDER_REJECTED = "-2010";

  private final OrderQueries queries;
  private final AccountReads reads;
  private final OrderReplies replies;
  private final TradeTiming timing;
  private final Consumer<OrderState> remember;
  private final Consumer<NormTrade> reportFill;
  /** Whether an execution report has named our client id: then the order reached Binance. */
  private final Predicate<String> inEvents;
  private final BooleanSupplier closed;

  /**
   * @param remember   told of every order found, as the trade client remembers its symbol and ids
   * @param reportFill told of each fill found (the trade client reports each trade once)
   * @param closed     whether the trade client has closed: an in-doubt order is then left to the next one
   */
  PlacementAnswers(OrderQueries queries, AccountReads reads, OrderReplies replies, TradeTiming timing,
                   Consumer<OrderState> remember, Consumer<NormTrade> reportFill, Predicate<String> inEvents,
                   BooleanSupplier closed) {
    this.queries = queries;
    this.reads = reads;
    this.replies = replies;
    this.timing = timing;
    this.remember = remember;
    this.reportFill = reportFill;
    this.inEvents = inEvents;
    this.closed = closed;
  }

  /**
   * The placement's outcome from Binance's {@code reply}, or its {@code error}; {@code sentMs}: when the request
   * left.
   */
  CompletableFuture<OrderState> answered(JsonNode reply, Throwable error, String symbol, String clientId,
                                         String venueClientId, long sentMs) {
    if (error == null) {
      try {
        return CompletableFuture.completedFuture(placed(reply));
      } catch (RuntimeException unreadable) {
        // A 200 is Binance's acceptance: only what became of the order is unknown, so it is looked up.
        return resolve(symbol, clientId, venueClientId, sentMs, true);
      }
    }
    Kind kind = BinanceRest.kindOf(error);
    if (kind instanceof InDoubt) {
      // A 200 whose body was cut short is an acceptance like one we cannot parse: never "never placed".
      boolean accepted = ErrorKinds.UNREADABLE_200.equals(kind.code());
      return resolve(symbol, clientId, venueClientId, sentMs, accepted);
    }
    if (kind instanceof ErrorKinds.Rejected && NEW_ORDER_REJECTED.equals(kind.code())) {
      return duplicateOrRefused(symbol, venueClientId, error);
    }
    return CompletableFuture.<OrderState>failedFuture(error);
  }

  private OrderState placed(JsonNode reply) {
    OrderState state = replies.order(reply);
    remember.accept(state);
    replies.fills(reply).forEach(reportFill);
    return state;
  }

  /**
   * -2010 NEW_ORDER_REJECTED also means "Duplicate order sent." (rest-api.md: "Orders with the same
   * newClientOrderID can be accepted only when the previous one is filled, otherwise the order will be
   * rejected"); errors.md: the message may vary, so the words are not read. An order found under our client id
   * is the SPI's DuplicateClientId (brokerd then looks it up, never places again); "Order does not exist."
   * makes it a plain refusal in Binance's words; a lookup that fails leaves it in doubt (VenueTimeout).
   */
  private CompletableFuture<OrderState> duplicateOrRefused(String symbol, String venueClientId, Throwable rejection) {
    Kind refusal = BinanceRest.kindOf(rejection);
    return queries.byClientId(symbol, venueClientId).handle((found, error) -> {
      if (found != null && found.isPresent()) {
        throw ErrorKind.DUPLICATE_CLIENT_ID.error("binance holds an order with this client id, " + found.get().orderId()
            + " (" + refusal.code() + " " + refusal.msg() + ")", BinanceTradeClient.SOURCE).toException();
      }
      if (error == null) {
        throw BinanceRest.remote(rejection);
      }
      throw ErrorKind.VENUE_TIMEOUT.error("binance refused the order (" + refusal.code() + " " + refusal.msg()
          + ") and the lookup of its client id failed (" + BinanceRest.remote(error).getMessage()
          + "): it may be a duplicate of an order binance holds", BinanceTradeClient.SOURCE).toException();
    });
  }

  /**
   * An in-doubt placement (docs 13.5; rest-api.md: "It is important to NOT treat this as a failure operation;
   * the execution status is UNKNOWN and could have been a success."): looked up by its client id every
   * {@code lookupEvery} until found, whatever a lookup's failure; judged never placed only when "no such order"
   * persisted past {@code neverPlacedAfter}, no event named it and Binance had not {@code accepted} it (a 200
   * we could not read). Lookups still failing (or an accepted order still not found) past that window: the
   * SPI's VenueTimeout, so the order stays in doubt for the caller.
   */
  private CompletableFuture<OrderState> resolve(String symbol, String clientId, String venueClientId, long sentMs,
                                                boolean accepted) {
    return queries.byClientId(symbol, venueClientId).<CompletableFuture<OrderState>>handle((found, error) -> {
      if (found != null && found.isPresent()) {
        return withFills(found.get());
      }
      if (closed.getAsBoolean()) {
        // still in doubt; whoever opens the next client looks it up again (never places it again unseen)
        return BinanceTradeClient.<OrderState>refused(ErrorKind.VENUE_DISCONNECTED.wire(), "the trade client closed while "
            + clientId + " was in doubt");
      }
      boolean pastWindow = System.currentTimeMillis() - sentMs > timing.neverPlacedAfter().toMillis();
      boolean notFound = error == null;
      if (pastWindow && notFound && !accepted && !inEvents.test(clientId)) {
        return BinanceTradeClient.<OrderState>refused(OrderQueries.NOT_FOUND, "Order does not exist. (the in-doubt placement " + clientId
            + " was never placed: not found for " + timing.neverPlacedAfter().toSeconds() + " s)");
      }
      if (pastWindow) {
        return BinanceTradeClient.<OrderState>refused(ErrorKind.VENUE_TIMEOUT.wire(), "execution status of " + clientId
            + " unknown: " + (notFound ? "binance accepted it but does not find it"
            : "its lookups failed (" + BinanceRest.remote(error).getMessage() + ")")
            + " for " + timing.neverPlacedAfter().toSeconds() + " s");
      }
      return after(timing.lookupEvery()).thenCompose(waited -> resolve(symbol, clientId, venueClientId, sentMs, accepted));
    }).thenCompose(next -> next);
  }

  /** A found order with its fills reported (once each), as an in-doubt placement's answer would have carried them. */
  private CompletableFuture<OrderState> withFills(OrderState state) {
    remember.accept(state);
    if (state.filled().signum() == 0) {
      return CompletableFuture.completedFuture(state);
    }
    return reads.trades(VenueOrderId.parse(state.orderId())).thenApply(trades -> {
      trades.forEach(reportFill);
      return state;
    });
  }

  private static CompletableFuture<Void> after(Duration wait) {
    return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS));
  }
}
