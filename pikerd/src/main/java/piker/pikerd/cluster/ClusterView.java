package piker.pikerd.cluster;

import java.util.ArrayList;
import java.util.HashMap;
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

/**
 * The placement's view of the cluster: its members (from Pekko's membership) and each node's inbox (from
 * the Receptionist), and which nodes may be given a daemon now.
 */
final class ClusterView {
  private final ActorSystem<?> system;
  private final Cluster cluster;
  private Map<Address, ActorRef<ServicesProtocol.NodeCommand>> inboxes = Map.of();

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
    if (draining.contains(node) || !inboxes.containsKey(node)) {
      return false;
    }
    return member(node).filter(member -> (member.status() == MemberStatus.up()
        || member.status() == MemberStatus.weaklyUp()) && !cluster.state().getUnreachable().contains(member))
        .isPresent();
  }

  /** Every member as a {@link NodeView}, with {@code placed[node]} daemons on it. */
  List<NodeView> nodes(Map<Address, Integer> placed, Set<Address> journalHolders, Set<Address> draining) {
    List<NodeView> views = new ArrayList<>();
    for (Member member : cluster.state().getMembers()) {
      views.add(new NodeView(member.address(), NodeRole.of(member.getRoles()), serving(member.address(), draining),
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

  private Optional<Member> member(Address node) {
    for (Member member : cluster.state().getMembers()) {
      if (member.address().equals(node)) {
        return Optional.of(member);
      }
    }
    return Optional.empty();
  }
}
