package piker.contracts.daemon;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;

/**
 * Everything a daemon gets at spawn: its name, the runtime settings, where to report its lifecycle,
 * for per-broker daemons the backend's spawn options (its conf.toml section plus what its runtime
 * added), the daemons it depends on, already started (datad gets samplerd), and the service manager
 * for daemons that start others on need (emsd: paperboi, datad; absent in an ad-hoc system). {@code discoverable}
 * is false for brokerd, which clients must never find.
 */
public record DaemonSpec(ServiceName name, RuntimeSettings settings, ActorRef<DaemonLifecycle.Event> reportTo,
                         boolean discoverable, Map<String, Object> options,
                         Map<DaemonKind, ActorRef<DaemonProtocol.Command>> dependencies,
                         Optional<ActorRef<ServicesProtocol.Command>> services) {
  public DaemonSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(reportTo, "reportTo");
    options = options == null ? Map.of() : Map.copyOf(options);
    dependencies = dependencies == null ? Map.of() : Map.copyOf(dependencies);
    services = services == null ? Optional.empty() : services;
  }

  public DaemonSpec(ServiceName name, RuntimeSettings settings, ActorRef<DaemonLifecycle.Event> reportTo,
                    boolean discoverable, Map<String, Object> options,
                    Map<DaemonKind, ActorRef<DaemonProtocol.Command>> dependencies) {
    this(name, settings, reportTo, discoverable, options, dependencies, Optional.empty());
  }

  public DaemonSpec(ServiceName name, RuntimeSettings settings, ActorRef<DaemonLifecycle.Event> reportTo,
                    boolean discoverable) {
    this(name, settings, reportTo, discoverable, Map.of(), Map.of(), Optional.empty());
  }

  /**
   * How errors and logs name the daemon: its actor path, except brokerd's, whose path carries the
   * random suffix that keeps it out of clients' reach and is never shown.
   */
  public String sourceOf(ActorRef<?> self) {
    return name.kind() == DaemonKind.BROKERD ? name.toString() : self.path().toString();
  }
}
