package piker.emsd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.ReceiveBuilder;
import piker.contracts.LocalOnly;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.clearing.ClearingProtocol.Statuses;
import piker.contracts.daemon.Cookie;
import piker.contracts.daemon.DaemonBase;
import piker.contracts.daemon.DaemonLifetime;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.StartRefused;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.RelaySession;
import piker.contracts.daemon.Session;
import piker.contracts.datad.QuoteFeed;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.ems.EmsProtocol.Status;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.endpoints.EndpointTable;
import piker.contracts.market.Quote;
import piker.contracts.market.Tick;
import piker.contracts.names.Fqme;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.OrderResp;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.emsd.clearing.ClearingLink;
import piker.emsd.dark.Trigger;
import piker.emsd.dark.Watch;
import piker.emsd.journal.OrderLog;
import piker.emsd.orders.Dialog;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderRules;
import piker.emsd.orders.OrderState;

/**
 * {@code emsd}: the order router. Client dialogs per connection and account; every command validated
 * (shape, market ticks, modify rules, risk); dark orders and alerts in a trigger book per market fed
 * by an unthrottled datad feed; live orders routed to the account's clearing daemon (paperboi for
 * {@code <broker>.paper}, brokerd for the broker's live accounts, started on their first order); every
 * accepted command and broker event journaled before emsd acts on it.
 *
 * <p>State changes apply at once (so the next command sees them) but their effects — statuses to
 * clients, orders to brokers — wait until the journal has written the events: each message's events
 * go in one write at the end of its handling, and only then do its effects run.
 */
public final class Emsd extends DaemonBase {
  private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final String SOURCE = "emsd";

  private record Recovered(OrderLog journal, OrderState state) {}

  private record FromFeed(QuoteFeed.Event event) implements DaemonProtocol.Command, LocalOnly {}

  private record FromLink(ClearingLink.Event event) implements DaemonProtocol.Command, LocalOnly {}

  private record DatadFound(String broker, ActorRef<DaemonProtocol.Command> datad, RemoteError error)
      implements DaemonProtocol.Command, LocalOnly {}

  private record ReopenFeed(String fqme) implements DaemonProtocol.Command, LocalOnly {}

  private record LedgerTimedOut(String requestId) implements DaemonProtocol.Command, LocalOnly {}

  /** A live ledger sync sent to brokerd and not answered yet. */
  private record PendingLedger(String linkKey, CompletableFuture<Payload> answer) {}

  /** brokerd refusals no retry fixes: the orders waiting for it end in error with the reason. */
  private static final Set<String> REFUSED_FOR_GOOD = Set.of("InvalidKey", "CredentialsRefused", "UnknownAccount");
  private static final Duration LEDGER_TIMEOUT = Duration.ofSeconds(30);

  /** An order waiting for its market before it can be validated and accepted; a cancel marks it. */
  private static final class Unaccepted {
    final EmsProtocol.Order order;
    final String account;
    boolean canceled;

    Unaccepted(EmsProtocol.Order order, String account) {
      this.order = order;
      this.account = account;
    }
  }

  /** One clearing daemon's dialog, and who waits for its first answer (live, paper-only or lost). */
  private static final class Link {
    ActorRef<ClearingLink.Command> ref;
    boolean settled;
    final List<Runnable> onSettled = new ArrayList<>();
    /**
     * Why the daemon refused the dialog (a bad key, an unreadable ledger), until a new order or client
     * dialog tries again: no retry of the link's own fixes it.
     */
    String refused;
    /** Why the dialog is not live now (lost, refused, never opened), or null while it is. */
    RemoteError down;
  }

  private final EmsSettings settings;
  private final Hello hello;
  private final OrderLog journal;
  private final ActorRef<QuoteFeed.Event> feedAdapter;
  private final ActorRef<ClearingLink.Event> linkAdapter;
  private final OrderState state;
  private final Map<ActorRef<Session.Input>, Set<String>> sessions = new LinkedHashMap<>();
  /** Client dialogs waiting for their start snapshot (their accounts' clearing dialogs to answer). */
  private final Set<ActorRef<Session.Input>> attaching = new java.util.HashSet<>();
  private final Map<String, Market> markets = new HashMap<>();
  /** Orders waiting for their market, by oid. */
  private final Map<String, List<Unaccepted>> unaccepted = new HashMap<>();
  private final Map<String, Link> links = new HashMap<>();
  private final Map<String, ActorRef<DaemonProtocol.Command>> datads = new HashMap<>();
  private final Map<String, List<Runnable>> awaitingDatad = new HashMap<>();
  /** The latest position of each account in each market, as the clearing daemons reported it. */
  private final Map<String, Map<String, EmsProtocol.Position>> positions = new HashMap<>();
  /** Brokers whose brokerd answered "paper" (no api key): their live accounts' orders go to paperboi. */
  private final Map<String, String> paperOnly = new HashMap<>();
  /** Live accounts whose brokerd blocked new orders (fail closed), and why. */
  private final Map<String, String> blocked = new HashMap<>();
  private final Map<String, PendingLedger> pendingLedgers = new HashMap<>();
  private final List<OrderEvent> batchEvents = new ArrayList<>();
  private final List<Runnable> batchEffects = new ArrayList<>();
  /** Events for each client dialog, sent as one message when the current step is done. */
  private final Map<ActorRef<Session.Input>, List<EmsProtocol.Event>> outbox = new LinkedHashMap<>();

  /** emsd starts serving once its journal is open and its state recovered (read off the actor's thread). */
  public static Behavior<DaemonProtocol.Command> create(DaemonSpec spec, EmsSettings settings) {
    return DaemonLifetime.createAsync(spec, RECOVERY_TIMEOUT, ctx -> {
      String source = spec.sourceOf(ctx.getSelf());
      return CompletableFuture.supplyAsync(() -> {
        try {
          OrderLog journal = settings.journal().open(ctx.getSystem());
          return new Recovered(journal, journal.recovered());
        } catch (IOException e) {
          // in words for whoever needed emsd: what is wrong with which file, and what to do; a restart
          // would read the same file, so emsd stops until the next request (the user may have fixed it)
          throw new StartRefused(RemoteError.of("JournalUnreadable", "emsd cannot recover its orders: "
              + e.getMessage(), source));
        }
      }, ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking()));
    },
        (ctx, recovered) -> new Emsd(ctx, spec, settings, recovered));
  }

  private Emsd(ActorContext<DaemonProtocol.Command> ctx, DaemonSpec spec, EmsSettings settings, Recovered recovered) {
    super(ctx, spec, EndpointTable.served(DaemonKind.EMSD));
    this.settings = settings;
    this.hello = Hello.of(Cookie.read(spec.settings().cookieFile()));
    this.journal = recovered.journal();
    this.state = recovered.state();
    this.feedAdapter = ctx.messageAdapter(QuoteFeed.Event.class, FromFeed::new);
    this.linkAdapter = ctx.messageAdapter(ClearingLink.Event.class, FromLink::new);
    serveSession(Endpoint.OPEN_EMS_DIALOG, RelaySession.to(ctx.getSelf()));
    serveCall(Endpoint.LOAD_LEDGER, this::loadLedger);
    resume();
  }

  @Override
  protected ReceiveBuilder<DaemonProtocol.Command> receive(ReceiveBuilder<DaemonProtocol.Command> builder) {
    return builder
        .onMessage(RelaySession.Attach.class, this::onAttach)
        .onMessage(RelaySession.Received.class, this::onReceived)
        .onMessage(FromFeed.class, this::onFeed)
        .onMessage(FromLink.class, this::onLink)
        .onMessage(DatadFound.class, this::onDatadFound)
        .onMessage(ReopenFeed.class, this::onReopenFeed)
        .onMessage(LedgerTimedOut.class, this::onLedgerTimedOut);
  }

  // ---- recovery

  /** Re-arms the recovered dark orders and re-submits the live ones by oid; the brokers answer what they know. */
  private void resume() {
    List<Dialog> active = state.snapshotOfActive();
    if (active.isEmpty()) {
      return;
    }
    getContext().getLog().info("emsd recovered {} active orders from its journal", active.size());
    for (Dialog dialog : active) {
      if (dialog.dark()) {
        withMarket(dialog.fqme(), market -> {
          // canceled or modified while its market was coming back: arm what the order is now
          state.get(dialog.oid()).filter(Dialog::dark).ifPresent(now -> arm(market, now));
          catchUp(market);
        },
            reason -> getContext().getLog().error("cannot re-arm dark order {}: {}", dialog.oid(), reason));
      } else {
        resubmit(dialog);
      }
    }
  }

  /**
   * The market may have crossed a recovered trigger while emsd was down: its current prices count as
   * ticks, so such an order fires on the first quote rather than waiting for the market to come back.
   */
  private void catchUp(Market market) {
    if (market.ask != null) {
      onTick(market, new Tick("ask", market.ask, null));
    }
    if (market.bid != null) {
      onTick(market, new Tick("bid", market.bid, null));
    }
    if (market.last != null) {
      onTick(market, new Tick("trade", market.last, null));
    }
  }

  /**
   * Sends a recovered live order to its clearing daemon again; one being canceled as its cancel alone,
   * which the daemon answers from what it holds or its ledger (a resubmit could fill it instead).
   */
  private void resubmit(Dialog dialog) {
    if (dialog.cancelRequested()) {
      sendToLink(dialog.account(), new ClearingProtocol.CancelOrder(dialog.oid(), dialog.reqid(), dialog.account()));
      return;
    }
    BigDecimal price = dialog.submitPrice() != null ? dialog.submitPrice() : dialog.price();
    sendToLink(dialog.account(), new ClearingProtocol.SubmitOrder(dialog.oid(), dialog.reqid(), dialog.account(),
        dialog.action().wire(), Fqme.parse(dialog.fqme()), price, dialog.size()));
  }

  // ---- the journal

  /** Applies the events now; runs {@code effect} once they (and everything before them) are written. */
  private void commit(List<OrderEvent> events, Runnable effect) {
    state.applyAll(events);
    if (events.isEmpty() && batchEffects.isEmpty()) {
      effect.run();
      return;
    }
    batchEvents.addAll(events);
    batchEffects.add(effect);
  }

  private void commit(OrderEvent event, Runnable effect) {
    commit(List.of(event), effect);
  }

  /**
   * Writes what this step committed in one append, runs its effects (which may commit more), then sends
   * what the clients are owed; every handler that commits ends here.
   */
  private void flush() {
    while (!batchEffects.isEmpty()) {
      List<OrderEvent> events = List.copyOf(batchEvents);
      List<Runnable> effects = List.copyOf(batchEffects);
      batchEvents.clear();
      batchEffects.clear();
      try {
        journal.append(events);
      } catch (IOException e) {
        // nothing unwritten may be acted on: restart and recover from what the journal holds
        throw new UncheckedIOException("emsd's order journal failed a write; restarting from the journal", e);
      }
      effects.forEach(Runnable::run);
    }
    sendOutbox();
  }

  @Override
  protected void onTerminated() {
    try {
      journal.close();
    } catch (IOException e) {
      getContext().getLog().warn("closing emsd's journal: {}", e.getMessage());
    }
  }

  // ---- client dialogs

  private Behavior<DaemonProtocol.Command> onAttach(RelaySession.Attach attach) {
    if (!(attach.params() instanceof EmsProtocol.DialogParams params)) {
      attach.session().tell(new RelaySession.Reject(RemoteError.of("InvalidRequest",
          "open_ems_dialog takes DialogParams", source())));
      return this;
    }
    Set<String> accounts = new LinkedHashSet<>();
    for (String requested : params.accounts().isEmpty() ? List.of("*") : params.accounts()) {
      if ("*".equals(requested)) {
        accounts.addAll(settings.accounts());
      } else if ("paper".equals(requested)) {
        settings.brokers().forEach(broker -> accounts.add(broker + ".paper"));
      } else if (settings.accounts().contains(requested)) {
        accounts.add(requested);
      } else {
        attach.session().tell(new RelaySession.Reject(RemoteError.of("UnknownAccount", "unknown account '"
            + requested + "'; known: " + String.join(", ", settings.accounts()), source())));
        return this;
      }
    }
    List.copyOf(accounts).stream().filter(Emsd::isLive).filter(a -> paperOnly.containsKey(brokerOf(a)))
        .forEach(a -> accounts.add(brokerOf(a) + ".paper"));
    attaching.add(attach.session());
    // The snapshot is what is applied now, sent once all of it is journaled: the statuses of what it holds
    // went out before, and the session gets every later one (their effects run after its begin).
    Runnable begin = () -> {
      EmsProtocol.DialogStarted snapshot = new EmsProtocol.DialogStarted(List.copyOf(accounts),
          positionsOf(accounts), activeOf(accounts), unavailableOf(accounts));
      commit(List.of(), () -> {
        if (attaching.remove(attach.session())) {
          sessions.put(attach.session(), accounts);
          attach.session().tell(new RelaySession.Begin(snapshot));
        }
      });
    };
    Set<String> paperBrokers = new LinkedHashSet<>();
    accounts.stream().filter(a -> !isLive(a)).forEach(a -> paperBrokers.add(brokerOf(a)));
    int[] unsettled = {paperBrokers.size()};
    if (unsettled[0] == 0) {
      begin.run();
    }
    for (String broker : paperBrokers) {
      // a paper dialog that is down is tried again now: its positions come from paperboi's ledger
      Link paper = link(paperKey(broker));
      if (paper.down != null && paper.settled) {
        paper.refused = null;
        retry(paper);
      }
      whenLinkSettled(paperKey(broker), () -> {
        if (--unsettled[0] == 0) {
          begin.run();
        }
      });
    }
    flush();
    return this;
  }

  @Override
  protected void onSessionEnded(ActorRef<Session.Input> session) {
    attaching.remove(session);
    sessions.remove(session);
  }

  private Behavior<DaemonProtocol.Command> onReceived(RelaySession.Received received) {
    Set<String> accounts = sessions.get(received.session());
    if (accounts == null) {
      return this;
    }
    Payload body = received.body();
    if (body instanceof EmsProtocol.Order order) {
      onOrder(received.session(), accounts, order);
    } else if (body instanceof EmsProtocol.Cancel cancel) {
      onCancel(received.session(), accounts, cancel);
    } else if (body instanceof EmsProtocol.CancelAll cancelAll) {
      onCancelAll(received.session(), accounts, cancelAll);
    } else {
      refuse(received.session(), refusal(null, null, null, null, null, null,
          "emsd takes Order, Cancel and CancelAll, not " + body.getClass().getSimpleName()));
    }
    flush();
    return this;
  }

  private void onOrder(ActorRef<Session.Input> session, Set<String> accounts, EmsProtocol.Order order) {
    OrderRules.Checked checked = OrderRules.checkShape(order, settings.accounts(), settings.brokers());
    if (checked instanceof OrderRules.Refused refused) {
      reject(session, order, order.account(), refused.reason());
      return;
    }
    OrderRules.Shaped shaped = (OrderRules.Shaped) checked;
    String broker = brokerOf(shaped.account());
    if (!shaped.order().action().equals("alert")) {
      // brokerd's first answer decides where a live account's orders go: it, paperboi (no key), or nowhere;
      // a clearing daemon that refused its dialog (a bad key, an unreadable ledger) is asked again first
      boolean live = isLive(shaped.account()) && !paperOnly.containsKey(broker);
      String key = live ? liveKey(broker) : paperKey(broker);
      Link link = live ? link(key) : links.get(key);
      if (link != null && link.refused != null) {
        link.refused = null;
        retry(link);
      }
      if (link != null && !link.settled) {
        whenLinkSettled(key, () -> route(session, accounts, order, shaped));
        return;
      }
    }
    route(session, accounts, order, shaped);
  }

  /** Has the link try its dialog at once; who waits for it waits for its answer (live, refused or lost). */
  private void retry(Link link) {
    link.settled = false;
    link.ref.tell(new ClearingLink.Retry());
  }

  /** An order whose clearing daemon is known: rerouted to paper when its broker has no key, then checked. */
  private void route(ActorRef<Session.Input> session, Set<String> accounts, EmsProtocol.Order order,
                     OrderRules.Shaped asked) {
    OrderRules.Shaped shaped = asked;
    String notice = null;
    String broker = brokerOf(shaped.account());
    if (isLive(shaped.account()) && paperOnly.containsKey(broker)) {
      notice = paperOnly.get(broker);
      shaped = new OrderRules.Shaped(order, broker + ".paper", shaped.fqme(), shaped.dark());
      if (accounts.contains(asked.account())) {
        accounts.add(shaped.account());
      }
    }
    Link clearing = links.get(linkKeyOf(shaped.account()));
    if (!order.action().equals("alert") && clearing != null && clearing.refused != null) {
      reject(session, order, shaped.account(), clearing.refused);
      return;
    } else if (isLive(shaped.account()) && blocked.containsKey(shaped.account()) && state.get(order.oid()).isEmpty()) {
      reject(session, order, shaped.account(), blocked.get(shaped.account()));
      return;
    }
    Optional<Dialog> active = state.get(order.oid());
    if (active.isPresent() && !active.get().account().equals(shaped.account())) {
      reject(session, order, shaped.account(), "order " + order.oid() + " belongs to account "
          + active.get().account() + ": a modify must come from the same account");
    } else if (!accounts.contains(shaped.account())) {
      reject(session, order, shaped.account(), "this dialog does not watch account " + shaped.account());
    } else if (active.isEmpty() && state.wasDone(order.oid())) {
      reject(session, order, shaped.account(), doneOid(order.oid()));
    } else {
      // until its market is ready the order is not accepted, but a cancel or the kill switch still reaches it
      OrderRules.Shaped routed = shaped;
      String told = notice;
      Unaccepted waiting = new Unaccepted(order, shaped.account());
      unaccepted.computeIfAbsent(order.oid(), oid -> new ArrayList<>()).add(waiting);
      withMarket(shaped.fqme().toString(), market -> {
        if (stillWanted(waiting)) {
          accept(session, routed, market, told);
        }
      }, reason -> {
        if (stillWanted(waiting)) {
          reject(session, order, routed.account(), "unknown fqme " + routed.fqme() + ": " + reason);
        }
      });
    }
  }

  private static String doneOid(String oid) {
    return "oid " + oid + " belongs to an order that is done; use a new oid";
  }

  /** Ends the wait of an order for its market; false when it was canceled meanwhile. */
  private boolean stillWanted(Unaccepted waiting) {
    List<Unaccepted> same = unaccepted.get(waiting.order.oid());
    if (same != null) {
      same.remove(waiting);
      if (same.isEmpty()) {
        unaccepted.remove(waiting.order.oid());
      }
    }
    return !waiting.canceled;
  }

  /**
   * Cancels the orders waiting for their market whose oid matches, of the given accounts, and tells
   * the accounts at once (nothing was journaled, so nothing is owed to a broker); false if none. A
   * waiting modify of an active order is dropped silently: the order's own cancel reports its end.
   */
  private boolean cancelUnaccepted(Set<String> accounts, java.util.function.Predicate<String> oid) {
    boolean any = false;
    for (Map.Entry<String, List<Unaccepted>> entry : unaccepted.entrySet()) {
      if (!oid.test(entry.getKey())) {
        continue;
      }
      // one status per oid, and none for a modify of an active order: that order's own cancel reports
      boolean told = state.get(entry.getKey()).isPresent();
      for (Unaccepted waiting : entry.getValue()) {
        if (!waiting.canceled && accounts.contains(waiting.account)) {
          waiting.canceled = true;
          any = true;
          if (told) {
            continue;
          }
          told = true;
          EmsProtocol.Order order = waiting.order;
          Status canceled = unacceptedStatus(OrderResp.CANCELED, order.oid(), order.fqme(), order.action(), order.size(),
              order.price(), waiting.account, "canceled before emsd accepted it");
          commit(List.of(), () -> broadcast(waiting.account, canceled));
        }
      }
    }
    return any;
  }

  /** @param notice why the order is not where it was asked to go (paper for a key-less live account), or null */
  private void accept(ActorRef<Session.Input> session, OrderRules.Shaped shaped, Market market, String notice) {
    EmsProtocol.Order order = shaped.order();
    Optional<Dialog> active = state.get(order.oid());
    if (active.isEmpty() && state.wasDone(order.oid())) {
      // a modify whose order ended while it waited for the market must not come back as a new order
      reject(session, order, shaped.account(), doneOid(order.oid()));
      return;
    }
    Optional<String> refused = OrderRules.checkMarket(shaped, market.mkt, market.last, active,
        settings.riskOf(shaped.account()));
    if (refused.isPresent()) {
      reject(session, order, shaped.account(), refused.get());
      return;
    }
    if (shaped.dark() && market.last == null) {
      reject(session, order, shaped.account(), "no last price for " + shaped.fqme()
          + " yet: a dark order needs one to fix its trigger direction");
      return;
    }
    boolean above = shaped.dark() && order.price().compareTo(market.last) >= 0;
    if (active.isPresent()) {
      Dialog before = active.get();
      commit(new OrderEvent.Modified(order.oid(), order.price(), order.size(), above), () -> { });
      Dialog after = state.get(order.oid()).orElseThrow();
      if (after.dark()) {
        arm(market, after);
        commit(List.of(), () -> broadcast(after.account(), status(after, OrderResp.DARK_OPEN, null, null, null)));
      } else {
        commit(List.of(), () -> sendToLink(after.account(), new ClearingProtocol.SubmitOrder(after.oid(),
            before.reqid(), after.account(), after.action().wire(), shaped.fqme(), after.price(), after.size())));
      }
      return;
    }
    Dialog dialog = new Dialog(order.oid(), shaped.account(), OrderAction.parse(order.action()).orElseThrow(), shaped.fqme().toString(), order.price(),
        order.size(), shaped.dark(), above, shaped.dark() ? OrderResp.DARK_OPEN : OrderResp.PENDING, BigDecimal.ZERO, null,
        null, false, false, List.of(), nowNanos());
    if (dialog.dark()) {
      arm(market, dialog);
      commit(new OrderEvent.Accepted(dialog), () -> broadcast(dialog.account(), status(dialog, OrderResp.DARK_OPEN, null,
          null, notice)));
    } else {
      commit(new OrderEvent.Accepted(dialog), () -> {
        broadcast(dialog.account(), status(dialog, OrderResp.PENDING, null, null, notice));
        sendToLink(dialog.account(), new ClearingProtocol.SubmitOrder(dialog.oid(), null, dialog.account(),
            dialog.action().wire(), shaped.fqme(), dialog.price(), dialog.size()));
      });
    }
  }

  private void onCancel(ActorRef<Session.Input> session, Set<String> accounts, EmsProtocol.Cancel cancel) {
    Optional<Dialog> dialog = Optional.ofNullable(cancel.oid()).flatMap(state::get);
    if (dialog.isEmpty() && cancel.oid() != null && cancelUnaccepted(accounts, cancel.oid()::equals)) {
      return;
    }
    if (dialog.isEmpty() || !accounts.contains(dialog.get().account())) {
      refuse(session, refusal(cancel.oid(), null, null, null, null, null,
          "no active order " + cancel.oid() + (dialog.isPresent() ? " in this dialog's accounts" : "")));
      return;
    }
    // a modify still waiting for its market goes with the order it would have changed
    cancelUnaccepted(accounts, cancel.oid()::equals);
    cancel(dialog.get(), "canceled on request");
  }

  private void onCancelAll(ActorRef<Session.Input> session, Set<String> accounts, EmsProtocol.CancelAll all) {
    Set<String> targets = new LinkedHashSet<>();
    String account = all.account();
    if (account == null || account.isBlank()) {
      targets.addAll(accounts);
    } else if ("paper".equals(account)) {
      accounts.stream().filter(a -> a.endsWith(".paper")).forEach(targets::add);
    } else if (accounts.contains(account)) {
      targets.add(account);
    } else {
      refuse(session, refusal(null, null, null, null, null, account,
          "this dialog does not watch account " + account));
      return;
    }
    cancelUnaccepted(targets, oid -> true);
    state.snapshotOfActive().stream().filter(d -> targets.contains(d.account()))
        .forEach(d -> cancel(d, "canceled by cancel-all"));
  }

  private void cancel(Dialog dialog, String reason) {
    if (dialog.dark()) {
      Market market = markets.get(dialog.fqme());
      if (market != null) {
        market.book.remove(dialog.oid());
      }
      commit(new OrderEvent.Ended(dialog.oid(), OrderResp.CANCELED, reason),
          () -> broadcast(dialog.account(), status(dialog, OrderResp.CANCELED, null, null, reason)));
    } else if (!dialog.cancelRequested()) {
      commit(new OrderEvent.CancelRequested(dialog.oid()), () -> sendToLink(dialog.account(),
          new ClearingProtocol.CancelOrder(dialog.oid(), dialog.reqid(), dialog.account())));
    }
  }

  // ---- dark orders

  private void arm(Market market, Dialog dialog) {
    Watch watch = switch (dialog.action()) {
      case BUY -> Watch.BUY;
      case SELL -> Watch.SELL;
      case ALERT -> Watch.ALERT;
    };
    market.book.add(new Trigger(dialog.oid(), dialog.price(),
        dialog.above() ? piker.emsd.dark.Direction.AT_OR_ABOVE : piker.emsd.dark.Direction.AT_OR_BELOW, watch));
  }

  private void onTick(Market market, Tick tick) {
    if (tick.price() == null || market.book.size() == 0) {
      return;
    }
    for (Trigger fired : market.book.onTick(tick.type(), tick.price())) {
      Optional<Dialog> found = state.get(fired.oid());
      if (found.isEmpty() || !found.get().dark()) {
        continue;
      }
      Dialog dialog = found.get();
      if (dialog.alert()) {
        commit(new OrderEvent.Ended(dialog.oid(), OrderResp.TRIGGERED, null),
            () -> broadcast(dialog.account(), status(dialog, OrderResp.TRIGGERED, null, null, null)));
        continue;
      }
      BigDecimal submit = market.submitPrice(dialog.action() == OrderAction.BUY, tick.price());
      commit(new OrderEvent.Triggered(dialog.oid(), submit), () -> { });
      Dialog live = state.get(dialog.oid()).orElseThrow();
      commit(List.of(), () -> {
        broadcast(live.account(), status(live, OrderResp.TRIGGERED, null, null, null));
        sendToLink(live.account(), new ClearingProtocol.SubmitOrder(live.oid(), null, live.account(), live.action().wire(),
            market.mkt.fqme(), submit, live.size()));
      });
    }
  }

  // ---- markets

  private void withMarket(String fqme, Consumer<Market> onReady, Consumer<String> onFailed) {
    Market market = markets.computeIfAbsent(fqme, f -> new Market());
    if (market.ready()) {
      onReady.accept(market);
      return;
    }
    market.waiting.add(new Market.Waiter(onReady, onFailed));
    openFeed(fqme, market);
  }

  private void openFeed(String fqme, Market market) {
    if (market.feed != null) {
      return;
    }
    Fqme parsed = Fqme.parse(fqme);
    withDatad(parsed.broker(), datad -> {
      if (market.feed == null) {
        market.feed = getContext().spawnAnonymous(QuoteFeed.create(datad, hello, parsed, feedAdapter),
            DispatcherSelector.sameAsParent());
      }
    }, reason -> {
      failWaiting(market, reason);
      if (market.feed == null && market.book.size() == 0) {
        markets.remove(fqme, market);
      }
    });
  }

  private Behavior<DaemonProtocol.Command> onFeed(FromFeed from) {
    QuoteFeed.Event event = from.event();
    Market market = markets.get(event.fqme().toString());
    if (market == null) {
      return this;
    }
    if (event instanceof QuoteFeed.Ready ready) {
      market.mkt = ready.mkt();
      market.mark(ready.startup());
      List<Market.Waiter> waiting = new ArrayList<>(market.waiting);
      market.waiting.clear();
      waiting.forEach(waiter -> waiter.onReady().accept(market));
    } else if (event instanceof QuoteFeed.Quotes quotes) {
      for (Quote quote : quotes.quotes()) {
        quote.ticks().forEach(tick -> onTick(market, tick));
        market.mark(quote);
      }
    } else if (event instanceof QuoteFeed.Lost lost) {
      market.feed = null;
      failWaiting(market, lost.error().message());
      if (market.book.size() > 0) {
        getContext().getLog().warn("feed of {} lost ({}); its {} dark orders wait for it to reopen", lost.fqme(),
            lost.error().describe(), market.book.size());
        getContext().scheduleOnce(RETRY, getContext().getSelf(), new ReopenFeed(lost.fqme().toString()));
      } else {
        markets.remove(lost.fqme().toString());
      }
    }
    flush();
    return this;
  }

  private Behavior<DaemonProtocol.Command> onReopenFeed(ReopenFeed reopen) {
    Market market = markets.get(reopen.fqme());
    if (market != null) {
      openFeed(reopen.fqme(), market);
    }
    return this;
  }

  private void failWaiting(Market market, String reason) {
    List<Market.Waiter> waiting = new ArrayList<>(market.waiting);
    market.waiting.clear();
    waiting.forEach(waiter -> waiter.onFailed().accept(reason));
    flush();
  }

  private void withDatad(String broker, Consumer<ActorRef<DaemonProtocol.Command>> then, Consumer<String> failed) {
    ActorRef<DaemonProtocol.Command> datad = datads.get(broker);
    if (datad != null) {
      then.accept(datad);
      return;
    }
    if (spec.services().isEmpty()) {
      failed.accept("emsd runs without a service manager");
      return;
    }
    List<Runnable> queued = awaitingDatad.get(broker);
    boolean asking = queued != null;
    if (!asking) {
      queued = new ArrayList<>();
      awaitingDatad.put(broker, queued);
    }
    queued.add(() -> {
      ActorRef<DaemonProtocol.Command> found = datads.get(broker);
      if (found != null) {
        then.accept(found);
      } else {
        failed.accept("datad." + broker + " is not available");
      }
    });
    if (!asking) {
      ServiceName name = ServiceName.of(DaemonKind.DATAD, broker);
      getContext().ask(ServicesProtocol.SpawnReply.class, spec.services().get(), SPAWN_TIMEOUT,
          replyTo -> new ServicesProtocol.SpawnInternal(name, replyTo),
          (reply, error) -> reply instanceof ServicesProtocol.Spawned spawned
              ? new DatadFound(broker, spawned.ref(), null)
              : new DatadFound(broker, null, reply instanceof ServicesProtocol.SpawnFailed f ? f.error()
                  : RemoteError.of(error != null ? error : new IllegalStateException("unexpected " + reply), SOURCE)));
    }
  }

  private Behavior<DaemonProtocol.Command> onDatadFound(DatadFound found) {
    if (found.datad() != null) {
      datads.put(found.broker(), found.datad());
      getContext().watchWith(found.datad(), new DatadFound(found.broker(), null, null));
    } else {
      datads.remove(found.broker());
      if (found.error() != null) {
        getContext().getLog().warn("emsd has no datad.{}: {}", found.broker(), found.error().describe());
      }
    }
    List<Runnable> queued = awaitingDatad.remove(found.broker());
    if (queued != null) {
      queued.forEach(Runnable::run);
    }
    flush();
    return this;
  }

  // ---- clearing daemons

  private static boolean isLive(String account) {
    return !account.endsWith(".paper");
  }

  private static String brokerOf(String account) {
    return account.substring(0, account.indexOf('.'));
  }

  private static String paperKey(String broker) {
    return ServiceName.of(DaemonKind.PAPERBOI, broker).toString();
  }

  private static String liveKey(String broker) {
    return ServiceName.of(DaemonKind.BROKERD, broker).toString();
  }

  /** The clearing daemon of an account: paperboi for a paper account, brokerd for a live one. */
  private static String linkKeyOf(String account) {
    return isLive(account) ? liveKey(brokerOf(account)) : paperKey(brokerOf(account));
  }

  /**
   * The link to a clearing daemon, created (and the daemon found or started: this is brokerd's one
   * spawn path) on first use.
   */
  private Link link(String key) {
    Link link = links.get(key);
    if (link != null) {
      return link;
    }
    if (spec.services().isEmpty()) {
      throw new IllegalStateException("emsd runs without a service manager: it cannot start " + key);
    }
    ServiceName daemon = ServiceName.parse(key);
    boolean live = daemon.kind() == DaemonKind.BROKERD;
    List<String> accounts = live ? settings.accounts().stream().filter(Emsd::isLive)
        .filter(a -> brokerOf(a).equals(daemon.broker())).toList() : List.of(daemon.broker() + ".paper");
    link = new Link();
    links.put(key, link);
    link.ref = getContext().spawnAnonymous(ClearingLink.create(key, spec.services().get(), daemon,
        live ? Endpoint.OPEN_TRADE_DIALOG : Endpoint.OPEN_PAPER_DIALOG, accounts, hello, linkAdapter),
        DispatcherSelector.sameAsParent());
    return link;
  }

  private void sendToLink(String account, Payload body) {
    link(linkKeyOf(account)).ref.tell(new ClearingLink.Send(body));
  }

  private void whenLinkSettled(String key, Runnable then) {
    Link link = link(key);
    if (link.settled) {
      then.run();
    } else {
      link.onSettled.add(then);
    }
  }

  private Behavior<DaemonProtocol.Command> onLink(FromLink from) {
    ClearingLink.Event event = from.event();
    Link link = links.get(event.key());
    if (link == null) {
      return this;
    }
    if (event instanceof ClearingLink.Ready ready) {
      link.refused = null;
      link.down = null;
      ready.started().positions().forEach(this::rememberPosition);
      settle(link);
    } else if (event instanceof ClearingLink.Events events) {
      events.events().forEach(brokerEvent -> onBrokerEvent(brokerEvent, event.key()));
    } else if (event instanceof ClearingLink.Reply reply) {
      onLinkReply(reply);
    } else if (event instanceof ClearingLink.Paper paper) {
      onPaperOnly(link, paper);
    } else if (event instanceof ClearingLink.Lost lost) {
      onLost(link, lost);
    }
    flush();
    return this;
  }

  /** brokerd has no key: this broker's live accounts trade on paper from now on (until emsd restarts). */
  private void onPaperOnly(Link link, ClearingLink.Paper paper) {
    String broker = ServiceName.parse(paper.key()).broker();
    getContext().getLog().info("{}", paper.reason());
    paperOnly.put(broker, paper.reason());
    sessions.values().forEach(watched -> {
      if (watched.stream().anyMatch(a -> isLive(a) && brokerOf(a).equals(broker))) {
        watched.add(broker + ".paper");
      }
    });
    // orders sent to a brokerd that had a key before: nothing can clear them now
    endUnsentOrders(paper.key(), "brokerd." + broker + " has no api key now: " + paper.reason());
    failLedgers(paper.key(), RemoteError.of("NotAvailable", paper.reason(), SOURCE));
    settle(link);
  }

  private void onLost(Link link, ClearingLink.Lost lost) {
    if (CoordinatedShutdown.get(getContext().getSystem()).getShutdownReason().isPresent()) {
      // the node stops in order, clearing daemons before emsd (architecture.md): expected, not a warning
      getContext().getLog().debug("clearing dialog with {} closed as the node stops: {}", lost.key(),
          lost.error().describe());
    } else {
      getContext().getLog().warn("clearing dialog with {} lost: {}", lost.key(), lost.error().describe());
    }
    failLedgers(lost.key(), lost.error());
    link.down = lost.error();
    boolean keyRefused = REFUSED_FOR_GOOD.contains(lost.error().type());
    if (keyRefused || ClearingProtocol.LEDGER_UNREADABLE.equals(lost.error().type())) {
      // the link's own retries fix neither a refused key nor a damaged ledger: what never reached the daemon
      // ends here, at once, with the reason; what did waits (at the venue; a paper order for its replay once
      // the ledger reads again), and the next order or client dialog asks the daemon again
      link.refused = lost.error().describe();
      endUnsentOrders(lost.key(), link.refused);
    }
    if (keyRefused) {
      link.ref.tell(new ClearingLink.Hold());
    }
    // otherwise the link reopens the dialog and submits its open orders again by itself
    settle(link);
  }

  /** Ends the link's orders that never reached their daemon (not acked), telling the link to forget them. */
  private void endUnsentOrders(String key, String reason) {
    List<String> ended = new ArrayList<>();
    state.snapshotOfActive().stream()
        .filter(d -> !d.dark() && d.reqid() == null && linkKeyOf(d.account()).equals(key))
        .forEach(d -> {
          ended.add(d.oid());
          commit(new OrderEvent.Ended(d.oid(), OrderResp.ERROR, reason),
              () -> broadcast(d.account(), status(d, OrderResp.ERROR, null, null, reason)));
        });
    if (!ended.isEmpty()) {
      links.get(key).ref.tell(new ClearingLink.Forget(ended));
    }
  }

  private void settle(Link link) {
    link.settled = true;
    List<Runnable> settled = new ArrayList<>(link.onSettled);
    link.onSettled.clear();
    settled.forEach(Runnable::run);
  }

  private void onBrokerEvent(ClearingProtocol.BrokerEvent event, String source) {
    if (event instanceof ClearingProtocol.PositionUpdate update) {
      EmsProtocol.Position position = rememberPosition(update);
      commit(List.of(), () -> broadcast(position.account(), position));
      return;
    }
    if (event instanceof ClearingProtocol.AccountStatus account) {
      onAccountStatus(account);
      return;
    }
    if (event instanceof ClearingProtocol.Adopted adopted) {
      onAdopted(adopted, source);
      return;
    }
    String oid = oidOf(event);
    Optional<Dialog> found = oid == null ? Optional.empty() : state.get(oid);
    if (found.isEmpty()) {
      getContext().getLog().debug("{} for no active order: {}", source, event);
      return;
    }
    Dialog dialog = found.get();
    if (event instanceof ClearingProtocol.Ack ack) {
      if (!ack.reqid().equals(dialog.reqid())) {
        commit(new OrderEvent.Acked(oid, ack.reqid()), () -> { });
      }
    } else if (event instanceof ClearingProtocol.Fill fill) {
      if (dialog.tids().contains(fill.tid())) {
        return;
      }
      commit(new OrderEvent.Filled(oid, fill.tid(), fill.price(), fill.size()), () -> { });
      Dialog filled = state.get(oid).orElseThrow();
      commit(List.of(), () -> broadcast(filled.account(), statusFrom(filled, OrderResp.FILL, fill.price(), null, null,
          source)));
    } else if (event instanceof ClearingProtocol.OrderStatus status) {
      if (status.status() == null) {
        getContext().getLog().warn("{} sent an order status without a status for {}; ignored", source, oid);
        return;
      }
      switch (status.status()) {
        case Statuses.OPEN -> {
          commit(new OrderEvent.Opened(oid, status.resting()), () -> { });
          Dialog open = state.get(oid).orElseThrow();
          commit(List.of(), () -> broadcast(open.account(), statusFrom(open, OrderResp.OPEN, null, status.resting(), null,
              source)));
        }
        case Statuses.CLOSED -> commit(new OrderEvent.Ended(oid, OrderResp.CLOSED, null),
            () -> broadcast(dialog.account(), statusFrom(dialog, OrderResp.CLOSED, null, null, null, source)));
        case Statuses.CANCELED -> commit(new OrderEvent.Ended(oid, OrderResp.CANCELED, status.reason()),
            () -> broadcast(dialog.account(), statusFrom(dialog, OrderResp.CANCELED, null, null, status.reason(), source)));
        default -> getContext().getLog().warn("{} sent an unknown order status '{}'", source, status.status());
      }
    } else if (event instanceof ClearingProtocol.OrderError error) {
      commit(new OrderEvent.Ended(oid, OrderResp.ERROR, error.reason()),
          () -> broadcast(dialog.account(), statusFrom(dialog, OrderResp.ERROR, null, null, error.reason(), source)));
    }
  }

  private void onAccountStatus(ClearingProtocol.AccountStatus status) {
    String before = status.blocked() == null ? blocked.remove(status.account()) : blocked.put(status.account(),
        status.blocked());
    if (status.blocked() != null && !status.blocked().equals(before)) {
      getContext().getLog().error("new orders of {} are refused: {}", status.account(), status.blocked());
    } else if (status.blocked() == null && before != null) {
      getContext().getLog().info("new orders of {} are accepted again", status.account());
    }
  }

  /** An open venue order emsd did not send: shown, cancelable and counted like its own from now on. */
  private void onAdopted(ClearingProtocol.Adopted adopted, String source) {
    if (state.get(adopted.oid()).isPresent() || state.wasDone(adopted.oid())) {
      return;
    }
    Optional<OrderAction> action = OrderAction.parse(adopted.action());
    if (action.isEmpty()) {
      getContext().getLog().warn("{} adopted order {} with an unknown action '{}'; ignored", source, adopted.oid(),
          adopted.action());
      return;
    }
    Dialog dialog = new Dialog(adopted.oid(), adopted.account(), action.get(), adopted.fqme().toString(),
        adopted.price(), adopted.size(), false, false, OrderResp.OPEN, BigDecimal.ZERO, adopted.reqid(), null, false,
        false, List.of(), nowNanos());
    String reason = "adopted from the venue: an open order emsd did not send";
    commit(new OrderEvent.Accepted(dialog), () -> broadcast(dialog.account(), statusFrom(dialog, OrderResp.OPEN, null,
        false, reason, source)));
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

  private EmsProtocol.Position rememberPosition(ClearingProtocol.PositionUpdate update) {
    EmsProtocol.Position position = EmsProtocol.Position.of(update);
    Map<String, EmsProtocol.Position> account = positions.computeIfAbsent(update.account(), a -> new TreeMap<>());
    if (update.size().signum() == 0) {
      account.remove(position.fqme());
    } else {
      account.put(position.fqme(), position);
    }
    return position;
  }

  // ---- ledgers

  private CompletionStage<Payload> loadLedger(Payload request) {
    if (!(request instanceof ClearingProtocol.LedgerRequest ledger) || ledger.account() == null
        || !settings.accounts().contains(ledger.account())) {
      String asked = request instanceof ClearingProtocol.LedgerRequest ledger ? ledger.account() : null;
      return CompletableFuture.failedFuture(RemoteError.of("UnknownAccount", "unknown account '" + asked
          + "'; known: " + String.join(", ", settings.accounts()), source()).toException());
    }
    String account = ledger.account();
    if (spec.services().isEmpty()) {
      return CompletableFuture.failedFuture(RemoteError.of("NotAvailable", "emsd runs without a service manager",
          source()).toException());
    }
    String broker = account.substring(0, account.indexOf('.'));
    if (isLive(account)) {
      return syncLiveLedger(account, broker);
    }
    var scheduler = getContext().getSystem().scheduler();
    return AskPattern.<ServicesProtocol.Command, ServicesProtocol.SpawnReply>ask(spec.services().get(),
            replyTo -> new ServicesProtocol.SpawnInternal(ServiceName.of(DaemonKind.PAPERBOI, broker), replyTo),
            SPAWN_TIMEOUT, scheduler)
        .thenCompose(reply -> {
          if (!(reply instanceof ServicesProtocol.Spawned spawned)) {
            throw ((ServicesProtocol.SpawnFailed) reply).error().toException();
          }
          return AskPattern.<DaemonProtocol.Command, DaemonProtocol.CallResult>ask(spawned.ref(),
              replyTo -> new DaemonProtocol.Call(Endpoint.LOAD_PAPER_LEDGER.wireName(), hello,
                  ledger, replyTo), SPAWN_TIMEOUT, scheduler);
        })
        .thenApply(result -> {
          if (result instanceof DaemonProtocol.Failure failure) {
            throw failure.error().toException();
          }
          return ((DaemonProtocol.Reply) result).result();
        });
  }

  /** A live account's ledger, synced from the venue by brokerd inside emsd's dialog with it. */
  private CompletionStage<Payload> syncLiveLedger(String account, String broker) {
    if (paperOnly.containsKey(broker)) {
      return CompletableFuture.failedFuture(RemoteError.of("NotAvailable", paperOnly.get(broker), source())
          .toException());
    }
    String requestId = java.util.UUID.randomUUID().toString();
    CompletableFuture<Payload> answer = new CompletableFuture<>();
    Link link = link(liveKey(broker));
    if (link.refused != null) {
      link.refused = null;
      link.ref.tell(new ClearingLink.Retry());
    }
    pendingLedgers.put(requestId, new PendingLedger(liveKey(broker), answer));
    sendToLink(account, new ClearingProtocol.SyncLedger(requestId, account));
    getContext().scheduleOnce(LEDGER_TIMEOUT, getContext().getSelf(), new LedgerTimedOut(requestId));
    return answer;
  }

  private void onLinkReply(ClearingLink.Reply reply) {
    if (reply.body() instanceof ClearingProtocol.LedgerSynced synced) {
      PendingLedger pending = pendingLedgers.remove(synced.requestId());
      if (pending == null) {
        return;
      }
      if (synced.error() != null || synced.reply() == null) {
        pending.answer().completeExceptionally((synced.error() != null ? synced.error()
            : RemoteError.of("LedgerError", "brokerd sent no ledger", SOURCE)).toException());
      } else {
        pending.answer().complete(synced.reply());
      }
    }
  }

  private Behavior<DaemonProtocol.Command> onLedgerTimedOut(LedgerTimedOut timedOut) {
    PendingLedger pending = pendingLedgers.remove(timedOut.requestId());
    if (pending != null) {
      pending.answer().completeExceptionally(RemoteError.of("Timeout", pending.linkKey() + " did not sync the ledger "
          + "within " + LEDGER_TIMEOUT.toSeconds() + " s", SOURCE).toException());
    }
    return this;
  }

  private void failLedgers(String key, RemoteError error) {
    pendingLedgers.entrySet().removeIf(entry -> {
      if (entry.getValue().linkKey().equals(key)) {
        entry.getValue().answer().completeExceptionally(error.toException());
        return true;
      }
      return false;
    });
  }

  // ---- statuses

  private void broadcast(String account, EmsProtocol.Event event) {
    sessions.forEach((session, accounts) -> {
      if (accounts.contains(account)) {
        outbox.computeIfAbsent(session, s -> new ArrayList<>()).add(event);
      }
    });
  }

  private void sendOutbox() {
    outbox.forEach((session, events) -> session.tell(new RelaySession.Deliver(events.size() == 1 ? events.get(0)
        : new EmsProtocol.Batch(events))));
    outbox.clear();
  }

  private void reject(ActorRef<Session.Input> session, EmsProtocol.Order order, String account, String reason) {
    refuse(session, refusal(order.oid(), order.fqme(), order.action(), order.size(), order.price(), account, reason));
  }

  /**
   * An error for the sender alone, queued behind the statuses it is owed already (some wait for the
   * journal): a refused modify never arrives before its order's {@code pending}.
   */
  private void refuse(ActorRef<Session.Input> session, Status refusal) {
    commit(List.of(), () -> outbox.computeIfAbsent(session, s -> new ArrayList<>()).add(refusal));
  }

  private static Status refusal(String oid, String fqme, String action, BigDecimal size, BigDecimal price,
                                String account, String reason) {
    return unacceptedStatus(OrderResp.ERROR, oid, fqme, action, size, price, account, reason);
  }

  /** The status of a command that never became a dialog: what the client sent, and why it ended. */
  private static Status unacceptedStatus(OrderResp resp, String oid, String fqme, String action, BigDecimal size,
                                         BigDecimal price, String account, String reason) {
    return new Status(oid, resp.wire(), fqme, action, size, price, account, BigDecimal.ZERO, null, null, null, reason,
        SOURCE, null, nowNanos());
  }

  private static Status status(Dialog dialog, OrderResp resp, BigDecimal fillPrice, Boolean resting, String reason) {
    return statusFrom(dialog, resp, fillPrice, resting, reason, SOURCE);
  }

  private static Status statusFrom(Dialog dialog, OrderResp resp, BigDecimal fillPrice, Boolean resting, String reason,
                                   String source) {
    return new Status(dialog.oid(), resp.wire(), dialog.fqme(), dialog.action().wire(), dialog.size(), dialog.price(),
        dialog.account(), dialog.filled(), fillPrice, resting, dialog.submitPrice(), reason, source, dialog.reqid(),
        nowNanos());
  }

  private List<EmsProtocol.Position> positionsOf(Set<String> accounts) {
    List<EmsProtocol.Position> open = new ArrayList<>();
    accounts.forEach(account -> open.addAll(positions.getOrDefault(account, Map.of()).values()));
    return open;
  }

  /** The paper accounts whose positions are not known now: their paperboi dialog is down, and why. */
  private List<EmsProtocol.Unavailable> unavailableOf(Set<String> accounts) {
    List<EmsProtocol.Unavailable> unknown = new ArrayList<>();
    accounts.stream().filter(account -> !isLive(account)).forEach(account -> {
      Link paper = links.get(paperKey(brokerOf(account)));
      if (paper != null && paper.down != null) {
        unknown.add(new EmsProtocol.Unavailable(account, paper.down));
      }
    });
    return unknown;
  }

  private List<Status> activeOf(Set<String> accounts) {
    return state.snapshotOfActive().stream().filter(d -> accounts.contains(d.account()))
        .map(d -> status(d, d.resp(), null, d.resp() == OrderResp.OPEN ? d.resting() : null, null)).toList();
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
