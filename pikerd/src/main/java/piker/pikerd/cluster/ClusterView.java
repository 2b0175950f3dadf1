package piker.pikerd.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import piker.contracts.pikerd.ServicesProtocol;
import piker.pikerd.cluster.NodeView.Availability;

/**
 * The placement's view of the cluster: its members (from Pekko's membership) and each node's inbox (from
 * the Receptionist), and which nodes may be given a daemon now.
 */
final class ClusterView {
  private final ActorSystem<?> system;
  private final Cluster cluster;
  private Map<Address, ActorRef<ServicesProtocol.NodeCommand>> inboxes = Map.of();
  /**
   * Nodes whose inbox has been seen, until they leave the cluster: one of them without an inbox lost it (its
   * service manager stopped), it is not on its way.
   */
  private final Set<Address> inboxSeen = new HashSet<>();

  ClusterView(ActorSystem<?> system) {
    this.system = system;
    this.cluster = Cluster.get(system);
  }

  void inboxesChanged(Receptionist.Listing listing) {
    Map<Address, ActorRef<ServicesProtocol.NodeCommand>> byNode = new HashMap<>();
    for (ActorRef<ServicesProtocol.NodeCommand> inbox : listing.getServiceInstances(ServicesProtocol.NODES)) {
      byNode.put(nodeOf(inbox), inbox);
    }
    inboxes = Map.copyOf(byNode);
    inboxSeen.addAll(byNode.keySet());
  }

  /** A node has left (removed): a new incarnation at its address is on its way until its inbox shows. */
  void removed(Address node) {
    inboxSeen.remove(node);
  }

  Optional<ActorRef<ServicesProtocol.NodeCommand>> inbox(Address node) {
    return Optional.ofNullable(inboxes.get(node));
  }

  Map<Address, ActorRef<ServicesProtocol.NodeCommand>> inboxes() {
    return inboxes;
  }

  /** The node whose inbox {@code proof} is; empty for anything else (a client cannot know an inbox). */
  Optional<Address> nodeProvenBy(ActorRef<?> proof) {
    if (proof == null) {
      return Optional.empty();
    }
    return inboxes.entrySet().stream().filter(entry -> entry.getValue().equals(proof)).map(Map.Entry::getKey)
        .findFirst();
  }

  /** Up, reachable, with an inbox, and not in {@code draining}: it may be given a daemon now. */
  boolean serving(Address node, Set<Address> draining) {
    return member(node).map(member -> availability(member, draining)).orElse(Availability.AWAY)
        == Availability.SERVING;
  }

  private Availability availability(Member member, Set<Address> draining) {
    MemberStatus status = member.status();
    boolean on = status == MemberStatus.up() || status == MemberStatus.weaklyUp()
        || status == MemberStatus.joining();
    if (!on || draining.contains(member.address()) || cluster.state().getUnreachable().contains(member)) {
      return Availability.AWAY;
    }
    if (inboxes.containsKey(member.address())) {
      return status == MemberStatus.joining() ? Availability.COMING : Availability.SERVING;
    }
    return inboxSeen.contains(member.address()) ? Availability.AWAY : Availability.COMING;
  }

  /** Every member as a {@link NodeView}, with {@code placed[node]} daemons on it. */
  List<NodeView> nodes(Map<Address, Integer> placed, Set<Address> journalHolders, Set<Address> draining) {
    List<NodeView> views = new ArrayList<>();
    for (Member member : cluster.state().getMembers()) {
      views.add(new NodeView(member.address(), NodeRole.of(member.getRoles()), availability(member, draining),
          journalHolders.contains(member.address()), placed.getOrDefault(member.address(), 0)));
    }
    return views;
  }

  /** The member whose address reads {@code address}, if any. */
  Optional<Address> memberAt(String address) {
    for (Member member : cluster.state().getMembers()) {
      if (member.address().toString().equals(address)) {
        return Optional.of(member.address());
      }
    }
    return Optional.empty();
  }

  Address self() {
    return cluster.selfMember().address();
  }

  Address nodeOf(ActorRef<?> ref) {
    return ClusterNode.nodeOf(system, ref);
  }

  /** The member at {@code node}: a restarted node's new incarnation rather than its downed one, while both are listed. */
  private Optional<Member> member(Address node) {
    Optional<Member> found = Optional.empty();
    for (Member member : cluster.state().getMembers()) {
      if (member.address().equals(node) && (found.isEmpty() || member.status() != MemberStatus.down())) {
        found = Optional.of(member);
      }
    }
    return found;
  }
}
