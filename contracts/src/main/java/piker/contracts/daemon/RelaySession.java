package piker.contracts.daemon;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.LocalOnly;
import piker.contracts.Payload;
import piker.contracts.RemoteError;

/**
 * A session whose state lives in the daemon itself (emsd's client dialogs, paperboi's clearing
 * dialogs): the session actor attaches to the daemon with its parameters, relays what the opener
 * sends, and delivers what the daemon sends back. The daemon answers an attach with {@link Begin} or
 * {@link Reject} and learns of the session's end through {@code onSessionEnded}.
 */
public final class RelaySession {
  private RelaySession() {}

  /** daemon → session: go live with this first value. */
  public record Begin(Payload first) implements Session.Input, LocalOnly {}

  /** daemon → session: a message for the opener. */
  public record Deliver(Payload body) implements Session.Input, LocalOnly {}

  /** daemon → session: refuse (before start) or end (after) with this error. */
  public record Reject(RemoteError error) implements Session.Input, LocalOnly {}

  /** session → daemon: a new session with the opener's parameters. */
  public record Attach(ActorRef<Session.Input> session, Payload params) implements DaemonProtocol.Command, LocalOnly {}

  /** session → daemon: what the opener sent. */
  public record Received(ActorRef<Session.Input> session, Payload body) implements DaemonProtocol.Command, LocalOnly {}

  public static SessionEndpoint to(ActorRef<DaemonProtocol.Command> daemon) {
    return (session, params) -> open(session, params, daemon);
  }

  private static Behavior<Session.Input> open(SessionContext session, Payload params,
                                              ActorRef<DaemonProtocol.Command> daemon) {
    daemon.tell(new Attach(session.self(), params));
    return Behaviors.receive(Session.Input.class)
        .onMessage(Begin.class, begin -> {
          if (!session.hasEnded()) {
            session.started(begin.first());
          }
          return Behaviors.same();
        })
        .onMessage(Reject.class, reject -> session.fail(reject.error()))
        .onMessage(Deliver.class, deliver -> {
          if (session.isLive()) {
            session.send(deliver.body());
          }
          return Behaviors.same();
        })
        .onMessage(Session.Send.class, send -> {
          daemon.tell(new Received(session.self(), send.body()));
          return Behaviors.same();
        })
        .build();
  }
}
