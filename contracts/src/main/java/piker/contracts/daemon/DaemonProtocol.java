package piker.contracts.daemon;

import org.apache.pekko.actor.typed.ActorRef;
import piker.contracts.LocalOnly;
import piker.contracts.Payload;
import piker.contracts.PikerSerializable;
import piker.contracts.RemoteError;

/**
 * The messages every daemon accepts. Wire messages are records marked {@link PikerSerializable};
 * each daemon adds its own internal messages by implementing {@link Command} together with
 * {@link LocalOnly}, which keeps them off the wire.
 */
public final class DaemonProtocol {
  private DaemonProtocol() {}

  /** A daemon's mailbox type. */
  public interface Command {}

  /**
   * Opens a long-lived dialog on one of the daemon's session endpoints. The opener then receives
   * {@link Session.Started} (or {@link Session.Refused}), messages, and exactly one terminal event.
   */
  public record OpenSession(String sessionId, String endpoint, Hello hello, Payload params,
                            ActorRef<Session.Event> opener) implements Command, PikerSerializable {}

  /** A request/response call on one of the daemon's call endpoints. */
  public record Call(String endpoint, Hello hello, Payload request, ActorRef<CallResult> replyTo)
      implements Command, PikerSerializable {}

  /** The answer to a {@link Call}. */
  public sealed interface CallResult extends PikerSerializable {}

  public record Reply(Payload result) implements CallResult {}

  public record Failure(RemoteError error) implements CallResult {}

  /**
   * Asks the daemon to stop: it cancels its sessions naming {@code requestedBy}, flushes what it
   * owns, then stops. Local only: remote peers cannot stop daemons.
   */
  public record Stop(String requestedBy) implements Command, LocalOnly {}
}
