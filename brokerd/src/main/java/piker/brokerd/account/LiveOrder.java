package piker.brokerd.account;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.names.Fqme;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.VenueOrderStatus;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * What brokerd knows of one emsd order (one oid) at the venue: its {@link OrderStage}, the venue order
 * that carries it now, what its replaced predecessors filled, what emsd was last told, and the wishes
 * (latest order, cancel) still to apply. Mutable, owned by its account's {@link LiveOrders} alone.
 */
final class LiveOrder {
  /** The order emsd asked for last (price and size are what a modify aims at); parsed once as it enters. */
  record Wanted(OrderAction action, Fqme fqme, BigDecimal price, BigDecimal size) {
    /** The action is a buy or a sell: brokerd checks every order's shape before a trader sees it. */
    static Wanted of(ClearingProtocol.SubmitOrder order) {
      if (order.action() == null || !order.action().trades()) {
        throw new IllegalArgumentException("brokerd places buys and sells, not '"
            + (order.action() == null ? null : order.action().wire()) + "'");
      }
      return new Wanted(order.action(), order.fqme(), order.price(), order.size());
    }
  }

  /** Where a move the stage table does not allow is reported (as an error, with the order). */
  @FunctionalInterface
  interface IllegalMoves {
    void report(LiveOrder order, OrderStage from, OrderStage to);
  }

  final String oid;
  private final IllegalMoves illegal;
  private OrderStage stage = OrderStage.UNPLACED;
  /** Null for adopted orders, and for ones known only by a cancel or emsd's journal. */
  Wanted wanted;
  String venueOrderId;
  int replacement;
  /** What replaced venue orders of this oid filled before the current one. */
  BigDecimal filledBefore = BigDecimal.ZERO;
  OrderState venue;
  /** The status emsd was last told; null before any (or after an error, see {@link #refusal}). */
  private VenueOrderStatus told;
  /** The placement (0, or the n-th replacement) emsd was last told open; -1 before any. */
  private int toldOpen = -1;
  /** Why it ended in error, told again when emsd asks again; null unless that was the last word. */
  private String refusal;
  /** Trade ids of the fills emsd was told, and their total: closed is told only after every fill. */
  private final Set<String> tids = new HashSet<>();
  private BigDecimal fillsTold = BigDecimal.ZERO;
  /** Times its trades were fetched for fills not heard of ({@link LiveOrders#checkFills}). */
  int fillFetches;
  /** emsd wants it canceled: applied once nothing else is in flight. */
  boolean cancelWanted;

  LiveOrder(String oid, IllegalMoves illegal) {
    this.oid = oid;
    this.illegal = illegal;
  }

  OrderStage stage() {
    return stage;
  }

  /** Moves to {@code next}; a move the table does not allow is reported, and made: the venue is the truth. */
  void moveTo(OrderStage next) {
    if (!stage.allows(next)) {
      illegal.report(this, stage, next);
    }
    stage = next;
  }

  /** Live at the venue: open, or partially filled once anything of the oid has filled. */
  void rest() {
    moveTo(filled().signum() > 0 ? OrderStage.PARTIALLY_FILLED : OrderStage.OPEN);
  }

  VenueOrderStatus told() {
    return told;
  }

  void told(VenueOrderStatus status) {
    told = status;
    refusal = null;
  }

  /**
   * Marks the current venue order told open; false when it was told already. Each placement of the oid is told
   * once: a modify's replacement is open again, at its new price, and emsd and its client hear so.
   */
  boolean tellOpen() {
    if (told == VenueOrderStatus.OPEN && toldOpen == replacement) {
      return false;
    }
    told(VenueOrderStatus.OPEN);
    toldOpen = replacement;
    return true;
  }

  String refusal() {
    return refusal;
  }

  void refused(String reason) {
    refusal = reason;
    told = null;
  }

  /** The market it trades (bs_fqme), as emsd asked or the venue said; null for one known only by its ids. */
  String market() {
    return wanted != null ? wanted.fqme().bsFqme() : venue != null ? venue.bsFqme() : null;
  }

  BigDecimal filled() {
    return filledBefore.add(venue == null ? BigDecimal.ZERO : venue.filled());
  }

  /** Counts a fill once; false when it was told before. */
  boolean tell(String tid, BigDecimal size) {
    if (!tids.add(tid)) {
      return false;
    }
    fillsTold = fillsTold.add(size);
    return true;
  }

  boolean allFillsTold() {
    return fillsTold.compareTo(filled()) >= 0;
  }

  String clientId() {
    return ClientIds.of(oid, replacement);
  }

  /** True for a venue state of one of this order's earlier venue orders (a replaced one). */
  boolean isEarlier(OrderState state) {
    return oid.equals(ClientIds.oidOf(state.clientId())) && ClientIds.replacementOf(state.clientId()) < replacement;
  }

  /** Takes a venue state of the current venue order; never goes back (fills only grow, an end stays). */
  void see(OrderState state) {
    if (venue != null && state.orderId().equals(venue.orderId())) {
      boolean older = state.filled().compareTo(venue.filled()) < 0 || (!venue.isOpen() && state.isOpen());
      if (older) {
        return;
      }
    }
    venue = state;
    venueOrderId = state.orderId();
  }

  @Override
  public String toString() {
    return "order " + oid + " (" + stage + ", venue order " + venueOrderId + ", client id " + clientId()
        + ", filled " + filled().toPlainString() + ", told " + (refusal != null ? "error" : told)
        + (cancelWanted ? ", cancel wanted" : "") + ")";
  }
}
