package piker.brokerd.account;

import java.math.BigDecimal;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * What brokerd knows of one emsd order (one oid) at the venue: the venue order that carries it now,
 * what its replaced predecessors filled, what emsd was last told, and the work in flight. Mutable,
 * owned by its account's trader actor alone.
 */
final class OrderTrack {
  /** Where the order stands between brokerd and the venue. */
  enum Stage {
    /** Not at the venue (never reached it, as far as a lookup by id can tell): the next submit places it. */
    UNPLACED,
    /** A placement is in flight. */
    PLACING,
    /** A request's answer was lost (the venue was unreachable): it may be at the venue; a lookup by id will tell. */
    IN_DOUBT,
    /** A venue order carries it. */
    LIVE,
    /** A cancel (or the cancel of a replace) is in flight. */
    CANCELING,
    /** Filled or canceled: nothing more will happen. */
    DONE
  }

  final String oid;
  final String account;
  /** The latest order emsd asked for (price and size are what a replace aims at); null for adopted ones. */
  ClearingProtocol.SubmitOrder wanted;
  Stage stage = Stage.UNPLACED;
  String venueOrderId;
  int replacement;
  /** What replaced venue orders of this oid filled before the current one. */
  BigDecimal filledBefore = BigDecimal.ZERO;
  OrderState venue;
  /** The status emsd was last told (open, closed, canceled, or {@link #ERROR}), so none is told twice. */
  String reported;
  /** Why it ended in error, to tell again when emsd asks again. */
  String errorReason;
  /** Trade ids of the fills emsd was told, and their total: closed is told only after every fill. */
  final java.util.Set<String> tids = new java.util.HashSet<>();
  BigDecimal fillsTold = BigDecimal.ZERO;
  /** The venue says filled but not every fill was told yet. */
  boolean closePending;
  /** A cancel arrived while something else was in flight. */
  boolean cancelWanted;
  /** The cancel in flight ends a replace: its cancel is not the order's end. */
  boolean replacing;

  static final String ERROR = "error";

  OrderTrack(String oid, String account) {
    this.oid = oid;
    this.account = account;
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
}
