package piker.emsd.clearing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import piker.contracts.LocalOnly;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.Session;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;

/**
 * emsd's side of one clearing dialog (paperboi's for a broker's paper account, brokerd's for its live
 * accounts): it has the service manager find or start the clearing daemon, opens the dialog, and
 * passes the daemon's event batches to emsd.
 *
 * <p>It remembers every order it passed on that has not ended (the latest submit per oid, and a
 * cancel if one was sent). emsd sends only what its journal holds, so that memory is journaled state.
 * When the dialog is lost (the daemon died with its resting orders, or never answered) the link tells
 * emsd, opens a new one with backoff and submits those orders again, by oid, before anything newer: an
 * order is never lost to a restart. An order it was canceling is replayed as the cancel alone, which the
 * daemon answers from its ledger (filled) or as canceled: a restart never turns a cancel into a fill.
 * The dialog's parameters list those orders too, so a live daemon can find them at its venue by id
 * before the replay reaches it. A brokerd without an api key answers {@link Paper} and the link rests.
 */
public final class ClearingLink extends AbstractBehavior<ClearingLink.Command> {
  private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(30);
  /** How long a found daemon may take to start the dialog before the link tries again. */
  private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY = Duration.ofSeconds(30);

  public sealed interface Command extends LocalOnly {}

  /** emsd → clearing daemon: a SubmitOrder, a CancelOrder, or a request such as SyncLedger. */
  public record Send(Payload body) implements Command {}

  /** emsd ended these orders itself (the daemon refused the dialog for good): stop replaying them. */
  public record Forget(List<String> oids) implements Command {}

  /** Try to open the dialog now, though nothing is sent yet (a new live order after a refusal). */
  public record Retry() implements Command {}

  /** The daemon refused the dialog for good (a bad key): no reopening by itself until a {@link Retry}. */
  public record Hold() implements Command {}

  private record Found(ActorRef<DaemonProtocol.Command> daemon, RemoteError error) implements Command {}

  private record FromSession(Session.Event event) implements Command {}

  private record Reconnect() implements Command {}

  private record OpenTimedOut(String sessionId) implements Command {}

  private record DaemonStopped(ActorRef<DaemonProtocol.Command> daemon) implements Command {}

  /** What emsd is told. */
  public sealed interface Event extends LocalOnly {
    String key();
  }

  /** The dialog is live (again); what the daemon reported at its start. */
  public record Ready(String key, ClearingProtocol.DialogStarted started) implements Event {}

  public record Events(String key, List<ClearingProtocol.BrokerEvent> events) implements Event {}

  /** The dialog is gone; the link reopens it by itself while it has orders to clear. */
  public record Lost(String key, RemoteError error) implements Event {}

  /** brokerd has no api key: the dialog's accounts are cleared on paper; the link rests. */
  public record Paper(String key, String reason) implements Event {}

  /** A message of the dialog that is not an event batch (a LedgerSynced answer). */
  public record Reply(String key, Payload body) implements Event {}

  private final String key;
  private final ActorRef<Event> parent;
  private final ActorRef<ServicesProtocol.Command> services;
  private final ServiceName daemon;
  private final Endpoint endpoint;
  private final List<String> accounts;
  private final Hello hello;
  private final TimerScheduler<Command> timers;
  private final ActorRef<Session.Event> opener;
  /** Orders passed on and not ended, in the order they were first sent: the latest submit per oid. */
  private final Map<String, ClearingProtocol.SubmitOrder> open = new LinkedHashMap<>();
  /** Cancels passed on for orders not ended yet. */
  private final Map<String, ClearingProtocol.CancelOrder> canceling = new LinkedHashMap<>();
  /** Requests other than orders, waiting for the dialog; not replayed once sent. */
  private final List<Payload> requests = new ArrayList<>();
  private ActorRef<Session.Input> session;
  /** The daemon of the dialog being opened or open, watched: its stop loses the dialog. */
  private ActorRef<DaemonProtocol.Command> daemonRef;
  /** The id of the dialog being opened or open; events of older attempts are stale. */
  private String sessionId;
  private boolean connecting;
  private boolean held;
  private Duration retry = FIRST_RETRY;

  /**
   * @param key      emsd's name for the link (the broker)
   * @param daemon   the clearing daemon to start ({@code paperboi.<broker>})
   * @param endpoint its dialog endpoint
   * @param accounts the accounts routed to it
   */
  public static Behavior<Command> create(String key, ActorRef<ServicesProtocol.Command> services, ServiceName daemon,
                                         Endpoint endpoint, List<String> accounts, Hello hello,
                                         ActorRef<Event> parent) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new ClearingLink(ctx, timers, key, services, daemon, endpoint, accounts, hello, parent)));
  }

  private ClearingLink(ActorContext<Command> ctx, TimerScheduler<Command> timers, String key,
                       ActorRef<ServicesProtocol.Command> services, ServiceName daemon, Endpoint endpoint,
                       List<String> accounts, Hello hello, ActorRef<Event> parent) {
    super(ctx);
    this.timers = timers;
    this.key = key;
    this.parent = parent;
    this.services = services;
    this.daemon = daemon;
    this.endpoint = endpoint;
    this.accounts = List.copyOf(accounts);
    this.hello = hello;
    this.opener = ctx.messageAdapter(Session.Event.class, FromSession::new);
    connect();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Found.class, this::onFound)
        .onMessage(FromSession.class, this::onSessionEvent)
        .onMessage(Send.class, this::onSend)
        .onMessage(Reconnect.class, this::onReconnect)
        .onMessage(OpenTimedOut.class, this::onOpenTimedOut)
        .onMessage(DaemonStopped.class, this::onDaemonStopped)
        .onMessage(Forget.class, this::onForget)
        .onMessage(Retry.class, this::onRetry)
        .onMessage(Hold.class, hold -> {
          held = true;
          timers.cancel(Reconnect.class);
          return this;
        })
        .build();
  }

  private void connect() {
    connecting = true;
    getContext().ask(ServicesProtocol.SpawnReply.class, services, SPAWN_TIMEOUT,
        replyTo -> new ServicesProtocol.SpawnInternal(daemon, replyTo),
        (reply, error) -> reply instanceof ServicesProtocol.Spawned spawned ? new Found(spawned.ref(), null)
            : new Found(null, reply instanceof ServicesProtocol.SpawnFailed failed ? failed.error()
                : RemoteError.of(error != null ? error : new IllegalStateException("unexpected " + reply),
                    getContext().getSelf().path().toString())));
  }

  private Behavior<Command> onFound(Found found) {
    if (found.error() != null) {
      return lost(found.error());
    }
    daemonRef = found.daemon();
    getContext().watchWith(daemonRef, new DaemonStopped(daemonRef));
    sessionId = UUID.randomUUID().toString();
    timers.startSingleTimer(OpenTimedOut.class, new OpenTimedOut(sessionId), OPEN_TIMEOUT);
    List<ClearingProtocol.KnownOrder> known = new ArrayList<>();
    open.forEach((oid, submit) -> known.add(new ClearingProtocol.KnownOrder(oid, submit.reqid(), submit.account(),
        canceling.containsKey(oid), submit.fqme())));
    canceling.forEach((oid, cancel) -> {
      if (!open.containsKey(oid)) {
        known.add(new ClearingProtocol.KnownOrder(oid, cancel.reqid(), cancel.account(), true));
      }
    });
    daemonRef.tell(new DaemonProtocol.OpenSession(sessionId, endpoint.wireName(), hello,
        new ClearingProtocol.DialogParams(accounts, known), opener));
    return this;
  }

  private Behavior<Command> onOpenTimedOut(OpenTimedOut timedOut) {
    if (connecting && timedOut.sessionId().equals(sessionId)) {
      return lost(RemoteError.of("DialogTimeout", daemon + " did not open the clearing dialog within "
          + OPEN_TIMEOUT.toSeconds() + " s", getContext().getSelf().path().toString()));
    }
    return this;
  }

  private Behavior<Command> onDaemonStopped(DaemonStopped stopped) {
    if (stopped.daemon().equals(daemonRef)) {
      return lost(RemoteError.of("DaemonStopped", daemon + " stopped", getContext().getSelf().path().toString()));
    }
    return this;
  }

  private Behavior<Command> onSend(Send send) {
    if (send.body() instanceof ClearingProtocol.SubmitOrder submit) {
      open.put(submit.oid(), submit);
    } else if (send.body() instanceof ClearingProtocol.CancelOrder cancel) {
      canceling.put(cancel.oid(), cancel);
    } else if (session == null) {
      requests.add(send.body());
    }
    if (session != null) {
      session.tell(new Session.Send(send.body()));
    } else if (!connecting) {
      // a new order tries at once rather than wait out the backoff; one attempt is in flight at a time
      timers.cancel(Reconnect.class);
      connect();
    }
    return this;
  }

  private Behavior<Command> onReconnect(Reconnect reconnect) {
    if (session == null && !connecting && !held && (!open.isEmpty() || !canceling.isEmpty())) {
      connect();
    }
    return this;
  }

  private Behavior<Command> onRetry(Retry retry) {
    held = false;
    if (session == null && !connecting) {
      timers.cancel(Reconnect.class);
      connect();
    }
    return this;
  }

  private Behavior<Command> onForget(Forget forget) {
    forget.oids().forEach(oid -> {
      open.remove(oid);
      canceling.remove(oid);
    });
    return this;
  }

  private Behavior<Command> onSessionEvent(FromSession from) {
    Session.Event event = from.event();
    if (sessionId == null || !sessionId.equals(event.sessionId())) {
      if (event instanceof Session.Started late) {
        // an attempt given up on answered after all: end that dialog so the daemon holds no orphan
        late.session().tell(Session.cancelFrom(getContext().getSystem(), opener));
      }
      return this;
    }
    if (event instanceof Session.Started started && started.first() instanceof ClearingProtocol.PaperOnly paper) {
      // the daemon stops by itself; what it clears is on paper now, and nothing here is its to replay
      rest();
      open.clear();
      canceling.clear();
      requests.clear();
      parent.tell(new Paper(key, paper.reason()));
    } else if (event instanceof Session.Started started) {
      ClearingProtocol.DialogStarted first = started.first() instanceof ClearingProtocol.DialogStarted s ? s
          : new ClearingProtocol.DialogStarted(List.of(), List.of());
      session = started.session();
      connecting = false;
      held = false; // a dialog the daemon accepted: whatever held the link is over
      timers.cancel(OpenTimedOut.class);
      retry = FIRST_RETRY;
      parent.tell(new Ready(key, first));
      submitWhatIsOpen();
    } else if (event instanceof Session.Message message
        && message.body() instanceof ClearingProtocol.Events events) {
      events.events().forEach(this::remember);
      parent.tell(new Events(key, events.events()));
    } else if (event instanceof Session.Message message) {
      parent.tell(new Reply(key, message.body()));
    } else if (event instanceof Session.Ended ended) {
      return lost(ended.error() != null ? ended.error()
          : RemoteError.of("DialogEnded", "the clearing dialog " + key + " ended", getContext().getSelf().path().toString()));
    } else if (event instanceof Session.Refused refused) {
      return lost(refused.error());
    }
    return this;
  }

  /**
   * A new dialog knows nothing: every order not ended yet, in the order first sent, except those being
   * canceled; for those the cancel alone (the old daemon may have filled one before its cancel arrived).
   */
  private void submitWhatIsOpen() {
    List<Payload> again = new ArrayList<>();
    open.forEach((oid, submit) -> {
      if (!canceling.containsKey(oid)) {
        again.add(submit);
      }
    });
    again.addAll(canceling.values());
    again.addAll(requests);
    requests.clear();
    again.forEach(body -> session.tell(new Session.Send(body)));
  }

  /**
   * Keeps the memory current: an ack's broker id (so a reopened dialog finds the order by it), an
   * adopted order (so it is known to the next dialog too), and forgets what ended.
   */
  private void remember(ClearingProtocol.BrokerEvent event) {
    if (event instanceof ClearingProtocol.Ack ack) {
      open.computeIfPresent(ack.oid(), (oid, submit) -> new ClearingProtocol.SubmitOrder(oid, ack.reqid(),
          submit.account(), submit.action(), submit.fqme(), submit.price(), submit.size()));
      canceling.computeIfPresent(ack.oid(), (oid, cancel) -> new ClearingProtocol.CancelOrder(oid, ack.reqid(),
          cancel.account()));
      return;
    }
    if (event instanceof ClearingProtocol.Adopted adopted) {
      open.putIfAbsent(adopted.oid(), new ClearingProtocol.SubmitOrder(adopted.oid(), adopted.reqid(),
          adopted.account(), adopted.action(), adopted.fqme(), adopted.price(), adopted.size()));
      return;
    }
    String ended = null;
    if (event instanceof ClearingProtocol.OrderStatus status
        && status.status() != null && status.status().done()) {
      ended = status.oid();
    } else if (event instanceof ClearingProtocol.OrderError error) {
      ended = error.oid();
    }
    if (ended != null) {
      open.remove(ended);
      canceling.remove(ended);
    }
  }

  /** No dialog and none being opened; later events of the last one are stale. */
  private void rest() {
    if (daemonRef != null) {
      getContext().unwatch(daemonRef);
      daemonRef = null;
    }
    sessionId = null;
    timers.cancel(OpenTimedOut.class);
    session = null;
    connecting = false;
  }

  private Behavior<Command> lost(RemoteError error) {
    rest();
    requests.clear(); // emsd fails their callers on Lost: a request is not replayed into a new dialog
    parent.tell(new Lost(key, error));
    if (!open.isEmpty() || !canceling.isEmpty()) {
      timers.startSingleTimer(Reconnect.class, new Reconnect(), retry);
      retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
    }
    return this;
  }
}
