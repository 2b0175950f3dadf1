package piker.brokerd.account;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.clearing.ClearingProtocol.BrokerEvent;
import piker.contracts.names.AccountName;
import piker.contracts.orders.VenueOrderStatus;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * One reading of the venue against what brokerd knows; plain code, no actor and no I/O. Given the
 * venue's snapshot, the ledger's verdict on positions and the orders to check, it decides: whether
 * order entry is blocked (fail closed on a per-market mismatch a second read confirms; spot notices are
 * only logged, once), and for each known order whether it is open at the venue (found by venue order id or
 * client id), ended there, or not found (in doubt until {@code never-placed-after} says never placed), and
 * which open venue orders nobody knows are adopted as {@code ext:<venue order id>}.
 */
final class Reconciler {
  /**
   * What a reading decided: {@code readAgain} when a first mismatch asks for a second read (one read may
   * fall between a fill and its trade), else the dialog's open orders, the events for emsd (the account's
   * status first) and the venue requests to make.
   */
  record Outcome(boolean readAgain, List<ClearingProtocol.OrderStatus> open, List<BrokerEvent> events,
                 List<Effect> effects) {}

  private final AccountName account;
  private final LiveOrders orders;
  private final OrderIndex index;
  private final OrderReports reports;
  private final OrderMoves moves;
  private final Logger log;
  /** Why new orders are refused (a position mismatch), or null. */
  private String blocked;
  /** A reading found a mismatch once: the next one decides (a fill between two venue reads is not one). */
  private boolean mismatchSeen;
  /** The last reading's notices, so that each is logged once, not at every reconcile. */
  private List<String> reported = List.of();

  Reconciler(AccountName account, LiveOrders orders, Logger log) {
    this.account = account;
    this.orders = orders;
    this.index = orders.index();
    this.reports = orders.reports();
    this.moves = orders.moves();
    this.log = log;
  }

  /** Why new orders are refused now; null when they are not. */
  String blocked() {
    return blocked;
  }

  /**
   * @param known    the orders to check (emsd's at a dialog start, else those not ended here); null for a
   *                 ledger sync, which leaves orders alone
   * @param mismatch the ledger's per-market difference from the venue that blocks order entry; null if none
   * @param notices  what the books cannot explain but need not block (spot holdings from outside pikerd)
   */
  Outcome reconcile(List<ClearingProtocol.KnownOrder> known, VenueSnapshot snapshot, String mismatch,
                    List<String> notices) {
    report(notices);
    List<BrokerEvent> events = new ArrayList<>();
    if (!decideBlocked(mismatch, events)) {
      return new Outcome(true, List.of(), List.of(), List.of());
    }
    List<ClearingProtocol.OrderStatus> open = new ArrayList<>();
    List<Effect> effects = new ArrayList<>();
    if (known != null) {
      applyOrders(known, snapshot, open, events, effects);
    }
    return new Outcome(false, open, events, effects);
  }

  private void report(List<String> notices) {
    if (!notices.equals(reported)) {
      reported = notices;
      notices.forEach(notice -> log.warn("{}", notice));
    }
  }

  /** Blocks or unblocks new orders; false when a first mismatch asks for a second read, which then decides. */
  private boolean decideBlocked(String mismatch, List<BrokerEvent> events) {
    if (mismatch != null && !mismatchSeen && blocked == null) {
      mismatchSeen = true;
      return false;
    }
    mismatchSeen = false;
    if (!Objects.equals(mismatch, blocked)) {
      blocked = mismatch;
      if (mismatch != null) {
        log.error("{}", mismatch);
      } else {
        log.info("positions of {} agree with the venue: live order entry is open", account);
      }
    }
    events.add(new ClearingProtocol.AccountStatus(account.toString(), blocked));
    return true;
  }

  /** Known orders found open, found done, or not found; venue orders nobody knows are adopted. */
  private void applyOrders(List<ClearingProtocol.KnownOrder> known, VenueSnapshot snapshot,
                           List<ClearingProtocol.OrderStatus> open, List<BrokerEvent> events, List<Effect> effects) {
    Map<String, OrderState> openByOid = openByOid(known, snapshot.open());
    for (ClearingProtocol.KnownOrder order : known) {
      LiveOrder mine = index.getOrCreate(order.oid());
      mine.cancelWanted |= order.canceling();
      OrderState live = openByOid.remove(order.oid());
      if (mine.venueOrderId == null && order.reqid() != null && mine.stage() != OrderStage.PLACING) {
        mine.venueOrderId = order.reqid(); // before the replay: a venue's trades may name the order by its id alone
      }
      reports.replayFills(mine, snapshot.trades(), events);
      if (mine.stage() == OrderStage.PLACING || mine.stage().canceling()) {
        continue; // work in flight: its own answer is newer than this snapshot
      }
      Optional<OrderState> found = snapshot.lookedUp().getOrDefault(order.oid(), Optional.empty());
      if (live == null && found.isPresent() && found.get().isOpen()) {
        live = found.get(); // opened after the open-orders read
      }
      if (live != null && mine.isEarlier(live)) {
        live = null;
      }
      if (live != null) {
        foundOpen(mine, live, snapshot.trades(), open, events, effects);
      } else if (found.isPresent() && !mine.isEarlier(found.get())) {
        index.bind(mine, found.get());
        mine.filledBefore = filledBefore(mine.oid, found.get().orderId(), snapshot.trades());
        reports.finish(mine, events, found.get().status().equals(OrderState.FILLED) ? null : "canceled at the venue");
      } else if (!mine.stage().live() && !mine.stage().ended()) {
        if (mine.cancelWanted) {
          reports.finishCanceled(mine, events, "canceled before it reached the venue");
        } else {
          moves.judgeNotFound(mine, effects); // placed (placeUnplaced) only once judged never placed
        }
      }
    }
    openByOid.forEach((oid, state) -> {
      // a known order the open-orders read could not name (its client id unreadable) was bound by its lookup
      if (oid.startsWith("ext:") && index.get(oid) == null && !index.knowsVenueId(state.orderId())) {
        LiveOrder adopted = moves.adopt(oid, state, events);
        reports.replayFills(adopted, snapshot.trades(), events);
      }
    });
  }

  /** The venue's open orders by oid: by venue order id, else by client id of a known order, else {@code ext:}. */
  private Map<String, OrderState> openByOid(List<ClearingProtocol.KnownOrder> known, List<OrderState> venueOpen) {
    Map<String, OrderState> openByOid = new LinkedHashMap<>();
    for (OrderState state : venueOpen) {
      String oid = index.oidOfVenueId(state.orderId());
      if (oid == null) {
        oid = known.stream().filter(order -> state.orderId().equals(order.reqid()))
            .map(ClearingProtocol.KnownOrder::oid).findFirst().orElse(null);
      }
      String fromClientId = ClientIds.oidOf(state.clientId());
      if (oid == null && known.stream().anyMatch(order -> order.oid().equals(fromClientId))) {
        oid = fromClientId;
      }
      openByOid.put(oid != null ? oid : "ext:" + state.orderId(), state);
    }
    return openByOid;
  }

  private void foundOpen(LiveOrder mine, OrderState live, List<NormTrade> trades,
                         List<ClearingProtocol.OrderStatus> open, List<BrokerEvent> events, List<Effect> effects) {
    index.bind(mine, live);
    mine.filledBefore = filledBefore(mine.oid, live.orderId(), trades);
    mine.rest();
    ClearingProtocol.OrderStatus status = reports.status(mine, VenueOrderStatus.OPEN, null, live.filled().signum() == 0);
    open.add(status);
    events.add(new ClearingProtocol.Ack(mine.oid, live.orderId()));
    if (mine.tellOpen()) {
      events.add(status);
    }
    if (mine.cancelWanted) {
      moves.sendCancel(mine, OrderStage.CANCEL_PENDING, effects);
    }
  }

  /**
   * What an order's earlier venue orders filled (a modify replaces the venue order): from the venue's
   * trades, so it holds after any restart.
   */
  static BigDecimal filledBefore(String oid, String currentOrderId, List<NormTrade> trades) {
    BigDecimal filled = BigDecimal.ZERO;
    for (NormTrade trade : trades) {
      if (oid.equals(ClientIds.oidOf(trade.clientId())) && !trade.orderId().equals(currentOrderId)) {
        filled = filled.add(trade.size());
      }
    }
    return filled;
  }
}
