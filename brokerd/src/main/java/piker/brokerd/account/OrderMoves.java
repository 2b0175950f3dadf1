package piker.brokerd.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.clearing.ClearingProtocol.BrokerEvent;
import piker.contracts.names.AccountName;
import piker.contracts.orders.VenueOrderStatus;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * The moves that several inputs of {@link LiveOrders} (and the {@link Reconciler}) share: place, land,
 * cancel, replace, doubt, judge "not found", adopt, end in error; each changes one order's stage along the
 * {@link OrderStage} table and adds what follows to the effects. Plain code.
 */
final class OrderMoves {
  private final AccountName account;
  private final Duration neverPlacedAfter;
  private final LongSupplier nanoClock;
  private final Logger log;
  private final OrderIndex index;
  private final OrderReports reports;
  private boolean connected;

  OrderMoves(AccountName account, Duration neverPlacedAfter, LongSupplier nanoClock, Logger log, OrderIndex index,
             OrderReports reports) {
    this.account = account;
    this.neverPlacedAfter = neverPlacedAfter;
    this.nanoClock = nanoClock;
    this.log = log;
    this.index = index;
    this.reports = reports;
  }

  /** The venue link is up (requests can go out); placements wait for it otherwise. */
  void connected(boolean up) {
    connected = up;
  }

  boolean connected() {
    return connected;
  }

  /** What an ended order was, told again to an emsd that asks again; nothing while its fills are on the way. */
  void tellEnded(LiveOrder order, List<Effect> out) {
    if (order.refusal() != null) {
      emit(out, List.of(new ClearingProtocol.OrderError(order.oid, order.venueOrderId, order.refusal())));
    } else if (order.told() != null) {
      emit(out, List.of(reports.status(order, order.told(), null)));
    }
  }

  void errorOut(LiveOrder order, String reason, List<Effect> out) {
    index.settled(order.clientId()); // refused: it is not at the venue
    order.moveTo(OrderStage.DONE);
    order.refused(reason);
    emit(out, List.of(new ClearingProtocol.OrderError(order.oid, order.venueOrderId, reason)));
  }

  void place(LiveOrder order, List<Effect> out) {
    if (!connected) {
      return; // placed when the venue is back (placeUnplaced)
    }
    order.moveTo(OrderStage.PLACING);
    out.add(new Effect.Place(order.oid, order.wanted));
  }

  /** A placement whose venue order is now known: ack, open, and any wish that waited for it. */
  void landed(LiveOrder order, OrderState state, List<Effect> out) {
    if (order.stage() == OrderStage.REPLACE_IN_DOUBT && !order.cancelWanted
        && OrderState.CANCELED.equals(state.status())) {
      order.see(state);
      replace(order, out); // a modify's cancel took effect though its answer was lost
      return;
    }
    index.bind(order, state);
    List<BrokerEvent> events = new ArrayList<>();
    events.add(new ClearingProtocol.Ack(order.oid, state.orderId()));
    if (state.isOpen()) {
      order.rest();
      if (order.tellOpen()) {
        events.add(reports.status(order, VenueOrderStatus.OPEN, null, state.filled().signum() == 0));
      }
    } else {
      finish(order, events, "canceled at the venue", out);
    }
    emit(out, events);
    if (order.stage().live() && order.cancelWanted) {
      sendCancel(order, OrderStage.CANCEL_PENDING, out);
    } else if (order.stage().live()) {
      replaceIfChanged(order, out);
    }
  }

  void doubt(LiveOrder order, List<Effect> out) {
    order.moveTo(order.stage() == OrderStage.REPLACE_IN_DOUBT ? OrderStage.REPLACE_IN_DOUBT : OrderStage.IN_DOUBT);
    out.add(new Effect.LookAgainLater(order.oid));
  }

  /**
   * An order the venue says it does not hold: UNPLACED (true) when it never left here or "not found" has
   * lasted the window; else in doubt (false), looked up again a moment later.
   */
  boolean judgeNotFound(LiveOrder order, List<Effect> out) {
    String clientId = order.clientId();
    if (index.mayBeAtVenue(clientId)) {
      long now = nanoClock.getAsLong();
      if (now - index.missingSince(clientId, now) < neverPlacedAfter.toNanos()) {
        doubt(order, out);
        return false;
      }
      index.settled(clientId);
      log.warn("{}: order {} ({}) not found at the venue for {} s: never placed", account, order.oid, clientId,
          neverPlacedAfter.toSeconds());
    }
    order.moveTo(OrderStage.UNPLACED);
    return true;
  }

  void replaceIfChanged(LiveOrder order, List<Effect> out) {
    LiveOrder.Wanted wanted = order.wanted;
    OrderState now = order.venue;
    if (wanted == null || now == null || !now.isOpen()) {
      return;
    }
    boolean samePrice = wanted.price().compareTo(now.price()) == 0;
    boolean sameSize = wanted.size().compareTo(order.filledBefore.add(now.size())) == 0;
    if (!samePrice || !sameSize) {
      sendCancel(order, OrderStage.REPLACING, out);
    }
  }

  /** Cancels the venue order, to end the order ({@code CANCEL_PENDING}) or to replace it ({@code REPLACING}). */
  void sendCancel(LiveOrder order, OrderStage why, List<Effect> out) {
    if (!connected || order.venueOrderId == null) {
      return;
    }
    order.moveTo(why);
    out.add(new Effect.CancelAtVenue(order.oid, order.venueOrderId));
  }

  /** The venue order a modify canceled is done: what it filled counts, and the replacement goes out. */
  void replace(LiveOrder order, List<Effect> out) {
    order.filledBefore = order.filledBefore.add(order.venue.filled());
    index.forgetVenueId(order.venue.orderId());
    order.venue = null;
    order.venueOrderId = null;
    order.replacement++;
    order.moveTo(OrderStage.UNPLACED);
    place(order, out);
  }

  /** A venue order nobody here placed: emsd adopts it with nothing filled, and its fills follow by trade id. */
  LiveOrder adopt(String oid, OrderState state, List<BrokerEvent> events) {
    LiveOrder order = index.getOrCreate(oid);
    index.bind(order, state);
    if (state.isOpen()) {
      order.rest();
    } else {
      order.moveTo(OrderStage.DONE);
    }
    order.tellOpen();
    log.info("{}: adopted venue order {} as {}", account, state.orderId(), oid);
    events.add(new ClearingProtocol.Adopted(oid, state.orderId(), account.toString(),
        OrderReports.action(state.side()), reports.fqme(state.bsFqme()), state.price(), state.size(), state.filled()));
    return order;
  }

  /**
   * The venue order ended: closed or canceled once every fill was told; when its fills are still to come (the
   * end was read from the venue before its fill events, or they were lost), they are checked a moment later.
   */
  void finish(LiveOrder order, List<BrokerEvent> events, String reason, List<Effect> out) {
    reports.finish(order, events, reason);
    if (!order.allFillsTold()) {
      out.add(new Effect.CheckFillsLater(order.oid));
    }
  }

  void finishAndEmit(LiveOrder order, String reason, List<Effect> out) {
    List<BrokerEvent> events = new ArrayList<>();
    reports.finishCanceled(order, events, reason);
    emit(out, events);
  }

  static void emit(List<Effect> out, List<BrokerEvent> events) {
    if (!events.isEmpty()) {
      out.add(new Effect.Emit(List.copyOf(events)));
    }
  }
}
