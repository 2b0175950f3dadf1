package piker.pikerd.client;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.Props;
import piker.contracts.LocalOnly;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.Session;

/**
 * The opener's side of one session, for code outside actors (the CLI, charts, tests). Its actor
 * receives the session's events, hands each to the listener, and turns the daemon's death into an
 * Ended with an error; the handle sends messages and cancels.
 */
public final class ClientSession {
  private final ActorSystem<?> system;
  private final ActorRef<Session.Event> opener;
  private final String sessionId;
  private final CompletableFuture<Session.Started> started = new CompletableFuture<>();
  private final CompletableFuture<Session.Event> ended = new CompletableFuture<>();

  /** The daemon's session actor is gone. */
  private record SessionGone() implements LocalOnly {}

  /** ...and its last words have not arrived since: the daemon's JVM died. */
  private record GoneForGood() implements LocalOnly {}

  /**
   * Death-watch notices travel apart from ordinary messages and may overtake the session's own
   * Ended, so a gone session gets this long for its last words before it counts as lost.
   */
  private static final java.time.Duration LAST_WORDS_GRACE = java.time.Duration.ofSeconds(1);

  private ClientSession(ActorSystem<?> system, String sessionId, ActorRef<DaemonProtocol.Command> daemon,
                        Consumer<Session.Event> listener) {
    this.system = system;
    this.sessionId = sessionId;
    ActorRef<Object> actor = system.systemActorOf(openerBehavior(listener, daemon), "session-" + sessionId,
        Props.empty());
    this.opener = actor.narrow();
  }

  /** Opens a session on {@code endpoint} of {@code daemon}; every event also goes to {@code listener}. */
  public static ClientSession open(ActorSystem<?> system, ActorRef<DaemonProtocol.Command> daemon, String endpoint,
                                   Hello hello, Payload params, Consumer<Session.Event> listener) {
    ClientSession session = new ClientSession(system, UUID.randomUUID().toString(), daemon, listener);
    daemon.tell(new DaemonProtocol.OpenSession(session.sessionId, endpoint, hello, params, session.opener));
    return session;
  }

  public String sessionId() {
    return sessionId;
  }

  public ActorRef<Session.Event> opener() {
    return opener;
  }

  /** Completes with Started, or fails with the refusal (or an end before start). */
  public CompletionStage<Session.Started> started() {
    return started;
  }

  /** Completes with the terminal event: Ended or Refused. */
  public CompletionStage<Session.Event> ended() {
    return ended;
  }

  public void send(Payload body) {
    started.thenAccept(live -> live.session().tell(new Session.Send(body)));
  }

  /** Cancels the session as its opener: it ends cleanly. */
  public void cancel() {
    Session.Cancel cancel = Session.cancelFrom(system, opener);
    started.thenAccept(live -> live.session().tell(cancel));
  }

  private Behavior<Object> openerBehavior(Consumer<Session.Event> listener, ActorRef<DaemonProtocol.Command> daemon) {
    String daemonName = daemon.path().name();
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      // the daemon itself, from the start: one that dies before it answers (its node lost) ends the session too
      ctx.watchWith(daemon, new SessionGone());
      return Behaviors.receive(Object.class)
          .onMessage(Session.Started.class, event -> {
            ctx.watchWith(event.session(), new SessionGone());
            listener.accept(event);
            started.complete(event);
            return Behaviors.same();
          })
          .onMessage(Session.Message.class, event -> {
            listener.accept(event);
            return Behaviors.same();
          })
          .onMessage(Session.Ended.class, event -> finish(listener, event))
          .onMessage(Session.Refused.class, event -> finish(listener, event))
          .onMessage(SessionGone.class, gone -> {
            timers.startSingleTimer(new GoneForGood(), LAST_WORDS_GRACE);
            return Behaviors.same();
          })
          .onMessage(GoneForGood.class, gone -> finish(listener, new Session.Ended(sessionId,
              RemoteError.of("SessionLost", "lost contact with " + daemonName
                  + " (pikerd stopped, or the connection to it dropped)", ""))))
          .build();
    }));
  }

  private Behavior<Object> finish(Consumer<Session.Event> listener, Session.Event event) {
    listener.accept(event);
    RemoteError error = event instanceof Session.Refused refused ? refused.error()
        : ((Session.Ended) event).error();
    if (!started.isDone()) {
      started.completeExceptionally(error != null ? error.toException()
          : new IllegalStateException("session " + sessionId + " ended before it started"));
    }
    ended.complete(event);
    return Behaviors.stopped();
  }
}
