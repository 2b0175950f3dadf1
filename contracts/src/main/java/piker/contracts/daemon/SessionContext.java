package piker.contracts.daemon;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.Payload;
import piker.contracts.RemoteError;

/**
 * One session's link to its opener, owned by the session actor. It guarantees the protocol's shape:
 * one Started, messages only while live, exactly one terminal event.
 */
public final class SessionContext {
  private final String sessionId;
  private final String endpoint;
  private final ActorRef<Session.Event> opener;
  private final String openerId;
  private final ActorRef<Session.Input> self;
  private final String daemonName;
  private boolean started;
  private boolean ended;

  SessionContext(String sessionId, String endpoint, ActorRef<Session.Event> opener, String openerId,
                 ActorRef<Session.Input> self, String daemonName) {
    this.sessionId = sessionId;
    this.endpoint = endpoint;
    this.opener = opener;
    this.openerId = openerId;
    this.self = self;
    this.daemonName = daemonName;
  }

  public String sessionId() {
    return sessionId;
  }

  public String endpoint() {
    return endpoint;
  }

  public ActorRef<Session.Event> opener() {
    return opener;
  }

  public ActorRef<Session.Input> self() {
    return self;
  }

  public boolean isLive() {
    return started && !ended;
  }

  public boolean hasEnded() {
    return ended;
  }

  /** Tells the opener the session is live, with its first value. */
  public void started(Payload first) {
    if (started || ended) {
      throw new IllegalStateException("session " + sessionId + " already " + (ended ? "ended" : "started"));
    }
    started = true;
    opener.tell(new Session.Started(sessionId, first == null ? new Payload.Empty() : first, self));
  }

  public void send(Payload body) {
    if (!isLive()) {
      throw new IllegalStateException("session " + sessionId + " is not live");
    }
    opener.tell(new Session.Message(sessionId, body));
  }

  /** Ends the session cleanly; return the result from the handler. */
  public <T> Behavior<T> end() {
    if (!ended) {
      ended = true;
      opener.tell(new Session.Ended(sessionId, null));
    }
    return Behaviors.stopped();
  }

  /** Ends (or, before start, refuses) the session with an error; return the result from the handler. */
  public <T> Behavior<T> fail(RemoteError error) {
    if (!ended) {
      ended = true;
      opener.tell(started ? new Session.Ended(sessionId, error) : new Session.Refused(sessionId, error));
    }
    return Behaviors.stopped();
  }

  void cancelled(String canceller) {
    if (openerId.equals(canceller)) {
      end();
    } else {
      fail(RemoteError.of("ContextCancelled",
          "session " + sessionId + " (" + endpoint + ") was cancelled by " + canceller, self.path().toString()));
    }
  }

  void openerGone() {
    ended = true;
  }

  void lost() {
    fail(RemoteError.of("SessionLost", "session " + sessionId + " (" + endpoint + ") ended: " + daemonName
        + " stopped", self.path().toString()));
  }
}
