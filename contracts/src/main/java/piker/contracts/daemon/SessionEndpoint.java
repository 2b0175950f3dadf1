package piker.contracts.daemon;

import org.apache.pekko.actor.typed.Behavior;
import piker.contracts.Payload;

/**
 * A session endpoint: builds the behaviour of one session actor. It calls
 * {@link SessionContext#started} once it is ready, then talks through the context. Throwing here
 * refuses the session; throwing later ends it with the boxed error. Either way the daemon lives on.
 * It runs in the session's own actor: it must reach the daemon's state by messages only.
 */
@FunctionalInterface
public interface SessionEndpoint {
  Behavior<Session.Input> open(SessionContext session, Payload params);
}
