package piker.pikerd.services;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.daemon.DaemonDispatchers;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.pikerd.config.PikerConfig;

/**
 * The last step of a spawn: a daemon's behaviour from its factory, under restart-with-backoff supervision, spawned
 * as the service manager's child on its kind's dispatcher. Whatever the factory throws reaches the caller, which
 * fails that spawn alone.
 */
final class DaemonLauncher {
  private final ActorContext<ServicesProtocol.Command> manager;
  private final RuntimeSettings settings;
  private final ServiceManager.Supervision supervision;
  private final ActorRef<DaemonLifecycle.Event> lifecycle;

  DaemonLauncher(ActorContext<ServicesProtocol.Command> manager, RuntimeSettings settings,
                 ServiceManager.Supervision supervision, ActorRef<DaemonLifecycle.Event> lifecycle) {
    this.manager = manager;
    this.settings = settings;
    this.supervision = supervision;
    this.lifecycle = lifecycle;
  }

  ActorRef<DaemonProtocol.Command> launch(ServiceName name, DaemonFactory factory, PikerConfig config,
                                          Map<String, Object> options,
                                          Map<DaemonKind, ActorRef<DaemonProtocol.Command>> dependencies) {
    boolean hidden = name.kind() == DaemonKind.BROKERD;
    DaemonSpec spec = new DaemonSpec(name, settings, lifecycle, !hidden, options, dependencies,
        Optional.of(manager.getSelf()));
    // Pekko's own failure log names the actor path; brokerd's must not be shown, so it logs its failures itself
    Behavior<DaemonProtocol.Command> supervised = Behaviors.supervise(factory.create(spec, config))
        .onFailure(Exception.class, SupervisorStrategy.restartWithBackoff(
                supervision.minBackoff(), supervision.maxBackoff(), 0.2)
            .withMaxRestarts(supervision.maxRestarts()).withLoggingEnabled(!hidden));
    // brokerd's actor name carries a random suffix: nobody can address it who was not handed its ref
    String actorName = hidden ? name + "-" + UUID.randomUUID().toString().replace("-", "") : name.toString();
    return manager.spawn(supervised, actorName, DaemonDispatchers.of(name.kind()));
  }
}
