package piker.contracts.daemon;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import piker.contracts.names.ServiceName;

/**
 * Everything a daemon gets at spawn: its name, the runtime settings, and where to report its
 * lifecycle. {@code discoverable} is false for brokerd, which clients must never find.
 */
public record DaemonSpec(ServiceName name, RuntimeSettings settings, ActorRef<DaemonLifecycle.Event> reportTo,
                         boolean discoverable) {
  public DaemonSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(reportTo, "reportTo");
  }
}
