package piker.contracts.spi;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import piker.contracts.RemoteError;
import piker.contracts.market.MktPair;

/**
 * The trade side of a backend (the {@code open_trade_dialog} and {@code norm_trade} endpoints) for one
 * venue account, logged in with credentials only brokerd reads. Every request is correlated with its
 * answer by the backend (a late answer never completes a later request); refusals complete
 * exceptionally with a {@link piker.contracts.RemoteException} whose type is the venue's result code.
 * Venue events arrive on the {@link TradeListener} given when the client was opened.
 */
public interface TradeClient extends AutoCloseable {

  /** The venue account this client trades. */
  String venueAccount();

  /** Places a limit order; completes with the order as the venue holds it after matching on arrival. */
  CompletionStage<OrderState> submit(NewOrder order);

  /** Cancels a venue order; completes with its final state. */
  CompletionStage<OrderState> cancel(String venueOrderId);

  /**
   * One order looked up by the venue's order id or, when that is null, by the client id it was placed
   * with; empty when the venue has no such order. Reconciliation asks this, never resubmits blindly.
   */
  CompletionStage<Optional<OrderState>> order(String venueOrderId, String clientId);

  /** The account's open orders, oldest first. */
  CompletionStage<List<OrderState>> openOrders();

  /** The account's trades, oldest first, normalised ({@code norm_trade}); one order's when orderId is set. */
  CompletionStage<List<NormTrade>> trades(String venueOrderId);

  /** The account's net positions per venue market, as the venue computes them. */
  CompletionStage<List<VenuePosition>> positions();

  /** A market's details from the venue itself, by its venue symbol ({@link piker.contracts.names.Fqme#bsFqme()}). */
  CompletionStage<MktPair> market(String bsFqme);

  @Override
  void close();

  /** A limit order for the venue; {@code clientId} is unique per account and the venue refuses a duplicate. */
  record NewOrder(String clientId, String bsFqme, String side, BigDecimal price, BigDecimal size) {}

  /** An order as the venue holds it; {@code status} is one of {@link #OPEN}, {@link #FILLED}, {@link #CANCELED}. */
  record OrderState(String orderId, String clientId, String bsFqme, String side, BigDecimal price, BigDecimal size,
                    BigDecimal filled, BigDecimal remaining, String status, long timeNs) {
    public static final String OPEN = "open";
    public static final String FILLED = "filled";
    public static final String CANCELED = "canceled";

    public boolean isOpen() {
      return OPEN.equals(status);
    }
  }

  /**
   * One venue trade, normalised: the ledger's unit, keyed by the venue's trade id; {@code size} is unsigned.
   * {@code bsMktid} is the venue's own id of the market, spelled as {@link MktPair#bsMktid()} spells it, so
   * that live and paper trades of one market carry the same {@code bs_mktid} in the ledgers.
   */
  record NormTrade(String tradeId, String orderId, String clientId, String bsFqme, String bsMktid, String side,
                   BigDecimal price, BigDecimal size, BigDecimal fee, long timeNs) {}

  /** A net position: positive long, negative short. */
  record VenuePosition(String bsFqme, BigDecimal size) {}

  /** Venue events for the account, on the backend's own thread: hand them to an actor, never block. */
  interface TradeListener {
    void onOrder(OrderState order);

    void onFill(NormTrade trade);

    /** The link dropped; requests fail until {@link #onReconnected()}. */
    void onDisconnected(RemoteError error);

    /** Logged in again after a drop: events may have been missed, so reconcile. */
    void onReconnected();
  }
}
