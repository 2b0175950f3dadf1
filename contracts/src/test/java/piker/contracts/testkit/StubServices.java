package piker.contracts.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;

/**
 * A service manager for daemon tests: it answers {@code SpawnInternal} with the daemons the test
 * registered under their names, and counts the requests, so a test can see which daemons a daemon
 * asked for.
 */
public final class StubServices {
  private final Map<ServiceName, ActorRef<DaemonProtocol.Command>> daemons = new ConcurrentHashMap<>();
  private final Map<ServiceName, Integer> requests = new ConcurrentHashMap<>();

  public void register(ServiceName name, ActorRef<DaemonProtocol.Command> daemon) {
    daemons.put(name, daemon);
  }

  public int requestsFor(ServiceName name) {
    return requests.getOrDefault(name, 0);
  }

  public Behavior<ServicesProtocol.Command> behavior() {
    return Behaviors.receiveMessage(command -> {
      if (command instanceof ServicesProtocol.SpawnInternal spawn) {
        requests.merge(spawn.name(), 1, Integer::sum);
        ActorRef<DaemonProtocol.Command> daemon = daemons.get(spawn.name());
        spawn.replyTo().tell(daemon != null ? new ServicesProtocol.Spawned(spawn.name(), daemon)
            : new ServicesProtocol.SpawnFailed(spawn.name(), RemoteError.of("CannotSpawn",
                "no " + spawn.name() + " in this test", "stub-services")));
      }
      return Behaviors.same();
    });
  }
}
