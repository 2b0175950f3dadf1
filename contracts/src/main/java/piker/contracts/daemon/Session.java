package piker.contracts.daemon;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import piker.contracts.Payload;
import piker.contracts.PikerSerializable;
import piker.contracts.RemoteError;

/**
 * The session protocol: open → {@link Started}(first value) → messages both ways → one end event.
 * A session cancelled by its own opener ends with a clean {@link Ended}; one cancelled by anyone
 * else ends with an error naming the canceller; an exception in the endpoint ends it with the boxed
 * error while the daemon keeps serving others.
 */
public final class Session {
  private Session() {}

  /** Daemon → opener. */
  public sealed interface Event extends PikerSerializable {
    String sessionId();
  }

  /** The session is live; {@code session} takes the opener's messages and its cancel. */
  public record Started(String sessionId, Payload first, ActorRef<Input> session) implements Event {}

  public record Message(String sessionId, Payload body) implements Event {}

  /** The session is over: {@code error} is null when it ended cleanly. */
  public record Ended(String sessionId, RemoteError error) implements Event {
    public boolean clean() {
      return error == null;
    }
  }

  /** The session never started: bad cookie, wrong version, unknown endpoint, bad parameters. */
  public record Refused(String sessionId, RemoteError error) implements Event {}

  /** Opener (or a third party) → session. Endpoints add their own local messages. */
  public interface Input {}

  public record Send(Payload body) implements Input, PikerSerializable {}

  /**
   * Ends the session. When {@code canceller} is the opener's own path the session ends cleanly at the
   * opener; otherwise the opener gets an error naming the canceller.
   */
  public record Cancel(String canceller) implements Input, PikerSerializable {}

  /** An actor's identity as every node spells it (address and uid included): what Cancel carries. */
  public static String identify(ActorSystem<?> system, ActorRef<?> ref) {
    return ActorRefResolver.get(system).toSerializationFormat(ref);
  }

  /** The cancel an opener sends to end its own session cleanly. */
  public static Cancel cancelFrom(ActorSystem<?> system, ActorRef<Event> opener) {
    return new Cancel(identify(system, opener));
  }
}
