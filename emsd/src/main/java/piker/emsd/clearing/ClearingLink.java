package piker.emsd.clearing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
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
 * emsd's side of one clearing dialog (paperboi's for a broker's paper account): it has the service
 * manager find or start the clearing daemon, opens the dialog, holds orders back until it is live
 * (in order, so a cancel never overtakes its order), and passes the daemon's event batches to emsd.
 * It stops after telling emsd {@link Lost}.
 */
public final class ClearingLink extends AbstractBehavior<ClearingLink.Command> {
  private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(30);

  public sealed interface Command extends LocalOnly {}

  /** emsd → clearing daemon: a SubmitOrder or CancelOrder. */
  public record Send(Payload body) implements Command {}

  private record Found(ActorRef<DaemonProtocol.Command> daemon, RemoteError error) implements Command {}

  private record FromSession(Session.Event event) implements Command {}

  /** What emsd is told. */
  public sealed interface Event extends LocalOnly {
    String key();
  }

  public record Ready(String key, ClearingProtocol.DialogStarted started) implements Event {}

  public record Events(String key, List<ClearingProtocol.BrokerEvent> events) implements Event {}

  public record Lost(String key, RemoteError error) implements Event {}

  private final String key;
  private final ActorRef<Event> parent;
  private final ActorRef<Session.Event> opener;
  private final List<Payload> held = new ArrayList<>();
  private ActorRef<Session.Input> session;

  /**
   * @param key      emsd's name for the link (the broker)
   * @param daemon   the clearing daemon to start ({@code paperboi.<broker>})
   * @param endpoint its dialog endpoint
   * @param accounts the accounts routed to it
   */
  public static Behavior<Command> create(String key, ActorRef<ServicesProtocol.Command> services, ServiceName daemon,
                                         Endpoint endpoint, List<String> accounts, Hello hello,
                                         ActorRef<Event> parent) {
    return Behaviors.setup(ctx -> new ClearingLink(ctx, key, services, daemon, endpoint, accounts, hello, parent));
  }

  private ClearingLink(ActorContext<Command> ctx, String key, ActorRef<ServicesProtocol.Command> services,
                       ServiceName daemon, Endpoint endpoint, List<String> accounts, Hello hello,
                       ActorRef<Event> parent) {
    super(ctx);
    this.key = key;
    this.parent = parent;
    this.opener = ctx.messageAdapter(Session.Event.class, FromSession::new);
    ctx.ask(ServicesProtocol.SpawnReply.class, services, SPAWN_TIMEOUT,
        replyTo -> new ServicesProtocol.SpawnInternal(daemon, replyTo),
        (reply, error) -> reply instanceof ServicesProtocol.Spawned spawned ? new Found(spawned.ref(), null)
            : new Found(null, reply instanceof ServicesProtocol.SpawnFailed failed ? failed.error()
                : RemoteError.of(error != null ? error : new IllegalStateException("unexpected " + reply),
                    ctx.getSelf().path().toString())));
    this.accounts = List.copyOf(accounts);
    this.hello = hello;
    this.endpoint = endpoint;
  }

  private final List<String> accounts;
  private final Hello hello;
  private final Endpoint endpoint;

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Found.class, this::onFound)
        .onMessage(FromSession.class, this::onSessionEvent)
        .onMessage(Send.class, this::onSend)
        .build();
  }

  private Behavior<Command> onFound(Found found) {
    if (found.error() != null) {
      return lost(found.error());
    }
    found.daemon().tell(new DaemonProtocol.OpenSession(UUID.randomUUID().toString(), endpoint.wireName(), hello,
        new ClearingProtocol.DialogParams(accounts), opener));
    return this;
  }

  private Behavior<Command> onSend(Send send) {
    if (session == null) {
      held.add(send.body());
    } else {
      session.tell(new Session.Send(send.body()));
    }
    return this;
  }

  private Behavior<Command> onSessionEvent(FromSession from) {
    Session.Event event = from.event();
    if (event instanceof Session.Started started) {
      ClearingProtocol.DialogStarted first = started.first() instanceof ClearingProtocol.DialogStarted s ? s
          : new ClearingProtocol.DialogStarted(List.of(), List.of());
      parent.tell(new Ready(key, first));
      session = started.session();
      held.forEach(body -> session.tell(new Session.Send(body)));
      held.clear();
    } else if (event instanceof Session.Message message
        && message.body() instanceof ClearingProtocol.Events events) {
      parent.tell(new Events(key, events.events()));
    } else if (event instanceof Session.Ended ended) {
      return lost(ended.error() != null ? ended.error()
          : RemoteError.of("DialogEnded", "the clearing dialog " + key + " ended", getContext().getSelf().path().toString()));
    } else if (event instanceof Session.Refused refused) {
      return lost(refused.error());
    }
    return this;
  }

  private Behavior<Command> lost(RemoteError error) {
    parent.tell(new Lost(key, error));
    return Behaviors.stopped();
  }
}
