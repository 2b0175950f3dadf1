package piker.emsd.router;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.contracts.ErrorKind;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.orders.OrderResp;
import piker.emsd.orders.Dialog;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;

/**
 * What the clearing daemons report: order events (acks, fills, statuses, errors, adopted venue orders),
 * positions, blocked accounts; and what their dialogs do (live, paper-only, lost), which decides where
 * the orders waiting for them go.
 */
final class ClearingEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ClearingEvents.class);
  /** brokerd refusals no retry fixes: the orders waiting for it end in error with the reason. */
  private static final Set<ErrorKind> REFUSED_FOR_GOOD = EnumSet.of(ErrorKind.INVALID_KEY,
      ErrorKind.CREDENTIALS_REFUSED, ErrorKind.UNKNOWN_ACCOUNT);

  private final OrderState state;
  private final LinkViews links;
  private final Positions positions;
  private final ClientDialogs clients;
  private final Statuses statuses;

  ClearingEvents(OrderState state, LinkViews links, Positions positions, ClientDialogs clients, Statuses statuses) {
    this.state = state;
    this.links = links;
    this.positions = positions;
    this.clients = clients;
    this.statuses = statuses;
  }

  /** The link is live (again): who waited for it. */
  List<LinkViews.Waiter> ready(LinkViews.Link link, ClearingProtocol.DialogStarted started) {
    link.refused = null;
    link.down = null;
    started.positions().forEach(positions::remember);
    return links.settle(link);
  }

  /** brokerd has no key: this broker's live accounts trade on paper from now on (until emsd restarts). */
  List<LinkViews.Waiter> paperOnly(LinkViews.Link link, String reason, Step out) {
    String broker = link.name.broker();
    LOG.info("{}", reason);
    links.paperOnly.put(broker, reason);
    for (Set<String> watched : clients.begunAccounts()) {
      if (watched.stream().anyMatch(a -> LinkViews.isLive(a) && LinkViews.brokerOf(a).equals(broker))) {
        watched.add(LinkViews.paperAccount(broker));
      }
    }
    // orders sent to a brokerd that had a key before: nothing can clear them now
    endUnsentOrders(link, "brokerd." + broker + " has no api key now: " + reason, out);
    out.effect(new Effect.FailLedgers(link.name, RemoteError.of("NotAvailable", reason, Statuses.SOURCE)));
    return links.settle(link);
  }

  List<LinkViews.Waiter> lost(LinkViews.Link link, RemoteError error, Step out) {
    out.effect(new Effect.FailLedgers(link.name, error));
    link.down = error;
    boolean keyRefused = REFUSED_FOR_GOOD.stream().anyMatch(kind -> kind.is(error));
    if (keyRefused || ErrorKind.LEDGER_UNREADABLE.is(error)) {
      // the link's own retries fix neither a refused key nor a damaged ledger: what never reached the daemon
      // ends here, at once, with the reason; what did waits (at the venue; a paper order for its replay once
      // the ledger reads again), and the next order or client dialog asks the daemon again
      link.refused = error.describe();
      endUnsentOrders(link, link.refused, out);
    }
    if (keyRefused) {
      out.effect(new Effect.HoldLink(link.name));
    }
    // otherwise the link reopens the dialog and submits its open orders again by itself
    return links.settle(link);
  }

  /** Ends the link's orders that never reached their daemon (not acked), telling the link to forget them. */
  private void endUnsentOrders(LinkViews.Link link, String reason, Step out) {
    List<String> ended = new ArrayList<>();
    for (Dialog d : state.snapshotOfActive()) {
      if (!d.dark() && d.reqid() == null && LinkViews.keyOf(d.account()).equals(link.name)) {
        ended.add(d.oid());
        out.commit(new OrderEvent.Ended(d.oid(), OrderResp.ERROR, reason));
        out.effect(new Effect.ToAccount(d.account(), statuses.of(d, OrderResp.ERROR, null, null, reason)));
      }
    }
    if (!ended.isEmpty()) {
      out.effect(new Effect.ForgetAtLink(link.name, ended));
    }
  }

  void brokerEvent(ClearingProtocol.BrokerEvent event, String source, Step out) {
    if (event instanceof ClearingProtocol.PositionUpdate update) {
      EmsProtocol.Position position = positions.remember(update);
      out.effect(new Effect.ToAccount(position.account(), position));
      return;
    }
    if (event instanceof ClearingProtocol.AccountStatus account) {
      accountStatus(account);
      return;
    }
    if (event instanceof ClearingProtocol.Adopted adopted) {
      adopted(adopted, source, out);
      return;
    }
    String oid = oidOf(event);
    Optional<Dialog> found = oid == null ? Optional.empty() : state.get(oid);
    if (found.isEmpty()) {
      LOG.debug("{} for no active order: {}", source, event);
      return;
    }
    Dialog dialog = found.get();
    if (event instanceof ClearingProtocol.Ack ack) {
      if (!ack.reqid().equals(dialog.reqid())) {
        out.commit(new OrderEvent.Acked(oid, ack.reqid()));
      }
    } else if (event instanceof ClearingProtocol.Fill fill) {
      if (dialog.tids().contains(fill.tid())) {
        return;
      }
      out.commit(new OrderEvent.Filled(oid, fill.tid(), fill.price(), fill.size()));
      Dialog filled = state.get(oid).orElseThrow();
      out.effect(new Effect.ToAccount(filled.account(),
          statuses.from(filled, OrderResp.FILL, fill.price(), null, null, source)));
    } else if (event instanceof ClearingProtocol.OrderStatus status) {
      orderStatus(dialog, status, source, out);
    } else if (event instanceof ClearingProtocol.OrderError error) {
      end(dialog, OrderResp.ERROR, error.reason(), source, out);
    }
  }

  private void orderStatus(Dialog dialog, ClearingProtocol.OrderStatus status, String source, Step out) {
    if (status.status() == null) {
      LOG.warn("{} sent an order status without a status for {}; ignored", source, dialog.oid());
      return;
    }
    switch (status.status()) {
      case OPEN -> {
        out.commit(new OrderEvent.Opened(dialog.oid(), status.resting()));
        Dialog open = state.get(dialog.oid()).orElseThrow();
        out.effect(new Effect.ToAccount(open.account(),
            statuses.from(open, OrderResp.OPEN, null, status.resting(), null, source)));
      }
      case CLOSED -> end(dialog, OrderResp.CLOSED, null, source, out);
      case CANCELED -> end(dialog, OrderResp.CANCELED, status.reason(), source, out);
    }
  }

  private void end(Dialog dialog, OrderResp resp, String reason, String source, Step out) {
    out.commit(new OrderEvent.Ended(dialog.oid(), resp, reason));
    out.effect(new Effect.ToAccount(dialog.account(), statuses.from(dialog, resp, null, null, reason, source)));
  }

  private void accountStatus(ClearingProtocol.AccountStatus status) {
    String before = status.blocked() == null ? links.blocked.remove(status.account())
        : links.blocked.put(status.account(), status.blocked());
    if (status.blocked() != null && !status.blocked().equals(before)) {
      LOG.error("new orders of {} are refused: {}", status.account(), status.blocked());
    } else if (status.blocked() == null && before != null) {
      LOG.info("new orders of {} are accepted again", status.account());
    }
  }

  /** An open venue order emsd did not send: shown, cancelable and counted like its own from now on. */
  private void adopted(ClearingProtocol.Adopted adopted, String source, Step out) {
    if (state.get(adopted.oid()).isPresent() || state.wasDone(adopted.oid())) {
      return;
    }
    if (adopted.action() == null) {
      LOG.warn("{} adopted order {} without an action; ignored", source, adopted.oid());
      return;
    }
    Dialog dialog = new Dialog(adopted.oid(), adopted.account(), adopted.action(), adopted.fqme().toString(),
        adopted.price(), adopted.size(), false, false, OrderResp.OPEN, BigDecimal.ZERO, adopted.reqid(), null, false,
        false, List.of(), statuses.nowNanos());
    out.commit(new OrderEvent.Accepted(dialog));
    out.effect(new Effect.ToAccount(dialog.account(), statuses.from(dialog, OrderResp.OPEN, null, false,
        "adopted from the venue: an open order emsd did not send", source)));
  }

  private static String oidOf(ClearingProtocol.BrokerEvent event) {
    if (event instanceof ClearingProtocol.Ack ack) {
      return ack.oid();
    } else if (event instanceof ClearingProtocol.Fill fill) {
      return fill.oid();
    } else if (event instanceof ClearingProtocol.OrderStatus status) {
      return status.oid();
    } else if (event instanceof ClearingProtocol.OrderError error) {
      return error.oid();
    }
    return null;
  }
}
