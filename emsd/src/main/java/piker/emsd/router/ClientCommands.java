package piker.emsd.router;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import piker.contracts.Payload;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.market.Scale;
import piker.contracts.orders.OrderResp;
import piker.emsd.EmsSettings;
import piker.emsd.orders.Dialog;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderRules;
import piker.emsd.orders.OrderState;

/**
 * A client dialog's commands: an order is checked in shape, waits for its clearing daemon's first answer
 * and for its market, then is checked against the market and accepted (or modifies its active order); a
 * cancel or the kill switch reaches active orders and orders still waiting.
 */
final class ClientCommands {
  private final EmsSettings settings;
  private final OrderState state;
  private final LinkViews links;
  private final MarketViews markets;
  private final Statuses statuses;
  /** Orders waiting for their market before they can be checked and accepted, by oid. */
  private final Map<String, List<MarketView.OrderWaiter>> unaccepted = new HashMap<>();

  ClientCommands(EmsSettings settings, OrderState state, LinkViews links, MarketViews markets, Statuses statuses) {
    this.settings = settings;
    this.state = state;
    this.links = links;
    this.markets = markets;
    this.statuses = statuses;
  }

  void command(ClientId client, Set<String> accounts, Payload body, Step out) {
    if (body instanceof EmsProtocol.Order order) {
      order(client, accounts, order, out);
    } else if (body instanceof EmsProtocol.Cancel cancel) {
      cancel(client, accounts, cancel, out);
    } else if (body instanceof EmsProtocol.CancelAll cancelAll) {
      cancelAll(client, accounts, cancelAll, out);
    } else {
      refuse(client, statuses.refusal(null, null,
          "emsd takes Order, Cancel and CancelAll, not " + body.getClass().getSimpleName()), out);
    }
  }

  private void order(ClientId client, Set<String> accounts, EmsProtocol.Order order, Step out) {
    OrderRules.Checked checked = OrderRules.checkShape(order, settings.accounts(), settings.brokers());
    if (checked instanceof OrderRules.Refused refused) {
      reject(client, order, order.account(), refused.reason(), out);
      return;
    }
    OrderRules.Shaped shaped = (OrderRules.Shaped) checked;
    if (shaped.action().trades()) {
      // brokerd's first answer decides where a live account's orders go: it, paperboi (no key), or nowhere;
      // a clearing daemon that refused its dialog (a bad key, an unreadable ledger) is asked again first
      String broker = LinkViews.brokerOf(shaped.account());
      boolean live = LinkViews.isLive(shaped.account()) && !links.paperOnly.containsKey(broker);
      LinkViews.Link link = live ? links.link(LinkViews.liveKey(broker), out) : links.find(LinkViews.paperKey(broker));
      if (link != null && link.refused != null) {
        link.refused = null;
        links.retry(link, out);
      }
      if (link != null && !links.waitFor(link, new LinkViews.OrderWaiter(client, accounts, shaped))) {
        return;
      }
    }
    route(client, accounts, shaped, out);
  }

  /** An order whose clearing daemon is known: rerouted to paper when its broker has no key, then checked. */
  void route(ClientId client, Set<String> accounts, OrderRules.Shaped asked, Step out) {
    EmsProtocol.Order order = asked.order();
    OrderRules.Shaped shaped = asked;
    String notice = null;
    String broker = LinkViews.brokerOf(asked.account());
    if (LinkViews.isLive(asked.account()) && links.paperOnly.containsKey(broker)) {
      notice = links.paperOnly.get(broker);
      shaped = asked.routedTo(LinkViews.paperAccount(broker));
      if (accounts.contains(asked.account())) {
        accounts.add(shaped.account());
      }
    }
    String account = shaped.account();
    LinkViews.Link clearing = links.find(LinkViews.keyOf(account));
    Optional<Dialog> active = state.get(order.oid());
    if (shaped.action().trades() && clearing != null && clearing.refused != null) {
      reject(client, order, account, clearing.refused, out);
    } else if (LinkViews.isLive(account) && links.blocked.containsKey(account) && active.isEmpty()) {
      reject(client, order, account, links.blocked.get(account), out);
    } else if (active.isPresent() && !active.get().account().equals(account)) {
      reject(client, order, account, "order " + order.oid() + " belongs to account " + active.get().account()
          + ": a modify must come from the same account", out);
    } else if (!accounts.contains(account)) {
      reject(client, order, account, "this dialog does not watch account " + account, out);
    } else if (active.isEmpty() && state.wasDone(order.oid())) {
      reject(client, order, account, doneOid(order.oid()), out);
    } else {
      // until its market is ready the order is not accepted, but a cancel or the kill switch still reaches it
      MarketView.OrderWaiter waiting = new MarketView.OrderWaiter(client, shaped, notice);
      unaccepted.computeIfAbsent(order.oid(), oid -> new ArrayList<>()).add(waiting);
      MarketView market = markets.whenReady(shaped.fqme(), waiting, out);
      if (market != null) {
        marketReady(waiting, market, out);
      }
    }
  }

  /** The order's market is ready: it is checked against it and accepted, unless canceled meanwhile. */
  void marketReady(MarketView.OrderWaiter waiting, MarketView market, Step out) {
    if (stillWanted(waiting)) {
      accept(waiting.client(), waiting.shaped(), market, waiting.notice(), out);
    }
  }

  void marketFailed(MarketView.OrderWaiter waiting, String reason, Step out) {
    if (stillWanted(waiting)) {
      OrderRules.Shaped shaped = waiting.shaped();
      reject(waiting.client(), shaped.order(), shaped.account(), "unknown fqme " + shaped.fqme() + ": " + reason,
          out);
    }
  }

  private static String doneOid(String oid) {
    return "oid " + oid + " belongs to an order that is done; use a new oid";
  }

  /** Ends the wait of an order for its market; false when it was canceled meanwhile (no longer listed). */
  private boolean stillWanted(MarketView.OrderWaiter waiting) {
    String oid = waiting.shaped().order().oid();
    List<MarketView.OrderWaiter> same = unaccepted.get(oid);
    boolean listed = same != null && same.removeIf(w -> w == waiting);
    if (same != null && same.isEmpty()) {
      unaccepted.remove(oid);
    }
    return listed;
  }

  /**
   * Cancels the orders waiting for their market whose oid matches, of the given accounts, and tells the
   * accounts (nothing was journaled, so nothing is owed to a broker); false if none. A waiting modify of
   * an active order is dropped silently: the order's own cancel reports its end.
   */
  private boolean cancelUnaccepted(Set<String> accounts, Predicate<String> oids, Step out) {
    boolean any = false;
    for (Map.Entry<String, List<MarketView.OrderWaiter>> entry : new ArrayList<>(unaccepted.entrySet())) {
      if (!oids.test(entry.getKey())) {
        continue;
      }
      boolean told = state.get(entry.getKey()).isPresent();
      for (MarketView.OrderWaiter waiting : List.copyOf(entry.getValue())) {
        OrderRules.Shaped shaped = waiting.shaped();
        if (!accounts.contains(shaped.account())) {
          continue;
        }
        any = true;
        stillWanted(waiting);
        markets.forget(shaped.fqme(), waiting);
        if (!told) {
          told = true;
          out.effect(new Effect.ToAccount(shaped.account(), statuses.unaccepted(OrderResp.CANCELED, shaped.order(),
              shaped.account(), "canceled before emsd accepted it")));
        }
      }
    }
    return any;
  }

  /** @param notice why the order is not where it was asked to go (paper for a key-less live account), or null */
  private void accept(ClientId client, OrderRules.Shaped shaped, MarketView market, String notice, Step out) {
    EmsProtocol.Order order = shaped.order();
    Optional<Dialog> active = state.get(order.oid());
    if (active.isEmpty() && state.wasDone(order.oid())) {
      // a modify whose order ended while it waited for the market must not come back as a new order
      reject(client, order, shaped.account(), doneOid(order.oid()), out);
      return;
    }
    Optional<String> refused = OrderRules.checkMarket(shaped, market.mkt, market.last, active,
        settings.riskOf(shaped.account()));
    if (refused.isPresent()) {
      reject(client, order, shaped.account(), refused.get(), out);
      return;
    }
    if (shaped.dark() && market.last == Scale.NONE) {
      reject(client, order, shaped.account(), "no last price for " + shaped.fqme()
          + " yet: a dark order needs one to fix its trigger direction", out);
      return;
    }
    if (!market.priceScale.fits(order.price()) || !market.mkt.sizeScale().fits(order.size())) {
      // the trigger book, the risk checks and paper clearing count the market's ticks and lots in a long
      reject(client, order, shaped.account(), "price " + order.price().toPlainString() + " or size "
          + order.size().toPlainString() + " is too large for " + shaped.fqme() + " (its ticks of "
          + market.mkt.priceTick().toPlainString() + " and lots of " + market.mkt.sizeTick().toPlainString()
          + " are counted in a 64-bit integer)", out);
      return;
    }
    // on the price tick (checked above), so the conversion is exact
    boolean above = shaped.dark() && market.priceScale.units(order.price()) >= market.last;
    if (active.isPresent()) {
      modify(active.get(), shaped, market, above, out);
      return;
    }
    Dialog dialog = new Dialog(order.oid(), shaped.account(), shaped.action(), shaped.fqme().toString(),
        order.price(), order.size(), shaped.dark(), above, shaped.dark() ? OrderResp.DARK_OPEN : OrderResp.PENDING,
        BigDecimal.ZERO, null, null, false, false, List.of(), statuses.nowNanos());
    out.commit(new OrderEvent.Accepted(dialog));
    out.effect(new Effect.ToAccount(dialog.account(), statuses.of(dialog, dialog.resp(), null, null, notice)));
    if (dialog.dark()) {
      markets.arm(market, dialog, out);
    } else {
      links.send(dialog.account(), new ClearingProtocol.SubmitOrder(dialog.oid(), null, dialog.account(),
          dialog.action(), shaped.fqme(), dialog.price(), dialog.size()), out);
    }
  }

  private void modify(Dialog before, OrderRules.Shaped shaped, MarketView market, boolean above, Step out) {
    EmsProtocol.Order order = shaped.order();
    out.commit(new OrderEvent.Modified(order.oid(), order.price(), order.size(), above));
    Dialog after = state.get(order.oid()).orElseThrow();
    if (after.dark()) {
      markets.arm(market, after, out);
      out.effect(new Effect.ToAccount(after.account(), statuses.of(after, OrderResp.DARK_OPEN, null, null, null)));
    } else {
      links.send(after.account(), new ClearingProtocol.SubmitOrder(after.oid(), before.reqid(), after.account(),
          after.action(), shaped.fqme(), after.price(), after.size()), out);
    }
  }

  private void cancel(ClientId client, Set<String> accounts, EmsProtocol.Cancel cancel, Step out) {
    Optional<Dialog> dialog = Optional.ofNullable(cancel.oid()).flatMap(state::get);
    if (dialog.isEmpty() && cancel.oid() != null && cancelUnaccepted(accounts, cancel.oid()::equals, out)) {
      return;
    }
    if (dialog.isEmpty() || !accounts.contains(dialog.get().account())) {
      refuse(client, statuses.refusal(cancel.oid(), null,
          "no active order " + cancel.oid() + (dialog.isPresent() ? " in this dialog's accounts" : "")), out);
      return;
    }
    // a modify still waiting for its market goes with the order it would have changed
    cancelUnaccepted(accounts, cancel.oid()::equals, out);
    cancel(dialog.get(), "canceled on request", out);
  }

  private void cancelAll(ClientId client, Set<String> accounts, EmsProtocol.CancelAll all, Step out) {
    Set<String> targets = new LinkedHashSet<>();
    String account = all.account();
    if (account == null || account.isBlank()) {
      targets.addAll(accounts);
    } else if ("paper".equals(account)) {
      accounts.stream().filter(a -> !LinkViews.isLive(a)).forEach(targets::add);
    } else if (accounts.contains(account)) {
      targets.add(account);
    } else {
      refuse(client, statuses.refusal(null, account, "this dialog does not watch account " + account), out);
      return;
    }
    cancelUnaccepted(targets, oid -> true, out);
    state.snapshotOfActive().stream().filter(d -> targets.contains(d.account()))
        .forEach(d -> cancel(d, "canceled by cancel-all", out));
  }

  private void cancel(Dialog dialog, String reason, Step out) {
    if (dialog.dark()) {
      markets.disarm(dialog);
      out.commit(new OrderEvent.Ended(dialog.oid(), OrderResp.CANCELED, reason));
      out.effect(new Effect.ToAccount(dialog.account(), statuses.of(dialog, OrderResp.CANCELED, null, null, reason)));
    } else if (!dialog.cancelRequested()) {
      out.commit(new OrderEvent.CancelRequested(dialog.oid()));
      links.send(dialog.account(), new ClearingProtocol.CancelOrder(dialog.oid(), dialog.reqid(), dialog.account()),
          out);
    }
  }

  private void reject(ClientId client, EmsProtocol.Order order, String account, String reason, Step out) {
    refuse(client, statuses.unaccepted(OrderResp.ERROR, order, account, reason), out);
  }

  /**
   * An error for the sender alone, queued behind the statuses it is owed already (some wait for the
   * journal): a refused modify never arrives before its order's {@code pending}.
   */
  private static void refuse(ClientId client, EmsProtocol.Status refusal, Step out) {
    out.effect(new Effect.ToClient(client, refusal));
  }
}
