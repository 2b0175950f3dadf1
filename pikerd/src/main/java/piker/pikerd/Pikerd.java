package piker.pikerd;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.pikerd.ServicesProtocol;
import piker.pikerd.cluster.ClusterNode;
import piker.pikerd.cluster.Placement;
import piker.pikerd.registry.Registry;
import piker.pikerd.runtime.DeadLetterLog;
import piker.pikerd.runtime.DepartedClients;
import piker.pikerd.services.DaemonCatalog;
import piker.pikerd.services.JournalStore;
import piker.pikerd.services.ServiceManager;

/**
 * The root guardian: the registry and the service manager at their well-known paths, the dead-letter
 * log, {@link DepartedClients}, and the shutdown task that stops the daemon tree in order before
 * remoting goes down.
 */
public final class Pikerd {
  /** Time for the whole daemon tree to stop; the CoordinatedShutdown phase allows a little more. */
  static final Duration STOP_DAEMONS_TIMEOUT = Duration.ofSeconds(7);

  private Pikerd() {}

  public static Behavior<Void> create(RuntimeSettings settings, DaemonCatalog catalog) {
    // read here, on the starting thread: emsd is pinned to the node whose data dir holds its journal
    boolean journalAtStart = JournalStore.of(settings).existsOnDisk();
    return Behaviors.setup(ctx -> {
      ctx.spawn(Registry.create(settings), "registry");
      ctx.spawn(DeadLetterLog.create(), "dead-letter-log");
      ctx.spawn(DepartedClients.create(ctx.getSystem().name()), "departed-clients");
      // one name table for the whole cluster, on its oldest node; every node's manager goes through it
      ActorRef<Placement.Command> placement = ClusterSingleton.get(ctx.getSystem()).init(
          SingletonActor.of(Placement.create(settings), Placement.NAME));
      ActorRef<ServicesProtocol.Command> services = ctx.spawn(ServiceManager.create(settings, catalog,
          ServiceManager.Supervision.fromConfig(ctx.getSystem().settings().config()), Clock.systemUTC(),
          Optional.of(new ClusterNode(placement, journalAtStart))), "services");
      CoordinatedShutdown.get(ctx.getSystem()).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "stop-daemons",
          () -> AskPattern.<ServicesProtocol.Command, Done>ask(services, ServiceManager.ShutdownAll::new,
              STOP_DAEMONS_TIMEOUT, ctx.getSystem().scheduler()));
      return Behaviors.empty();
    });
  }
}
