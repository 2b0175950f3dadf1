package piker.brokerd.account;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import piker.contracts.ErrorKind;
import piker.contracts.RemoteError;
import piker.contracts.spi.TradeClient;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderRef;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * An account's login at the venue: the login in flight, the trade client once logged in, and what ends
 * it. The backend logs in again by itself after a drop (its listener hears {@code onReconnected}); a key
 * the venue refuses then ({@link #keyRefused}) ends the session for good.
 */
final class VenueSession {
  private final AccountTrader.Connector connector;
  private final String venueAccount;
  /** The login in flight: a session closed meanwhile still closes the client it yields. */
  private CompletionStage<TradeClient> opening;
  private TradeClient client;

  VenueSession(AccountTrader.Connector connector, String venueAccount) {
    this.connector = connector;
    this.venueAccount = venueAccount;
  }

  /** True once logged in (it stays so across the backend's reconnects). */
  boolean up() {
    return client != null;
  }

  TradeClient client() {
    return client;
  }

  /** Starts the login; empty when logged in already or a login is on its way. */
  Optional<CompletionStage<TradeClient>> logIn(TradeClient.TradeListener listener) {
    if (client != null || opening != null) {
      return Optional.empty();
    }
    try {
      opening = connector.open(venueAccount, listener);
    } catch (RuntimeException e) {
      opening = CompletableFuture.failedFuture(e);
    }
    return Optional.of(opening);
  }

  /** The login's outcome: the client, or null when it failed (the next dialog tries again). */
  void loggedIn(TradeClient loggedIn) {
    opening = null;
    client = loggedIn;
  }

  /** A lookup, failing when there is no venue link yet (the answer is then "in doubt"). */
  CompletionStage<Optional<OrderState>> order(OrderRef ref) {
    return client == null ? CompletableFuture.failedFuture(new IllegalStateException("not connected"))
        : client.order(ref);
  }

  /** The key was refused when the backend logged in again after a drop: nothing this account sends can pass. */
  static boolean keyRefused(RemoteError error) {
    return ErrorKind.INVALID_KEY.is(error);
  }

  void close() {
    if (client != null) {
      client.close();
    } else if (opening != null) {
      opening.thenAccept(TradeClient::close);
    }
  }

  /** The venue's events for the account, handed to {@code sink}s (the actor's self, as messages). */
  static TradeClient.TradeListener listener(Consumer<OrderState> orders, Consumer<NormTrade> fills,
                                            Consumer<RemoteError> dropped, Runnable back) {
    return new TradeClient.TradeListener() {
      @Override
      public void onOrder(OrderState order) {
        orders.accept(order);
      }

      @Override
      public void onFill(NormTrade trade) {
        fills.accept(trade);
      }

      @Override
      public void onDisconnected(RemoteError error) {
        dropped.accept(error);
      }

      @Override
      public void onReconnected() {
        back.run();
      }
    };
  }
}
