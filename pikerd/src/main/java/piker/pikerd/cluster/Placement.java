package piker.pikerd.cluster;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import piker.contracts.LocalOnly;
import piker.contracts.PikerSerializable;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.pikerd.ServicesProtocol.SpawnReply;

/**
 * The cluster's one table of daemon names (a Cluster Singleton): find-or-spawn stays atomic per name across
 * every node because this one actor decides, then orders the chosen node to start the daemon there
 * ({@link ServicesProtocol.SpawnHere}, through the node's inbox). It watches what it placed; a daemon lost
 * with its node (downed, or stopping for good) is started again on another node that can run it.
 *
 * <p>Its table lives in memory: a new incarnation (the oldest node left) first asks every node what it
 * runs, starting daemons included, holding requests until they answer, so that a moved singleton does not
 * start a second copy of a daemon it can know about.
 */
public final class Placement {
  public static final String NAME = "placement";
  /** How long a new placement waits for the nodes' inboxes and inventories before it serves anyway. */
  static final Duration INVENTORY_TIMEOUT = Duration.ofSeconds(3);
  /**
   * How long a request that only a node on its way could take is held (a node's inbox reaches the placement
   * by the Receptionist's gossip, about a second after the node is ready) before it is refused.
   */
  static final Duration NODE_WAIT = Duration.ofSeconds(5);

  private Placement() {}

  public sealed interface Command {}

  /**
   * Find-or-spawn, from the service manager of node {@code from} (the daemon goes there when that node can run
   * it). {@code internal} marks a daemon's own request (emsd's for paperboi and brokerd): honoured only with
   * {@code proof}, the asking node's inbox, which only cluster members can know.
   */
  public record Place(Hello hello, ServiceName name, boolean internal, String from,
                      ActorRef<ServicesProtocol.NodeCommand> proof, ActorRef<SpawnReply> replyTo)
      implements Command, PikerSerializable {}

  /** Stops a daemon wherever it runs; answered as {@link ServicesProtocol.CancelService} is. */
  public record Cancel(Hello hello, ServiceName name, String requestedBy, ActorRef<SpawnReply> replyTo)
      implements Command, PikerSerializable {}

  /**
   * The node whose inbox is {@code proof} is about to stop its daemons for good: they start elsewhere rather
   * than wait for it. Answered once noted, so that the node stops them only then.
   */
  public record Draining(Hello hello, ActorRef<ServicesProtocol.NodeCommand> proof, ActorRef<Done> replyTo)
      implements Command, PikerSerializable {}

  /** What the table's own asks and subscriptions bring back. */
  record Answered(ServiceName name, long attempt, SpawnReply reply, Throwable error) implements Command, LocalOnly {}

  record CancelAnswered(ServiceName name, ActorRef<SpawnReply> replyTo, SpawnReply reply, Throwable error)
      implements Command, LocalOnly {}

  record DaemonGone(ServiceName name, ActorRef<?> ref) implements Command, LocalOnly {}

  record MemberChanged(ClusterEvent.MemberEvent event) implements Command, LocalOnly {}

  record InboxesChanged(Receptionist.Listing listing) implements Command, LocalOnly {}

  record Inventoried(Address node, ServicesProtocol.NodeInventory inventory, Throwable error)
      implements Command, LocalOnly {}

  record InventoryTimedOut() implements Command, LocalOnly {}

  /** A request held for a joining node ({@link #NODE_WAIT}) has waited long enough. */
  record NodeWaitOver(ServiceName name, long id) implements Command, LocalOnly {}

  /** The placement, restarted after a failure (with a fresh inventory): the proxies would drop everything else. */
  public static Behavior<Command> create(RuntimeSettings settings) {
    return create(settings, NODE_WAIT);
  }

  static Behavior<Command> create(RuntimeSettings settings, Duration nodeWait) {
    return Behaviors.supervise(Behaviors.<Command>withStash(10_000, stash -> Behaviors.setup(ctx ->
            new Gathering(ctx, stash, new PlacementTable(ctx, settings, nodeWait)).start())))
        .onFailure(Exception.class, SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200),
            Duration.ofSeconds(5), 0.2));
  }

  /**
   * The first state: waits for the nodes' inboxes, asks each what it runs, and holds every request in the
   * stash until all have answered (or {@link #INVENTORY_TIMEOUT} has passed).
   */
  private static final class Gathering {
    private final ActorContext<Command> ctx;
    private final StashBuffer<Command> stash;
    private final PlacementTable table;
    private final Set<Address> awaited = new HashSet<>();
    private boolean asked;

    Gathering(ActorContext<Command> ctx, StashBuffer<Command> stash, PlacementTable table) {
      this.ctx = ctx;
      this.stash = stash;
      this.table = table;
    }

    Behavior<Command> start() {
      ctx.scheduleOnce(INVENTORY_TIMEOUT, ctx.getSelf(), new InventoryTimedOut());
      return Behaviors.receive(Command.class)
          .onMessage(InboxesChanged.class, this::onInboxes)
          .onMessage(Inventoried.class, this::onInventoried)
          .onMessage(InventoryTimedOut.class, timedOut -> {
            if (!awaited.isEmpty() || !asked) {
              ctx.getLog().warn("placement: no inventory from {} within {}; serving without it",
                  asked ? awaited : "any node", INVENTORY_TIMEOUT);
            }
            return serve();
          })
          .onAnyMessage(message -> {
            stash.stash(message);
            return Behaviors.same();
          })
          .build();
    }

    private Behavior<Command> onInboxes(InboxesChanged changed) {
      Set<Address> added = table.inboxesChanged(changed.listing());
      if (!asked) {
        asked = true;
        awaited.addAll(table.askInventories());
      } else {
        // a node that showed its inbox only now is asked too, before anything is placed
        added.forEach(table::askInventory);
        awaited.addAll(added);
      }
      return awaited.isEmpty() ? serve() : Behaviors.same();
    }

    private Behavior<Command> onInventoried(Inventoried inventoried) {
      table.adopt(inventoried);
      awaited.remove(inventoried.node());
      return awaited.isEmpty() && asked ? serve() : Behaviors.same();
    }

    private Behavior<Command> serve() {
      return stash.unstashAll(table.behavior());
    }
  }
}
