package piker.pikerd.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonDispatchers;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.emsd.EmsSettings;
import piker.emsd.Emsd;
import piker.emsd.journal.OrderLog;
import piker.emsd.orders.RiskLimits;

/**
 * A real emsd in a benchmark's system, for the {@code bench} broker's paper account, and the daemons it asks
 * the service manager for (a datad, a clearing daemon): the benchmark's own, each on the dispatcher pikerd
 * gives its kind; anything else (a brokerd) is refused.
 */
final class BenchEmsd {
  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);

  /** A daemon emsd may ask for, built from the spec the rig gives it. */
  record Daemon(ServiceName name, Function<DaemonSpec, Behavior<DaemonProtocol.Command>> behavior) {}

  private BenchEmsd() {}

  /** Starts the daemons and emsd (its journal {@code journal}); emsd's ref once it serves. */
  static ActorRef<DaemonProtocol.Command> start(ActorSystem<Void> system, RuntimeSettings settings,
                                                OrderLog.Settings journal, List<Daemon> daemons) throws Exception {
    CompletableFuture<ActorRef<DaemonProtocol.Command>> emsdStarted = new CompletableFuture<>();
    ActorRef<DaemonLifecycle.Event> lifecycle = system.systemActorOf(Behaviors.receiveMessage(event -> {
      if (event instanceof DaemonLifecycle.Started started && started.name().kind() == DaemonKind.EMSD) {
        emsdStarted.complete(started.ref());
      } else if (event instanceof DaemonLifecycle.StartFailed failed) {
        emsdStarted.completeExceptionally(failed.error().toException());
      }
      return Behaviors.same();
    }), "lifecycle", Props.empty());
    Map<ServiceName, ActorRef<DaemonProtocol.Command>> started = new ConcurrentHashMap<>();
    ActorRef<ServicesProtocol.Command> services = system.systemActorOf(services(started), "services", Props.empty());
    for (Daemon daemon : daemons) {
      started.put(daemon.name(), system.systemActorOf(daemon.behavior().apply(spec(daemon.name(), settings, lifecycle,
          services)), daemon.name().kind().name().toLowerCase() + "-" + daemon.name().broker(),
          DaemonDispatchers.of(daemon.name().kind())));
    }
    EmsSettings ems = new EmsSettings(Set.of("bench"), Set.of(), Map.of(), RiskLimits.NONE, journal);
    system.systemActorOf(Emsd.create(spec(ServiceName.of(DaemonKind.EMSD), settings, lifecycle, services), ems),
        "emsd", DaemonDispatchers.of(DaemonKind.EMSD));
    return emsdStarted.get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static DaemonSpec spec(ServiceName name, RuntimeSettings settings, ActorRef<DaemonLifecycle.Event> lifecycle,
                                 ActorRef<ServicesProtocol.Command> services) {
    return new DaemonSpec(name, settings, lifecycle, false, Map.of(), Map.of(), Optional.of(services));
  }

  /** The bench's service manager: the daemons it built, by name; anything else is refused. */
  private static Behavior<ServicesProtocol.Command> services(Map<ServiceName, ActorRef<DaemonProtocol.Command>> daemons) {
    return Behaviors.receiveMessage(command -> {
      if (command instanceof ServicesProtocol.SpawnInternal spawn) {
        ActorRef<DaemonProtocol.Command> daemon = daemons.get(spawn.name());
        spawn.replyTo().tell(daemon != null ? new ServicesProtocol.Spawned(spawn.name(), daemon)
            : new ServicesProtocol.SpawnFailed(spawn.name(), RemoteError.of("CannotSpawn",
                "the benchmark runs no " + spawn.name(), "bench")));
      }
      return Behaviors.same();
    });
  }
}
