package piker.pikerd.runtime;

import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressTerminated;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.event.AddressTerminatedTopic;
import org.apache.pekko.remote.artery.GracefulShutdownQuarantinedEvent;
import org.apache.pekko.remote.artery.QuarantinedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets this node's actors forget the death watches of a client JVM that has gone. A client (the CLI, a chart,
 * the ledger) watches the daemons it talks to, so each daemon holds the client's remote watcher among its
 * watchers; Pekko 1.7's Artery never sends the Unwatch that would remove it (its Association drops every Unwatch
 * but a cluster node's whose system is terminating), and only a node found unreachable by heartbeats, or a
 * cluster member removed, has its watches cleared. A client that ends normally is neither: each one left ~3.5 KB
 * in emsd for good (docs/operations.md, "The soak"). So when Artery quarantines a client's system, it ended or
 * failed and can never come back under that incarnation, this actor tells every actor holding its watches that
 * the address is gone, as a failure detector would have. By address, as Pekko's own failure detector and cluster
 * do: a new client that took the same port within the few milliseconds before the daemons read this would lose
 * its watches too (its command fails and says so; nothing is lost). Nodes of this node's own cluster (same
 * system name) are left to the cluster, which does the same when it removes them.
 *
 * <p>Two of Pekko's internal APIs are used ({@link AddressTerminatedTopic}, {@link AddressTerminated}): the
 * ones its own failure detector uses. {@code DepartedClientsTest} fails if a Pekko upgrade changes them.
 */
public final class DepartedClients {
  private static final Logger LOG = LoggerFactory.getLogger(DepartedClients.class);

  public sealed interface Command {}

  private record Departed(Address address, String how) implements Command {}

  private DepartedClients() {}

  /** {@code clusterSystemName}: the system name every node of this cluster has (clients have others). */
  public static Behavior<Command> create(String clusterSystemName) {
    // restarted, not stopped, should a Pekko upgrade make the publishing throw: it resubscribes as it starts
    return Behaviors.<Command>supervise(Behaviors.setup(ctx -> {
      subscribe(ctx);
      AddressTerminatedTopic topic = AddressTerminatedTopic.get(ctx.getSystem().classicSystem());
      return Behaviors.receive(Command.class)
          .onMessage(Departed.class, gone -> {
            if (isClient(gone.address(), clusterSystemName)) {
              LOG.debug("client {} {}: its death watches are dropped", gone.address(), gone.how());
              topic.publish(new AddressTerminated(gone.address()));
            }
            return Behaviors.same();
          })
          .build();
    })).onFailure(SupervisorStrategy.restart());
  }

  /** Whether {@code peer} is a client of a cluster whose nodes are all named {@code clusterSystemName}. */
  static boolean isClient(Address peer, String clusterSystemName) {
    return peer.hasGlobalScope() && !peer.system().equals(clusterSystemName);
  }

  private static void subscribe(ActorContext<Command> ctx) {
    ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(GracefulShutdownQuarantinedEvent.class,
        ctx.messageAdapter(GracefulShutdownQuarantinedEvent.class,
            event -> new Departed(event.uniqueAddress().address(), "ended"))));
    ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(QuarantinedEvent.class,
        ctx.messageAdapter(QuarantinedEvent.class,
            event -> new Departed(event.uniqueAddress().address(), "was quarantined"))));
  }
}
