package piker.pikerd.services;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.pikerd.ServicesProtocol.SpawnFailed;
import piker.contracts.pikerd.ServicesProtocol.SpawnReply;
import piker.pikerd.config.PikerConfig;

/**
 * What a daemon needs before it starts: its backend's runtime and spawn options (per-broker daemons), and the
 * daemons it depends on, found or started through the manager itself (in a cluster, wherever the placement
 * puts them). Called on the manager's thread; the returned stage completes off it.
 */
final class SpawnPreparation {
  /** What a daemon needs running before it starts: datad steps its bars by samplerd's clock. */
  private static final Map<DaemonKind, List<DaemonKind>> DEPENDENCIES = Map.of(DaemonKind.DATAD,
      List.of(DaemonKind.SAMPLERD));
  private static final Duration DEPENDENCY_TIMEOUT = Duration.ofSeconds(30);

  /** The options a daemon is built with, and the refs of the daemons it depends on. */
  record Ready(Map<String, Object> options, Map<DaemonKind, ActorRef<DaemonProtocol.Command>> dependencies) {}

  private final BackendRuntimes runtimes;
  private final ActorRef<ServicesProtocol.Command> manager;
  private final Scheduler scheduler;

  SpawnPreparation(BackendRuntimes runtimes, ActorRef<ServicesProtocol.Command> manager, Scheduler scheduler) {
    this.runtimes = runtimes;
    this.manager = manager;
    this.scheduler = scheduler;
  }

  /** Whether {@code kind} needs anything before it starts (else it is built at once). */
  static boolean needed(DaemonKind kind) {
    return kind.perBroker() || DEPENDENCIES.containsKey(kind);
  }

  CompletionStage<Ready> prepare(ServiceName name, PikerConfig config) {
    CompletableFuture<Map<String, Object>> options = name.kind().perBroker()
        ? runtimes.options(name.broker(), config) : CompletableFuture.completedFuture(Map.of());
    Map<DaemonKind, CompletableFuture<ActorRef<DaemonProtocol.Command>>> dependencies = new EnumMap<>(DaemonKind.class);
    for (DaemonKind kind : DEPENDENCIES.getOrDefault(name.kind(), List.of())) {
      dependencies.put(kind, AskPattern.<ServicesProtocol.Command, SpawnReply>ask(manager,
              replyTo -> new ServicesProtocol.SpawnInternal(ServiceName.of(kind), replyTo), DEPENDENCY_TIMEOUT,
              scheduler)
          .toCompletableFuture().thenApply(reply -> {
            if (reply instanceof ServicesProtocol.Spawned spawned) {
              return spawned.ref();
            }
            throw ((SpawnFailed) reply).error().toException();
          }));
    }
    CompletableFuture<?>[] all = new CompletableFuture<?>[dependencies.size() + 1];
    all[0] = options;
    int i = 1;
    for (CompletableFuture<?> dependency : dependencies.values()) {
      all[i++] = dependency;
    }
    return CompletableFuture.allOf(all).thenApply(done -> {
      Map<DaemonKind, ActorRef<DaemonProtocol.Command>> refs = new EnumMap<>(DaemonKind.class);
      dependencies.forEach((kind, ref) -> refs.put(kind, ref.join()));
      return new Ready(options.join(), refs);
    });
  }
}
