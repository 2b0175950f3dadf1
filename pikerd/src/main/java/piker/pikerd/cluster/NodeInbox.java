package piker.pikerd.cluster;

import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import piker.contracts.pikerd.ServicesProtocol;
import piker.pikerd.services.ServiceManager;

/**
 * A node's inbox for the placement's orders: a child of the node's service manager with a random name,
 * registered under {@link ServicesProtocol#NODES}. Only cluster members see the Receptionist's listings, so
 * only they can reach it: what comes through it is the placement's (or another node's) and needs no proof.
 */
public final class NodeInbox {
  private NodeInbox() {}

  /** Spawns the inbox of {@code manager} as its child. */
  public static ActorRef<ServicesProtocol.NodeCommand> spawn(ActorContext<?> managerContext,
                                                             ActorRef<ServicesProtocol.Command> manager) {
    return managerContext.spawn(create(manager), "node-" + UUID.randomUUID().toString().replace("-", ""));
  }

  static Behavior<ServicesProtocol.NodeCommand> create(ActorRef<ServicesProtocol.Command> manager) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(ServicesProtocol.NODES, ctx.getSelf()));
      return Behaviors.receiveMessage(command -> {
        manager.tell(new ServiceManager.FromCluster(command));
        return Behaviors.same();
      });
    });
  }
}
