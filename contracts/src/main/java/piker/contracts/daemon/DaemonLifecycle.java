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

  /** It failed while serving (or starting) and its supervisor is about to start it again. */
  public record Restarting(ServiceName name) implements Event {}

  /**
   * Start-up threw. {@code retried}: the supervisor tries again with backoff; false when the daemon
   * refused to start (see {@link StartRefused}) and has stopped.
   */
  public record StartFailed(ServiceName name, RemoteError error, boolean retried) implements Event {
    public StartFailed(ServiceName name, RemoteError error) {
      this(name, error, true);
    }
  }
}
