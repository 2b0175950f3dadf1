package piker.pikerd.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import piker.contracts.LocalOnly;
import piker.contracts.daemon.Hello;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.pikerd.ServicesProtocol.ServiceInfo;

/**
 * One {@code piker services} answer on a cluster node: every member is asked what it runs, and the listing
 * holds each node's pikerd (roles, status) and its daemons; a node that cannot answer is still listed, with
 * its status. Refs stay here: the client gets names and node addresses only.
 */
public final class ClusterListing {
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(3);

  private ClusterListing() {}

  private record Answer(Address node, ServicesProtocol.NodeInventory inventory) implements LocalOnly {}

  public static Behavior<Object> create(Hello hello, ActorRef<ServicesProtocol.Listing> replyTo) {
    return Behaviors.setup(ctx -> {
      Cluster cluster = Cluster.get(ctx.getSystem());
      Set<Member> unreachable = cluster.state().getUnreachable();
      List<Member> members = new ArrayList<>();
      cluster.state().getMembers().forEach(members::add);
      members.sort(Comparator.comparing(member -> member.address().toString()));
      Set<Address> awaited = new HashSet<>();
      for (Member member : members) {
        if (!unreachable.contains(member) && member.status() != MemberStatus.removed()) {
          awaited.add(member.address());
          ActorRef<ServicesProtocol.Command> services = ActorRefResolver.get(ctx.getSystem())
              .resolveActorRef(member.address() + ServicesProtocol.PATH);
          ctx.ask(ServicesProtocol.NodeInventory.class, services, ANSWER_TIMEOUT,
              answerTo -> new ServicesProtocol.ListNode(hello, answerTo),
              (inventory, error) -> new Answer(member.address(), inventory));
        }
      }
      Map<Address, ServicesProtocol.NodeInventory> answers = new HashMap<>();
      if (awaited.isEmpty()) {
        replyTo.tell(listing(members, unreachable, answers));
        return Behaviors.stopped();
      }
      return Behaviors.receive(Object.class)
          .onMessage(Answer.class, answer -> {
            awaited.remove(answer.node());
            if (answer.inventory() != null) {
              answers.put(answer.node(), answer.inventory());
            }
            if (!awaited.isEmpty()) {
              return Behaviors.same();
            }
            replyTo.tell(listing(members, unreachable, answers));
            return Behaviors.stopped();
          })
          .build();
    });
  }

  private static ServicesProtocol.Listing listing(List<Member> members, Set<Member> unreachable,
                                                  Map<Address, ServicesProtocol.NodeInventory> answers) {
    List<ServiceInfo> nodes = new ArrayList<>();
    List<ServiceInfo> daemons = new ArrayList<>();
    for (Member member : members) {
      ServicesProtocol.NodeInventory inventory = answers.get(member.address());
      if (inventory == null || inventory.node() == null) {
        String status = unreachable.contains(member) ? "unreachable"
            : ClusterNode.status(member, false) + (inventory == null ? ", not answering" : "");
        nodes.add(ClusterNode.nodeInfo(member, null, status));
      } else {
        nodes.add(inventory.node());
        inventory.daemons().forEach(daemon -> daemons.add(daemon.info()));
      }
    }
    daemons.sort(Comparator.comparing(ServiceInfo::name));
    List<ServiceInfo> all = new ArrayList<>(nodes);
    all.addAll(daemons);
    return new ServicesProtocol.Listing(all, null);
  }
}
