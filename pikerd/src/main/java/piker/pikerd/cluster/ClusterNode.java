package piker.pikerd.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.pikerd.ServicesProtocol.ServiceInfo;

/**
 * A service manager's part in the cluster: the placement (through its singleton proxy) and whether emsd's
 * journal was in this node's data dir when it started.
 */
public record ClusterNode(ActorRef<Placement.Command> placement, boolean journalAtStart) {

  /** This node's address in the cluster. */
  public Address address(ActorSystem<?> system) {
    return Cluster.get(system).selfMember().address();
  }

  /** The node {@code ref} lives on: its address, or this node's for a local ref (whose path has no host). */
  static Address nodeOf(ActorSystem<?> system, ActorRef<?> ref) {
    Address address = ref.path().address();
    return address.hasLocalScope() ? Cluster.get(system).selfMember().address() : address;
  }

  /** Whether {@code ref} lives on a member of this cluster (a client never does; a local ref does). */
  public boolean isMember(ActorSystem<?> system, ActorRef<?> ref) {
    Address node = nodeOf(system, ref);
    if (node.equals(address(system))) {
      return true;
    }
    for (Member member : Cluster.get(system).state().getMembers()) {
      if (member.address().equals(node)) {
        return true;
      }
    }
    return false;
  }

  /** This node's own pikerd entry for a listing: its roles and its status as this node sees it. */
  public ServiceInfo self(ActorSystem<?> system, Instant startedAt) {
    Member self = Cluster.get(system).selfMember();
    return nodeInfo(self, startedAt, status(self));
  }

  static ServiceInfo nodeInfo(Member member, Instant started, String status) {
    List<String> roles = NodeRole.of(member.getRoles()).stream().map(NodeRole::wireName).sorted().toList();
    return new ServiceInfo("pikerd", DaemonKind.PIKERD.wireName(), member.address().toString(), started, 0, roles,
        status);
  }

  /** {@code up}, {@code joining}, {@code leaving}, ...: Pekko's member status, lower case. */
  static String status(Member member) {
    return member.status().toString().toLowerCase(Locale.ROOT);
  }
}
