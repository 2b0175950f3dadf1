package piker.emsd.router;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.contracts.ErrorKind;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.emsd.EmsSettings;
import piker.emsd.orders.Dialog;
import piker.emsd.orders.OrderState;

/**
 * emsd's order router as plain Java: an input and the current view in, a {@link Decision} out (events to
 * journal, applied to the view at once, and effects to run once they are journaled). Waiting is explicit:
 * an order waits for its clearing daemon's first answer and for its market as a record in the link's or
 * market's list, re-run when the link settles or the market is ready.
 */
public final class OrderRouter {
  private static final Logger LOG = LoggerFactory.getLogger(OrderRouter.class);

  private final EmsSettings settings;
  private final OrderState state;
  private final ClientDialogs clients = new ClientDialogs();
  private final Positions positions = new Positions();
  private final Statuses statuses;
  private final LinkViews links;
  private final MarketViews markets;
  private final ClientCommands commands;
  private final ClearingEvents clearing;

  /**
   * @param state       the recovered orders; the router applies every event it decides to it
   * @param hasServices false without a service manager: no clearing daemon can be started
   */
  public OrderRouter(EmsSettings settings, OrderState state, boolean hasServices, Clock clock) {
    this.settings = settings;
    this.state = state;
    this.statuses = new Statuses(clock);
    this.links = new LinkViews(hasServices);
    this.markets = new MarketViews(state, statuses, links);
    this.commands = new ClientCommands(settings, state, links, markets, statuses);
    this.clearing = new ClearingEvents(state, links, positions, clients, statuses);
  }

  /** The client dialogs, for the shell to deliver statuses to and begin dialogs with (at effect time). */
  public ClientDialogs clients() {
    return clients;
  }

  public Decision decide(RouterInput input) {
    Step out = new Step(state);
    if (input instanceof RouterInput.Resume) {
      resume(out);
    } else if (input instanceof RouterInput.Attach attach) {
      attach(attach.client(), attach.accounts(), out);
    } else if (input instanceof RouterInput.Detach detach) {
      clients.detach(detach.client());
    } else if (input instanceof RouterInput.FromClient from) {
      Set<String> accounts = clients.accountsOf(from.client());
      if (accounts != null) {
        commands.command(from.client(), accounts, from.body(), out);
      }
    } else if (input instanceof RouterInput.LinkReady ready) {
      withLink(ready.link(), link -> settled(link, clearing.ready(link, ready.started()), out));
    } else if (input instanceof RouterInput.LinkEvents events) {
      withLink(events.link(), link -> events.events()
          .forEach(event -> clearing.brokerEvent(event, events.link().toString(), out)));
    } else if (input instanceof RouterInput.LinkPaper paper) {
      withLink(paper.link(), link -> settled(link, clearing.paperOnly(link, paper.reason(), out), out));
    } else if (input instanceof RouterInput.LinkLost lost) {
      withLink(lost.link(), link -> settled(link, clearing.lost(link, lost.error(), out), out));
    } else if (input instanceof RouterInput.MarketReady ready) {
      marketReady(ready, out);
    } else if (input instanceof RouterInput.MarketQuotes quotes) {
      markets.quotes(quotes.fqme(), quotes.quotes(), out);
    } else if (input instanceof RouterInput.MarketFailed failed) {
      marketFailed(failed.fqme(), failed.error(), out);
    } else if (input instanceof RouterInput.MarketLost lost) {
      markets.lost(lost.fqme(), lost.error(), out);
    } else if (input instanceof RouterInput.SyncLedger sync) {
      syncLedger(sync, out);
    }
    return out.decision();
  }

  private void withLink(ServiceName name, Consumer<LinkViews.Link> then) {
    LinkViews.Link link = links.find(name);
    if (link != null) {
      then.accept(link);
    }
  }

  // ---- recovery

  /** Re-arms the recovered dark orders and re-submits the live ones by oid; the brokers answer what they know. */
  private void resume(Step out) {
    List<Dialog> active = state.snapshotOfActive();
    if (!active.isEmpty()) {
      LOG.info("emsd recovered {} active orders from its journal", active.size());
    }
    for (Dialog dialog : active) {
      if (dialog.dark()) {
        MarketView market = markets.whenReady(Fqme.parse(dialog.fqme()), new MarketView.RearmWaiter(dialog.oid()), out);
        if (market != null) {
          rearm(dialog.oid(), market, out);
        }
      } else {
        resubmit(dialog, out);
      }
    }
  }

  /** Canceled or modified while its market was coming back: arms what the order is now. */
  private void rearm(String oid, MarketView market, Step out) {
    state.get(oid).filter(Dialog::dark).ifPresent(now -> markets.arm(market, now, out));
    markets.catchUp(market, out);
  }

  /**
   * Sends a recovered live order to its clearing daemon again; one being canceled as its cancel alone,
   * which the daemon answers from what it holds or its ledger (a resubmit could fill it instead).
   */
  private void resubmit(Dialog dialog, Step out) {
    if (dialog.cancelRequested()) {
      links.send(dialog.account(), new ClearingProtocol.CancelOrder(dialog.oid(), dialog.reqid(), dialog.account()),
          out);
      return;
    }
    BigDecimal price = dialog.submitPrice() != null ? dialog.submitPrice() : dialog.price();
    links.send(dialog.account(), new ClearingProtocol.SubmitOrder(dialog.oid(), dialog.reqid(), dialog.account(),
        dialog.action(), Fqme.parse(dialog.fqme()), price, dialog.size()), out);
  }

  // ---- client dialogs

  private void attach(ClientId client, List<String> requested, Step out) {
    Set<String> accounts = new LinkedHashSet<>();
    for (String name : requested.isEmpty() ? List.of("*") : requested) {
      if ("*".equals(name)) {
        accounts.addAll(settings.accounts());
      } else if ("paper".equals(name)) {
        settings.brokers().forEach(broker -> accounts.add(LinkViews.paperAccount(broker)));
      } else if (settings.accounts().contains(name)) {
        accounts.add(name);
      } else {
        out.effect(new Effect.RefuseDialog(client, ErrorKind.UNKNOWN_ACCOUNT.error("unknown account '" + name
            + "'; known: " + String.join(", ", settings.accounts()), Statuses.SOURCE)));
        return;
      }
    }
    for (String account : List.copyOf(accounts)) {
      if (LinkViews.isLive(account) && links.paperOnly.containsKey(LinkViews.brokerOf(account))) {
        accounts.add(LinkViews.paperAccount(LinkViews.brokerOf(account)));
      }
    }
    // a paper dialog that is down is tried again now: its positions come from paperboi's ledger
    Set<ServiceName> unsettled = new LinkedHashSet<>();
    for (String account : accounts) {
      if (!LinkViews.isLive(account)) {
        LinkViews.Link paper = links.link(LinkViews.paperKey(LinkViews.brokerOf(account)), out);
        if (paper.down != null && paper.settled) {
          paper.refused = null;
          links.retry(paper, out);
        }
        if (!paper.settled && unsettled.add(paper.name)) {
          links.waitFor(paper, new LinkViews.DialogWaiter(client));
        }
      }
    }
    clients.attach(client, accounts, unsettled);
    if (unsettled.isEmpty()) {
      begin(client, clients.ready(client), out);
    }
  }

  /**
   * The snapshot is what is applied now, sent once all of it is journaled: the statuses of what it holds
   * went out before, and the dialog gets every later one (their effects run after its begin).
   */
  private void begin(ClientId client, Set<String> accounts, Step out) {
    EmsProtocol.DialogStarted snapshot = new EmsProtocol.DialogStarted(List.copyOf(accounts),
        positions.of(accounts), state.snapshotOfActive().stream().filter(d -> accounts.contains(d.account()))
            .map(statuses::current).toList(), links.unavailableOf(accounts));
    out.effect(new Effect.BeginDialog(client, snapshot));
  }

  // ---- what waited, re-run

  private void settled(LinkViews.Link link, List<LinkViews.Waiter> waiting, Step out) {
    for (LinkViews.Waiter waiter : waiting) {
      if (waiter instanceof LinkViews.OrderWaiter order) {
        commands.route(order.client(), order.accounts(), order.shaped(), out);
      } else if (waiter instanceof LinkViews.DialogWaiter dialog) {
        Set<String> accounts = clients.settled(dialog.client(), link.name);
        if (accounts != null) {
          begin(dialog.client(), accounts, out);
        }
      }
    }
  }

  private void marketReady(RouterInput.MarketReady ready, Step out) {
    List<MarketView.Waiter> waiting = markets.ready(ready.fqme(), ready.mkt(), ready.startup());
    MarketView market = markets.get(ready.fqme());
    for (MarketView.Waiter waiter : waiting) {
      if (waiter instanceof MarketView.OrderWaiter order) {
        commands.marketReady(order, market, out);
      } else if (waiter instanceof MarketView.RearmWaiter rearm) {
        rearm(rearm.oid(), market, out);
      }
    }
  }

  private void marketFailed(Fqme fqme, RemoteError error, Step out) {
    for (MarketView.Waiter waiter : markets.failed(fqme)) {
      if (waiter instanceof MarketView.OrderWaiter order) {
        commands.marketFailed(order, error.message(), out);
      } else if (waiter instanceof MarketView.RearmWaiter rearm) {
        LOG.error("cannot re-arm dark order {}: {}", rearm.oid(), error.message());
      }
    }
  }

  // ---- ledgers

  /** A live account's ledger, synced from the venue by brokerd inside emsd's dialog with it. */
  private void syncLedger(RouterInput.SyncLedger sync, Step out) {
    String broker = LinkViews.brokerOf(sync.account());
    if (links.paperOnly.containsKey(broker)) {
      out.effect(new Effect.FailLedger(sync.requestId(), RemoteError.of("NotAvailable", links.paperOnly.get(broker),
          Statuses.SOURCE)));
      return;
    }
    LinkViews.Link link = links.link(LinkViews.liveKey(broker), out);
    if (link.refused != null) {
      link.refused = null;
      out.effect(new Effect.RetryLink(link.name));
    }
    links.send(sync.account(), new ClearingProtocol.SyncLedger(sync.requestId(), sync.account()), out);
  }
}
