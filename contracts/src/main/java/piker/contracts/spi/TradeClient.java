package piker.contracts.spi;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
   * The lookup names the order's market where the caller knows it, because a venue may need it (Binance
   * finds an order only within its symbol).
   */
  CompletionStage<Optional<OrderState>> order(OrderRef order);

  /** The account's open orders, oldest first. */
  CompletionStage<List<OrderState>> openOrders();

  /**
   * The account's trades in these markets ({@link piker.contracts.names.Fqme#bsFqme()} keys), oldest first,
   * normalised ({@code norm_trade}): at least each market's recent trades, as far back as the venue keeps
   * them at hand. A venue with an account-wide list may answer more markets than asked; one that lists
   * trades per market (Binance) answers those asked.
   */
  CompletionStage<List<NormTrade>> trades(Set<String> bsFqmes);

  /** One order's trades, oldest first; the reference names the venue order id (and its market where known). */
  CompletionStage<List<NormTrade>> orderTrades(OrderRef order);

  /**
   * What the account holds for these markets. A venue that keeps positions per market answers them (and
   * may answer markets not asked, if it holds positions there); a spot venue, where a position is a
   * balance, answers each market asked with the balance of its base asset, marked with that asset
   * ({@link VenuePosition#asset()}), so the caller compares it with what its markets of that asset add up to.
   */
  CompletionStage<List<VenuePosition>> positions(Set<String> bsFqmes);

  /** A market's details from the venue itself, by its venue symbol ({@link piker.contracts.names.Fqme#bsFqme()}). */
  CompletionStage<MktPair> market(String bsFqme);

  /**
   * The venue's dead man's switch for this account: how long after the last {@link #armDeadMansSwitch()} the
   * venue cancels every open order of the account, when the account has it on (a backend setting decides,
   * such as {@code [kraken] cancel_after}); empty when it is off or the venue has none. brokerd re-arms it
   * while emsd's dialog for the account lives, so that resting orders are cancelled when pikerd's clearing
   * dies or stops answering.
   */
  default Optional<Duration> deadMansSwitch() {
    return Optional.empty();
  }

  /**
   * (Re)arms the dead man's switch for {@link #deadMansSwitch()}'s timeout: completes when the venue has
   * confirmed, exceptionally with a {@link piker.contracts.RemoteException} when it refuses. Asked only
   * while the switch is on; a backend that says so and arms nothing fails here, so that the gap is logged
   * rather than taken for protection.
   */
  default CompletionStage<Void> armDeadMansSwitch() {
    return CompletableFuture.failedFuture(new UnsupportedOperationException(
        "this backend has no dead man's switch to arm"));
  }

  /**
   * Logs out. An orderly close disarms the dead man's switch (orders stay at the venue, as they do on a venue
   * without one); only a client that stops being re-armed lets the venue cancel them.
   */
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
   * One venue trade, normalised: the ledger's unit, keyed by the venue's trade id; {@code size} is unsigned, what
   * the order traded. {@code bsMktid} is the venue's own id of the market, spelled as {@link MktPair#bsMktid()}
   * spells it, so that live and paper trades of one market carry the same {@code bs_mktid} in the ledgers.
   * {@code fee} is what the trade cost in the quote asset. {@code baseFee} is the part of it the venue took in the
   * base asset, in base units (a Binance buy pays its commission in the asset bought): the position moves by the
   * size less it, as the venue's balance does, while {@code fee} keeps it in the cost; zero when none.
   */
  record NormTrade(String tradeId, String orderId, String clientId, String bsFqme, String bsMktid, String side,
                   BigDecimal price, BigDecimal size, BigDecimal fee, long timeNs, BigDecimal baseFee) {
    public NormTrade {
      // a positive base fee is less than the size; with none, a trade is as the venue said it (checked downstream)
      if (baseFee == null || baseFee.signum() < 0 || baseFee.signum() > 0 && size != null
          && baseFee.compareTo(size) >= 0) {
        throw new IllegalArgumentException("trade " + tradeId + ": a base-asset fee of " + baseFee
            + " is not within the size " + size);
      }
    }

    /** The same trade, told as placed with {@code clientId} (a venue that leaves it out of its trade reads). */
    public NormTrade withClientId(String clientId) {
      return new NormTrade(tradeId, orderId, clientId, bsFqme, bsMktid, side, price, size, fee, timeNs, baseFee);
    }

    /** A trade whose fee was all paid in the quote asset (or in a third one). */
    public NormTrade(String tradeId, String orderId, String clientId, String bsFqme, String bsMktid, String side,
                     BigDecimal price, BigDecimal size, BigDecimal fee, long timeNs) {
      this(tradeId, orderId, clientId, bsFqme, bsMktid, side, price, size, fee, timeNs, BigDecimal.ZERO);
    }
  }

  /**
   * An order to look up: by {@code venueOrderId} when set, else by {@code clientId}; {@code bsFqme} is the
   * market it was placed in, null only where the caller cannot know it (the backend then searches where it
   * can, and may not find it).
   */
  record OrderRef(String bsFqme, String venueOrderId, String clientId) {
    public OrderRef {
      if (venueOrderId == null && clientId == null) {
        throw new IllegalArgumentException("an order is looked up by its venue order id or its client id");
      }
    }

    public static OrderRef byVenueId(String bsFqme, String venueOrderId) {
      return new OrderRef(bsFqme, java.util.Objects.requireNonNull(venueOrderId, "venueOrderId"), null);
    }

    public static OrderRef byClientId(String bsFqme, String clientId) {
      return new OrderRef(bsFqme, null, java.util.Objects.requireNonNull(clientId, "clientId"));
    }
  }

  /**
   * What the venue holds for a market: positive long, negative short. {@code asset} is null for a position
   * the venue keeps per market; on a spot venue it names the base asset ({@code btc}) whose balance (free
   * and locked) {@code size} is, the same for every market of that asset.
   */
  record VenuePosition(String bsFqme, BigDecimal size, String asset) {
    /** A position the venue keeps per market. */
    public VenuePosition(String bsFqme, BigDecimal size) {
      this(bsFqme, size, null);
    }

    /** True for a spot balance of {@link #asset()}, shared by the markets of that asset. */
    public boolean isBalance() {
      return asset != null;
    }
  }

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
