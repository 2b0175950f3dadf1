package piker.brokerd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.ReceiveBuilder;
import piker.brokerd.account.AccountTrader;
import piker.brokerd.credentials.BrokersFile;
import piker.brokerd.credentials.CredentialsException;
import piker.contracts.ErrorKind;
import piker.contracts.LocalOnly;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.daemon.Cookie;
import piker.contracts.daemon.DaemonBase;
import piker.contracts.daemon.DaemonLifetime;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.RelaySession;
import piker.contracts.daemon.Session;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.endpoints.EndpointTable;
import piker.contracts.names.AccountName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.Credentials;

/**
 * {@code brokerd.<broker>}: live order control for the broker's live accounts, and nothing else. The
 * only reader of brokers.toml; started by emsd's clearing link (or {@code piker ledger}'s ad-hoc path)
 * and reached only through the one dialog that emsd opens: its actor name is not for clients.
 *
 * <p>Without an api key it answers the dialog with {@link ClearingProtocol.PaperOnly} and stops at
 * once; with credentials it cannot use (a file others may read, a key the venue refuses) it refuses
 * the dialog with the reason and stops, so nothing retries in a loop. Otherwise each live account gets
 * an {@link AccountTrader} child that logs in, reconciles and trades.
 */
public final class Brokerd extends DaemonBase {
  /** Venue refusals that no retry can fix: brokerd stops after telling emsd. */
  private static final java.util.Set<ErrorKind> FATAL = java.util.EnumSet.of(ErrorKind.INVALID_KEY,
      ErrorKind.CREDENTIALS_REFUSED);

  private record FromTrader(AccountTrader.Reply reply) implements DaemonProtocol.Command, LocalOnly {}

  private record TraderStopped(String account, ActorRef<AccountTrader.Command> trader)
      implements DaemonProtocol.Command, LocalOnly {}

  /** The dialog emsd opened, while its accounts reconcile and after. */
  private static final class Dialog {
    final ActorRef<Session.Input> session;
    final List<String> accounts;
    final List<String> waiting;
    final List<ClearingProtocol.PositionUpdate> positions = new ArrayList<>();
    final List<ClearingProtocol.OrderStatus> open = new ArrayList<>();
    final List<ClearingProtocol.BrokerEvent> queued = new ArrayList<>();
    boolean begun;

    Dialog(ActorRef<Session.Input> session, List<String> accounts) {
      this.session = session;
      this.accounts = List.copyOf(accounts);
      this.waiting = new ArrayList<>(accounts);
    }
  }

  private final String broker;
  private final Credentials credentials;
  private final String credentialsProblem;
  private final Map<String, String> venueAccounts;
  private final Backend backend;
  private final Hello hello;
  private final ActorRef<AccountTrader.Reply> traderAdapter;
  private final Map<String, ActorRef<AccountTrader.Command>> traders = new HashMap<>();
  private final java.time.Duration neverPlacedAfter;
  private Dialog dialog;
  private boolean leaving;

  /**
   * @param env where per-field overrides of brokers.toml come from ({@code System.getenv()} in production)
   */
  public static Behavior<DaemonProtocol.Command> create(DaemonSpec spec, Backend backend, Map<String, String> env) {
    return DaemonLifetime.create(spec, ctx -> new Brokerd(ctx, spec, backend, env));
  }

  private Brokerd(ActorContext<DaemonProtocol.Command> ctx, DaemonSpec spec, Backend backend,
                  Map<String, String> env) {
    super(ctx, spec, EndpointTable.served(DaemonKind.BROKERD));
    this.broker = spec.name().broker();
    this.backend = backend;
    this.neverPlacedAfter = ctx.getSystem().settings().config().getDuration("piker.brokerd.never-placed-after");
    this.hello = Hello.of(Cookie.read(spec.settings().cookieFile()));
    Credentials read = null;
    String problem = null;
    try {
      read = BrokersFile.read(spec.settings().configDir(), broker, env);
    } catch (CredentialsException e) {
      problem = e.getMessage();
    }
    this.credentials = read;
    this.credentialsProblem = problem;
    this.venueAccounts = venueAccounts(spec.options());
    this.traderAdapter = ctx.messageAdapter(AccountTrader.Reply.class, FromTrader::new);
    serveSession(Endpoint.OPEN_TRADE_DIALOG, RelaySession.to(ctx.getSelf()));
  }

  /** {@code [<broker>.accounts]} of conf.toml: label → the venue's account id. */
  private static Map<String, String> venueAccounts(Map<String, Object> options) {
    Map<String, String> accounts = new LinkedHashMap<>();
    if (options.get("accounts") instanceof Map<?, ?> table) {
      table.forEach((label, id) -> accounts.put(label.toString(), String.valueOf(id)));
    }
    return accounts;
  }

  @Override
  protected ReceiveBuilder<DaemonProtocol.Command> receive(ReceiveBuilder<DaemonProtocol.Command> builder) {
    return builder
        .onMessage(RelaySession.Attach.class, this::onAttach)
        .onMessage(RelaySession.Received.class, this::onReceived)
        .onMessage(FromTrader.class, this::onTrader)
        .onMessage(TraderStopped.class, this::onTraderStopped);
  }

  // ---- the dialog

  private Behavior<DaemonProtocol.Command> onAttach(RelaySession.Attach attach) {
    if (!(attach.params() instanceof ClearingProtocol.DialogParams params)) {
      attach.session().tell(new RelaySession.Reject(error(ErrorKind.INVALID_REQUEST, "open_trade_dialog takes DialogParams")));
      return this;
    }
    if (credentialsProblem != null) {
      refuseAndLeave(attach.session(), error(ErrorKind.CREDENTIALS_REFUSED, credentialsProblem));
      return this;
    }
    if (credentials.get("api_key").isEmpty()) {
      attach.session().tell(new RelaySession.Begin(new ClearingProtocol.PaperOnly("no api key for " + broker
          + " in brokers.toml (nor " + BrokersFile.envVar(broker, "api_key") + "): orders of "
          + String.join(", ", params.accounts()) + " are cleared on paper, as " + broker + ".paper")));
      leave("no api key: paper only");
      return this;
    }
    for (String account : params.accounts()) {
      String problem = accountProblem(account);
      if (problem != null) {
        attach.session().tell(new RelaySession.Reject(error(ErrorKind.UNKNOWN_ACCOUNT, problem)));
        return this;
      }
    }
    if (dialog != null) {
      // one dialog at a time: a reopened one (emsd restarted, or its link retried) replaces the old
      dialog.session.tell(new RelaySession.Reject(error("DialogReplaced", "a newer trade dialog replaced this one")));
      endDialog();
    }
    dialog = new Dialog(attach.session(), params.accounts());
    for (String account : params.accounts()) {
      trader(account).tell(new AccountTrader.Open(params.known().stream()
          .filter(known -> account.equals(known.account())).toList()));
    }
    if (dialog.waiting.isEmpty()) {
      begin(dialog);
    }
    return this;
  }

  private String accountProblem(String account) {
    AccountName name = accountName(account);
    if (name == null || !name.broker().equals(broker)) {
      return "brokerd." + broker + " trades only " + broker + " accounts, not '" + account + "'";
    }
    if (!venueAccounts.containsKey(name.label())) {
      return "no live account '" + account + "': conf.toml's [" + broker + ".accounts] lists "
          + (venueAccounts.isEmpty() ? "none" : String.join(", ", venueAccounts.keySet()));
    }
    return null;
  }

  /** The account's name, or null when it is none (the caller says what was wrong). */
  private static AccountName accountName(String account) {
    try {
      return account == null ? null : AccountName.parse(account);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private ActorRef<AccountTrader.Command> trader(String account) {
    return traders.computeIfAbsent(account, name -> {
      BackendContext context = new BackendContext(spec.settings(), spec.options());
      AccountTrader.Connector connector = (venueAccount, listener) ->
          backend.openTradeClient(context, credentials, venueAccount, listener);
      ActorRef<AccountTrader.Command> trader = getContext().spawn(AccountTrader.create(name,
          venueAccounts.get(AccountName.parse(name).label()), spec.settings().dataDir(), connector,
          traderAdapter, neverPlacedAfter), "account-" + name, DispatcherSelector.sameAsParent());
      getContext().watchWith(trader, new TraderStopped(name, trader));
      return trader;
    });
  }

  /**
   * A trader that stopped (it failed) takes what it knew with it: the dialog ends with the reason, so
   * emsd's link opens a new one, whose new trader reconciles with the venue by id.
   */
  private Behavior<DaemonProtocol.Command> onTraderStopped(TraderStopped stopped) {
    if (!stopped.trader().equals(traders.get(stopped.account()))) {
      return this; // stopped on purpose, and replaced or forgotten already
    }
    traders.remove(stopped.account());
    getContext().getLog().warn("brokerd.{}: the trader of {} stopped; ending the dialog so that it reopens",
        broker, stopped.account());
    if (dialog != null && !leaving) {
      dialog.session.tell(new RelaySession.Reject(error("TraderStopped", "the trader of " + stopped.account()
          + " stopped; the dialog reopens and reconciles")));
      endDialog();
    }
    return this;
  }

  private Behavior<DaemonProtocol.Command> onReceived(RelaySession.Received received) {
    if (dialog == null || !received.session().equals(dialog.session)) {
      return this; // commands count only inside the dialog emsd opened
    }
    Payload body = received.body();
    if (body instanceof ClearingProtocol.SubmitOrder submit) {
      String invalid = invalid(submit);
      if (invalid != null) {
        deliver(List.of(new ClearingProtocol.OrderError(submit.oid(), submit.reqid(), invalid)));
      } else {
        route(submit.account(), submit.oid(), new AccountTrader.Submit(submit));
      }
    } else if (body instanceof ClearingProtocol.CancelOrder cancel) {
      if (!EmsProtocol.validOid(cancel.oid())) {
        deliver(List.of(new ClearingProtocol.OrderError(cancel.oid(), cancel.reqid(), "invalid oid in a cancel")));
      } else {
        route(cancel.account(), cancel.oid(), new AccountTrader.Cancel(cancel));
      }
    } else if (body instanceof ClearingProtocol.SyncLedger sync) {
      ActorRef<AccountTrader.Command> trader = sync.account() == null ? null : traders.get(sync.account());
      if (trader == null) {
        dialog.session.tell(new RelaySession.Deliver(new ClearingProtocol.LedgerSynced(sync.requestId(), null,
            error(ErrorKind.UNKNOWN_ACCOUNT, "this dialog does not trade '" + sync.account() + "'"))));
      } else {
        trader.tell(new AccountTrader.SyncLedger(sync.requestId()));
      }
    } else {
      deliver(List.of(new ClearingProtocol.OrderError(null, null, "brokerd takes SubmitOrder, CancelOrder and "
          + "SyncLedger, not " + body.getClass().getSimpleName())));
    }
    return this;
  }

  /**
   * emsd validates every order before it sends one; brokerd checks the shape again, so that a malformed
   * message is an error answer rather than a failed trader (and a dialog reopened to the same message).
   */
  private String invalid(ClearingProtocol.SubmitOrder order) {
    if (!EmsProtocol.validOid(order.oid())) {
      return "invalid oid";
    }
    if (order.action() == null || !order.action().trades()) {
      return "brokerd places buys and sells, not '" + (order.action() == null ? null : order.action().wire()) + "'";
    }
    if (order.fqme() == null || !broker.equals(order.fqme().broker())) {
      return "brokerd." + broker + " trades " + broker + " markets, not " + order.fqme();
    }
    if (order.price() == null || order.price().signum() <= 0 || order.size() == null || order.size().signum() <= 0) {
      return "price and size must be above zero";
    }
    return null;
  }

  private void route(String account, String oid, AccountTrader.Command command) {
    ActorRef<AccountTrader.Command> trader = account == null ? null : traders.get(account);
    if (trader == null) {
      deliver(List.of(new ClearingProtocol.OrderError(oid, null, "this dialog does not trade '" + account + "'")));
    } else {
      trader.tell(command);
    }
  }

  @Override
  protected void onSessionEnded(ActorRef<Session.Input> session) {
    if (dialog != null && dialog.session.equals(session)) {
      // the traders keep their venue links; the next dialog reconciles whatever happened meanwhile
      endDialog();
    }
  }

  /**
   * The dialog is over for its traders: they stop re-arming the venue's dead man's switch, so that orders
   * resting at a venue that has one are cancelled unless emsd opens a new dialog in time. brokerd learns of
   * the end when emsd's side of the session stops (emsd cancelled it, crashed, or its node went away); it
   * cannot tell an emsd that hangs but lives, and neither can the switch.
   */
  private void endDialog() {
    for (String account : dialog.accounts) {
      ActorRef<AccountTrader.Command> trader = traders.get(account);
      if (trader != null) {
        trader.tell(new AccountTrader.DialogEnded());
      }
    }
    dialog = null;
  }

  // ---- the traders

  private Behavior<DaemonProtocol.Command> onTrader(FromTrader from) {
    AccountTrader.Reply reply = from.reply();
    Dialog current = dialog;
    if (reply instanceof AccountTrader.Emit emit) {
      if (current != null && current.begun) {
        deliver(emit.events());
      } else if (current != null) {
        current.queued.addAll(emit.events());
      }
    } else if (reply instanceof AccountTrader.Opened opened) {
      if (current != null && current.waiting.remove(opened.account())) {
        current.positions.addAll(opened.positions());
        current.open.addAll(opened.open());
        current.queued.addAll(0, opened.events());
        if (current.waiting.isEmpty()) {
          begin(current);
        }
      }
    } else if (reply instanceof AccountTrader.OpenFailed failed) {
      getContext().getLog().warn("brokerd.{}: {} cannot trade: {}", broker, failed.account(), failed.error().describe());
      if (current != null && current.waiting.contains(failed.account())) {
        if (FATAL.stream().anyMatch(kind -> kind.is(failed.error()))) {
          refuseAndLeave(current.session, failed.error());
        } else {
          current.session.tell(new RelaySession.Reject(failed.error()));
        }
        endDialog();
      }
      stopTrader(failed.account());
    } else if (reply instanceof AccountTrader.LedgerSynced synced) {
      if (current != null) {
        current.session.tell(new RelaySession.Deliver(new ClearingProtocol.LedgerSynced(synced.requestId(),
            synced.reply(), synced.error())));
      }
    }
    return this;
  }

  private void stopTrader(String account) {
    ActorRef<AccountTrader.Command> trader = traders.remove(account);
    if (trader != null) {
      getContext().stop(trader);
    }
  }

  private void begin(Dialog started) {
    started.begun = true;
    started.session.tell(new RelaySession.Begin(new ClearingProtocol.DialogStarted(started.positions, started.open)));
    deliver(started.queued);
    started.queued.clear();
  }

  private void deliver(List<ClearingProtocol.BrokerEvent> events) {
    if (dialog != null && !events.isEmpty()) {
      dialog.session.tell(new RelaySession.Deliver(new ClearingProtocol.Events(events)));
    }
  }

  // ---- leaving

  private void refuseAndLeave(ActorRef<Session.Input> session, RemoteError error) {
    session.tell(new RelaySession.Reject(error));
    leave(error.describe());
  }

  /** Asks the service manager to stop this brokerd, so that it is neither listed nor retried in a loop. */
  private void leave(String why) {
    if (leaving) {
      return;
    }
    leaving = true;
    getContext().getLog().info("brokerd.{} stops: {}", broker, why);
    if (spec.services().isPresent()) {
      spec.services().get().tell(new ServicesProtocol.CancelService(hello, spec.name(), "brokerd." + broker
          + " itself", getContext().getSystem().ignoreRef()));
    } else {
      getContext().getSelf().tell(new DaemonProtocol.Stop("brokerd." + broker + " itself"));
    }
  }

  private RemoteError error(String type, String message) {
    return RemoteError.of(type, message, "brokerd." + broker);
  }

  private RemoteError error(ErrorKind kind, String message) {
    return kind.error(message, "brokerd." + broker);
  }
}
