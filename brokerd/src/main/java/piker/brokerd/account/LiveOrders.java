package piker.brokerd.account;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import piker.contracts.ErrorKind;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.clearing.ClearingProtocol.BrokerEvent;
import piker.contracts.market.MktPair;
import piker.contracts.names.AccountName;
import piker.contracts.orders.VenueOrderStatus;
import piker.contracts.spi.TradeClient.NewOrder;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderRef;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * The live orders of one account and how each moves on emsd's wishes and the venue's answers and events;
 * plain code, no actor and no I/O. Each input returns what to do next as {@link Effect}s (events for emsd,
 * venue requests), which the account's actor carries out; answers come back here as further inputs.
 *
 * <p>An order is found at the venue by id only (venue order id, else client id = oid, {@code oid~n} for
 * its n-th replacement), never placed again blindly: one the venue may hold (sent from here, or known to
 * emsd's journal) is placed again only after "not found" has lasted {@code neverPlacedAfter}.
 */
final class LiveOrders {
  /** Refusals after which the order may be at the venue all the same: looked up, never placed again blindly. */
  private static final Set<ErrorKind> MAYBE_AT_VENUE = EnumSet.of(ErrorKind.DUPLICATE_CLIENT_ID,
      ErrorKind.VENUE_TIMEOUT, ErrorKind.VENUE_DISCONNECTED);

  private final AccountName account;
  private final Logger log;
  private final OrderIndex index;
  private final OrderReports reports;
  private final OrderMoves moves;

  /**
   * @param neverPlacedAfter how long "no such order" must last before an order that may have reached the
   *     venue is judged never placed: a venue answers "no such order" for one it holds only just after
   *     taking it, and refuses a duplicate client id only among open orders
   */
  LiveOrders(AccountName account, Duration neverPlacedAfter, LongSupplier nanoClock, Logger log) {
    this(account, neverPlacedAfter, nanoClock, log, (order, from, to) -> log.error("{}: illegal move {} -> {} of {}",
        account, from, to, order));
  }

  /** As above, with illegal moves reported to {@code illegal} (a test's, which collects them). */
  LiveOrders(AccountName account, Duration neverPlacedAfter, LongSupplier nanoClock, Logger log,
             LiveOrder.IllegalMoves illegal) {
    this.account = account;
    this.log = log;
    this.index = new OrderIndex(account, illegal);
    this.reports = new OrderReports(account);
    this.moves = new OrderMoves(account, neverPlacedAfter, nanoClock, log, index, reports);
  }

  OrderMoves moves() {
    return moves;
  }

  OrderIndex index() {
    return index;
  }

  OrderReports reports() {
    return reports;
  }

  /** The venue link is up (requests can go out); placements wait for it otherwise. */
  void connected(boolean up) {
    moves.connected(up);
  }

  // ---- emsd's wishes

  /** A new order or a modify; a new one is refused while the account is {@code blocked} (non-null). */
  void submit(ClearingProtocol.SubmitOrder order, String blocked, List<Effect> out) {
    LiveOrder mine = index.get(order.oid());
    if (mine == null) {
      if (blocked != null) {
        moves.emit(out, List.of(new ClearingProtocol.OrderError(order.oid(), null, blocked)));
        return;
      }
      mine = index.getOrCreate(order.oid());
    }
    mine.wanted = LiveOrder.Wanted.of(order);
    OrderStage stage = mine.stage();
    if (stage == OrderStage.UNPLACED) {
      moves.place(mine, out);
    } else if (stage.live()) {
      moves.replaceIfChanged(mine, out);
    } else if (stage.ended()) {
      moves.tellEnded(mine, out);
    } // else in flight or in doubt: the latest wish is applied when it lands
  }

  void cancel(ClearingProtocol.CancelOrder cancel, List<Effect> out) {
    LiveOrder mine = index.get(cancel.oid());
    if (mine == null) {
      // not known here (a restarted brokerd): find it by id first, never guess; a cancel names no market,
      // so the venue order id (set for an order emsd heard acked) must find it
      mine = index.getOrCreate(cancel.oid());
      mine.venueOrderId = cancel.reqid();
      mine.cancelWanted = true;
      mine.moveTo(OrderStage.PLACING);
      out.add(new Effect.LookUp(mine.oid, new OrderRef(null, cancel.reqid(),
          cancel.reqid() == null ? cancel.oid() : null)));
      return;
    }
    mine.cancelWanted = true;
    if (mine.stage() == OrderStage.REPLACING) {
      mine.moveTo(OrderStage.CANCEL_PENDING); // the cancel in flight now ends the order
    } else if (mine.stage() == OrderStage.REPLACE_IN_DOUBT) {
      mine.moveTo(OrderStage.IN_DOUBT);
    }
    OrderStage stage = mine.stage();
    if (stage.live()) {
      moves.sendCancel(mine, OrderStage.CANCEL_PENDING, out);
    } else if (stage == OrderStage.UNPLACED) {
      moves.finishAndEmit(mine, "canceled before it reached the venue", out);
    } else if (stage.ended()) {
      moves.tellEnded(mine, out);
    } // else in flight or in doubt: canceled once it is known
  }

  // ---- placing

  /** Places what waits for the venue (orders in doubt that a lookup found absent, or sent while it was away). */
  void placeUnplaced(List<Effect> out) {
    index.all().stream().filter(order -> order.stage() == OrderStage.UNPLACED && order.wanted != null
        && !order.cancelWanted).toList().forEach(order -> moves.place(order, out));
  }

  /**
   * The market's details are at hand ({@code mkt} null when the venue gave none, and {@code problem} says
   * why): the placement goes out as it was wanted when decided (a later modify waits for it to land).
   */
  void placeIn(Effect.Place place, MktPair mkt, String problem, List<Effect> out) {
    String oid = place.oid();
    LiveOrder order = index.get(oid);
    if (order == null) {
      return;
    }
    LiveOrder.Wanted wanted = place.wanted();
    String refused = mkt == null ? "not placed: the venue gave no details of " + wanted.fqme() + " (" + problem + ")"
        : !mkt.onPriceTick(wanted.price()) ? "price " + wanted.price().toPlainString() + " is off the venue's tick "
            + mkt.priceTick().toPlainString()
        : null;
    BigDecimal size = wanted.size().subtract(order.filledBefore);
    if (refused != null || size.signum() <= 0) {
      moves.errorOut(order, refused != null ? refused : "nothing left to place: " + order.filledBefore.toPlainString()
          + " filled", out);
      return;
    }
    NewOrder venueOrder = new NewOrder(order.clientId(), wanted.fqme().bsFqme(), wanted.action().wire(),
        wanted.price(), size);
    index.sent(venueOrder.clientId());
    out.add(new Effect.Submit(oid, venueOrder));
  }

  /** The venue's answer to a placement ({@code error} null when it took it). */
  void placed(String oid, OrderState state, RemoteError error, List<Effect> out) {
    LiveOrder order = index.get(oid);
    if (order == null) {
      return;
    }
    if (order.stage().ended()) {
      // the venue's own events ended it before this answer came back: the answer is older, so it only
      // names the venue order (an order told closed is never told open again, nor ended in error)
      if (error == null) {
        index.bind(order, state);
      }
    } else if (error == null) {
      moves.landed(order, state, out);
    } else if (MAYBE_AT_VENUE.stream().anyMatch(kind -> kind.is(error))) {
      // the venue may hold it after all: find it by its client id rather than place it again
      out.add(new Effect.LookUp(oid, OrderRef.byClientId(order.market(), order.clientId())));
    } else {
      // the venue's refusal, or the backend's own check against the venue's rules (which says so)
      moves.errorOut(order, "the order was refused: " + error.describe(), out);
    }
  }

  // ---- in doubt

  /** Time to look an order in doubt up again. */
  void lookAgain(String oid, List<Effect> out) {
    LiveOrder order = index.get(oid);
    if (order != null && order.stage().inDoubt() && moves.connected()) {
      String clientId = order.venueOrderId == null ? order.clientId() : null;
      out.add(new Effect.LookUp(oid, new OrderRef(order.market(), order.venueOrderId, clientId)));
    }
  }

  /** The answer to a lookup: the order as the venue holds it, empty when it holds none, or {@code error}. */
  void looked(String oid, Optional<OrderState> state, RemoteError error, List<Effect> out) {
    LiveOrder order = index.get(oid);
    if (order == null || !(order.stage().inDoubt() || order.stage() == OrderStage.PLACING)) {
      return; // settled meanwhile (an event, a reconcile): this answer is older
    }
    if (error != null) {
      // it may be at the venue: never placed again, never called canceled, until a lookup tells
      moves.doubt(order, out);
      log.warn("{}: order {} is in doubt until the venue answers: {}", account, oid, error.describe());
      return;
    }
    if (state.isPresent()) {
      moves.landed(order, state.get(), out);
    } else if (order.cancelWanted) {
      moves.finishAndEmit(order, "canceled before it reached the venue", out);
    } else if (moves.judgeNotFound(order, out) && order.wanted != null) {
      moves.place(order, out);
    }
  }

  // ---- cancel and modify

  /** The venue's answer to a cancel ({@code error} null when it canceled). */
  void cancelDone(String oid, OrderState state, RemoteError error, List<Effect> out) {
    LiveOrder order = index.get(oid);
    if (order == null || !order.stage().canceling()) {
      return; // settled meanwhile: this answer is older
    }
    if (error != null) {
      // NotOpen: it filled first; anything else: look it up rather than guess. Where it stands decides
      // whether the cancel goes again or the replacement goes out; a moment later, so a venue that keeps
      // refusing is not hammered.
      order.moveTo(order.stage() == OrderStage.REPLACING ? OrderStage.REPLACE_IN_DOUBT : OrderStage.IN_DOUBT);
      out.add(new Effect.LookAgainLater(oid));
      return;
    }
    order.see(state);
    if (order.stage() == OrderStage.REPLACING) {
      moves.replace(order, out);
      return;
    }
    List<BrokerEvent> events = new ArrayList<>();
    moves.finish(order, events, "canceled on request", out);
    moves.emit(out, events);
  }

  // ---- venue events

  void venueOrder(OrderState state, List<Effect> out) {
    LiveOrder order = index.orderOf(state);
    if (order == null) {
      if (state.isOpen()) {
        List<BrokerEvent> events = new ArrayList<>();
        LiveOrder adopted = moves.adopt("ext:" + state.orderId(), state, events);
        moves.emit(out, events);
        // its earlier fills went by before it was known here: fetch them, emsd counts each once
        out.add(new Effect.FetchTrades(adopted.oid, OrderRef.byVenueId(state.bsFqme(), state.orderId())));
      }
      return;
    }
    boolean current = order.venueOrderId != null ? order.venueOrderId.equals(state.orderId())
        : ClientIds.replacementOf(state.clientId()) == order.replacement;
    if (!current || order.stage().ended()) {
      return; // a replaced venue order's last word, or an end told already
    }
    if (order.stage().inDoubt()) {
      moves.landed(order, state, out); // the venue itself says where it stands
      return;
    }
    index.bind(order, state);
    List<BrokerEvent> events = new ArrayList<>();
    if (!state.isOpen() && !order.stage().canceling()) {
      moves.finish(order, events, "canceled at the venue", out);
    } else if (state.isOpen() && order.stage().live()) {
      order.rest();
      if (order.tellOpen()) {
        events.add(reports.status(order, VenueOrderStatus.OPEN, null, state.filled().signum() == 0));
      }
    }
    moves.emit(out, events);
  }

  /** A fill now in the ledger ({@code position} empty when it was there before): told once, closed after the last. */
  void filled(String oid, NormTrade trade, Optional<ClearingProtocol.PositionUpdate> position, List<Effect> out) {
    List<BrokerEvent> events = new ArrayList<>();
    position.ifPresent(events::add);
    LiveOrder order = index.get(oid);
    if (order == null || order.tell(trade.tradeId(), trade.size())) {
      events.add(0, OrderReports.fill(oid, trade));
    }
    if (order != null && order.stage() == OrderStage.FILLED && order.allFillsTold()) {
      reports.finish(order, events, null);
    }
    moves.emit(out, events);
  }

  /**
   * An ended order's fills a moment later: its trades are fetched if some are still not told, and checked again
   * after, a few times (the venue's trade list may lag its order's state); past that, the next reconcile reads them.
   */
  void checkFills(String oid, List<Effect> out) {
    LiveOrder order = index.get(oid);
    if (order == null || order.allFillsTold() || order.venueOrderId == null || order.market() == null) {
      return;
    }
    if (order.fillFetches++ >= MAX_FILL_FETCHES) {
      log.warn("{}: order {} ended with {} filled and its trades fetched {} times hold fewer: the next reconcile "
          + "reads them", account, oid, order.filled().toPlainString(), MAX_FILL_FETCHES);
      return;
    }
    log.info("{}: order {} ended with {} filled and fewer fills heard of: fetching its trades", account, oid,
        order.filled().toPlainString());
    out.add(new Effect.FetchTrades(oid, OrderRef.byVenueId(order.market(), order.venueOrderId)));
    out.add(new Effect.CheckFillsLater(oid));
  }

  /** Fetches of an ended order's trades before its missing fills are left to the next reconcile. */
  static final int MAX_FILL_FETCHES = 3;

  /** The oid a venue fill belongs to, decided as it arrives (before its ledger write): ours, else {@code ext:}. */
  String oidOfFill(NormTrade trade) {
    return index.oidOfFill(trade);
  }

  // ---- shared with the Reconciler

}
