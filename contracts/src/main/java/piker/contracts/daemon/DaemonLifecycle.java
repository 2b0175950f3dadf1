package piker.contracts.daemon;

import org.apache.pekko.actor.typed.ActorRef;
import piker.contracts.PikerSerializable;
import piker.contracts.RemoteError;
import piker.contracts.names.ServiceName;

/** What a daemon's lifetime fixture reports to whoever spawned it. */
public final class DaemonLifecycle {
  private DaemonLifecycle() {}

  public sealed interface Event extends PikerSerializable {
    ServiceName name();
  }

  /** Set up and serving; sent again after every restart. */
  public record Started(ServiceName name, ActorRef<DaemonProtocol.Command> ref) implements Event {}

  /** Start-up threw; the supervisor decides whether it is tried again. */
  public record StartFailed(ServiceName name, RemoteError error) implements Event {}
}
