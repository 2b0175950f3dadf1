package piker.pikerd.cluster;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol.SpawnReply;
import piker.pikerd.cluster.Placement.Command;

/**
 * What the placement does about the daemons of a node it has lost (downed, or removed): starts them elsewhere as
 * they need, and keeps those no node can run yet as orphans, tried again as nodes come.
 */
final class NodeLoss {
  /** Kinds started again elsewhere when their node is lost; paperboi and brokerd return on emsd's request. */
  static final Set<DaemonKind> REPLACED_ON_NODE_LOSS = Set.of(DaemonKind.SAMPLERD, DaemonKind.DATAD,
      DaemonKind.EMSD);

  /** The table's start of a name on the node chosen for it (see {@link PlacementTable}). */
  @FunctionalInterface
  interface Starter {
    void start(ServiceName name, Address asker, List<ActorRef<SpawnReply>> waiters);
  }

  private final ActorContext<Command> ctx;
  private final ClusterView view;
  private final Map<ServiceName, PlacementEntry> entries;
  private final Predicate<Address> serving;
  private final BiFunction<DaemonKind, Address, NodeChoice.Result> choose;
  private final Starter starter;
  /** Daemons lost with their node that no node could take yet: tried again as nodes come. */
  private final Set<ServiceName> orphans = new LinkedHashSet<>();

  /**
   * @param entries the placement's table, trimmed here of what ran on a lost node
   * @param serving whether a node may be given a daemon now
   * @param choose  the node for a kind asked for from an address, as the table would choose it now
   */
  NodeLoss(ActorContext<Command> ctx, ClusterView view, Map<ServiceName, PlacementEntry> entries,
           Predicate<Address> serving, BiFunction<DaemonKind, Address, NodeChoice.Result> choose, Starter starter) {
    this.ctx = ctx;
    this.view = view;
    this.entries = entries;
    this.serving = serving;
    this.choose = choose;
    this.starter = starter;
  }

  /**
   * Forgets what ran on a lost node. A daemon still starting there will never answer: it starts elsewhere,
   * its askers still waiting; a running feed or clock starts elsewhere at once; paperboi and brokerd come back
   * on emsd's next request.
   */
  void nodeLost(Address node) {
    if (serving.test(node)) {
      return; // news of an earlier incarnation: the node has restarted at the same address since
    }
    for (PlacementEntry entry : List.copyOf(entries.values())) {
      if (!entry.node.equals(node)) {
        continue;
      }
      entries.remove(entry.name);
      List<ActorRef<SpawnReply>> waiters = new ArrayList<>(entry.waiters);
      waiters.addAll(entry.afterStop);
      if (!waiters.isEmpty()) {
        starter.start(entry.name, node, waiters);
      } else if (entry.ref != null && !entry.cancelling && REPLACED_ON_NODE_LOSS.contains(entry.name.kind())) {
        replace(entry.name, node);
      }
    }
  }

  void replace(ServiceName name, Address lost) {
    NodeChoice.Result choice = choose.apply(name.kind(), lost);
    if (choice.node().isPresent()) {
      ctx.getLog().warn("{} was lost with its node {}; starting it on {}", name, lost, choice.node().get());
      starter.start(name, lost, List.of());
    } else {
      orphans.add(name);
      // a lone node stopping in order has nowhere to move its daemons: no news
      if (view.inboxes().size() > 1) {
        ctx.getLog().warn("{} was lost with its node {} and waits for a node that can run it: {}", name, lost,
            choice.whyNot());
      }
    }
  }

  void retryOrphans() {
    for (ServiceName name : List.copyOf(orphans)) {
      if (!entries.containsKey(name) && choose.apply(name.kind(), view.self()).node().isPresent()) {
        starter.start(name, view.self(), List.of());
      }
    }
  }

  /** {@code name} has been placed (started, or ordered started): it is no orphan any more. */
  void placed(ServiceName name) {
    orphans.remove(name);
  }
}
