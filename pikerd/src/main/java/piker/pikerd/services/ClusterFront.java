package piker.pikerd.services;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import piker.contracts.RemoteError;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.HelloGate;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.pikerd.ServicesProtocol.SpawnReply;
import piker.pikerd.cluster.ClusterNode;
import piker.pikerd.cluster.NodeInbox;
import piker.pikerd.cluster.Placement;

/**
 * A cluster node's service manager, facing the cluster: what it passes to the placement (with this node's
 * inbox as its proof), and which orders come through the inbox are to be obeyed. Used on the manager's thread.
 */
final class ClusterFront {
  private final ActorContext<ServicesProtocol.Command> ctx;
  private final ClusterNode node;
  private final HelloGate gate;
  /** This node's inbox for the placement's orders: its ref is this node's proof to the placement. */
  private final ActorRef<ServicesProtocol.NodeCommand> inbox;

  ClusterFront(ActorContext<ServicesProtocol.Command> ctx, ClusterNode node, HelloGate gate) {
    this.ctx = ctx;
    this.node = node;
    this.gate = gate;
    this.inbox = NodeInbox.spawn(ctx, ctx.getSelf());
  }

  /** Find-or-spawn, decided by the placement; {@code internal} for a daemon's own request (emsd's). */
  void place(Hello hello, ServiceName name, boolean internal, ActorRef<SpawnReply> replyTo) {
    node.placement().tell(new Placement.Place(hello, name, internal, node.address(ctx.getSystem()).toString(), inbox,
        replyTo));
  }

  /** Through the placement even when the daemon runs here: requests meanwhile wait for it to stop there. */
  void cancel(Hello hello, ServiceName name, String requestedBy, ActorRef<SpawnReply> replyTo) {
    node.placement().tell(new Placement.Cancel(hello, name, requestedBy, replyTo));
  }

  ActorRef<Placement.Command> placement() {
    return node.placement();
  }

  /** Tells the placement that what stops here is to start on other nodes, not to be waited for. */
  Placement.Draining draining(ActorRef<Done> replyTo) {
    return new Placement.Draining(gate.hello(), inbox, replyTo);
  }

  /** An order through the inbox is obeyed with the cookie, and only when its answer goes to a member. */
  boolean obeys(Hello hello, ActorRef<?> replyTo) {
    if (replyTo == null) {
      return false;
    }
    Optional<RemoteError> refused = gate.check(hello, ctx.getSelf().path().toString());
    if (refused.isEmpty() && node.isMember(ctx.getSystem(), replyTo)) {
      return true;
    }
    ctx.getLog().warn("ignored a cluster order answering to {}: {}", replyTo.path().address(),
        refused.map(RemoteError::describe).orElse("not a member of this cluster"));
    return false;
  }

  /** What runs here, for the placement's table; the journal is here if it was at start or emsd ran here. */
  ServicesProtocol.NodeInventory inventory(List<ServicesProtocol.RunningDaemon> daemons, boolean emsdRanHere,
                                           Instant startedAt) {
    return new ServicesProtocol.NodeInventory(node.self(ctx.getSystem(), startedAt), daemons,
        node.journalAtStart() || emsdRanHere);
  }
}
