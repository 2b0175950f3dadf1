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
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
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

  private record Inboxes(Receptionist.Listing listing) implements LocalOnly {}

  public static Behavior<Object> create(Hello hello, ActorRef<ServicesProtocol.Listing> replyTo) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.find(ServicesProtocol.NODES,
          ctx.messageAdapter(Receptionist.Listing.class, Inboxes::new)));
      Map<Address, ServicesProtocol.NodeInventory> answers = new HashMap<>();
      Set<Address> awaited = new HashSet<>();
      return Behaviors.receive(Object.class)
          .onMessage(Inboxes.class, inboxes -> {
            for (ActorRef<ServicesProtocol.NodeCommand> inbox
                : inboxes.listing().getServiceInstances(ServicesProtocol.NODES)) {
              Address node = ClusterNode.nodeOf(ctx.getSystem(), inbox);
              awaited.add(node);
              ctx.ask(ServicesProtocol.NodeInventory.class, inbox, ANSWER_TIMEOUT,
                  answerTo -> new ServicesProtocol.ListNode(hello, answerTo),
                  (inventory, error) -> new Answer(node, inventory));
            }
            return awaited.isEmpty() ? answer(ctx.getSystem(), replyTo, answers) : Behaviors.same();
          })
          .onMessage(Answer.class, answer -> {
            awaited.remove(answer.node());
            if (answer.inventory() != null) {
              answers.put(answer.node(), answer.inventory());
            }
            return awaited.isEmpty() ? answer(ctx.getSystem(), replyTo, answers) : Behaviors.same();
          })
          .build();
    });
  }

  private static Behavior<Object> answer(ActorSystem<?> system, ActorRef<ServicesProtocol.Listing> replyTo,
                                         Map<Address, ServicesProtocol.NodeInventory> answers) {
    Cluster cluster = Cluster.get(system);
    List<Member> members = new ArrayList<>();
    cluster.state().getMembers().forEach(members::add);
    members.sort(Comparator.comparing(member -> member.address().toString()));
    replyTo.tell(listing(members, cluster.state().getUnreachable(), answers));
    return Behaviors.stopped();
  }

  private static ServicesProtocol.Listing listing(List<Member> members, Set<Member> unreachable,
                                                  Map<Address, ServicesProtocol.NodeInventory> answers) {
    List<ServiceInfo> nodes = new ArrayList<>();
    List<ServiceInfo> daemons = new ArrayList<>();
    for (Member member : members) {
      ServicesProtocol.NodeInventory inventory = answers.get(member.address());
      if (inventory == null) {
        // no inventory: cut off, or not answering (no inbox known yet, or too busy for ANSWER_TIMEOUT)
        String status = unreachable.contains(member) ? "unreachable" : ClusterNode.status(member) + ", not answering";
        nodes.add(ClusterNode.nodeInfo(member, null, status));
      } else {
        nodes.add(inventory.node());
        inventory.daemons().stream().filter(daemon -> daemon.info() != null)
            .forEach(daemon -> daemons.add(daemon.info()));
      }
    }
    daemons.sort(Comparator.comparing(ServiceInfo::name));
    List<ServiceInfo> all = new ArrayList<>(nodes);
    all.addAll(daemons);
    return new ServicesProtocol.Listing(all, null);
  }
}
