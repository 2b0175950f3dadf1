package piker.pikerd.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import piker.contracts.LocalOnly;
import piker.contracts.PikerSerializable;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.HelloGate;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.pikerd.ServicesProtocol.SpawnFailed;
import piker.contracts.pikerd.ServicesProtocol.SpawnReply;
import piker.pikerd.services.ServiceManager;

/**
 * The cluster's one table of daemon names (a Cluster Singleton): find-or-spawn stays atomic per name across
 * every node because this one actor decides, then orders the chosen node's service manager to start the
 * daemon there ({@link ServicesProtocol.SpawnHere}). It watches what it placed; a daemon lost with its node
 * (downed, or leaving) is started again on another node that can run it.
 *
 * <p>Its table lives in memory: a new incarnation (the oldest node left) first asks every node what it
 * runs, holding requests until they answer, so that a moved singleton never starts a second daemon.
 */
public final class Placement {
  public static final String NAME = "placement";
  /** How long a new placement waits for the nodes' inventories before it serves anyway. */
  static final Duration INVENTORY_TIMEOUT = Duration.ofSeconds(3);
  /** Kinds started again elsewhere when their node is lost; paperboi and brokerd return on emsd's request. */
  private static final Set<DaemonKind> REPLACED_ON_NODE_LOSS = Set.of(DaemonKind.SAMPLERD, DaemonKind.DATAD,
      DaemonKind.EMSD);

  private Placement() {}

  public sealed interface Command {}

  /**
   * Find-or-spawn, from the service manager of node {@code from} (the daemon goes there when that node can run
   * it). {@code internal} marks a daemon's own request (emsd's for paperboi and brokerd), honoured only when
   * the answer goes to a cluster member.
   */
  public record Place(Hello hello, ServiceName name, boolean internal, String from, ActorRef<SpawnReply> replyTo)
      implements Command, PikerSerializable {}

  /** Stops a daemon wherever it runs; the answer comes from its node. */
  public record Cancel(Hello hello, ServiceName name, String requestedBy, ActorRef<SpawnReply> replyTo)
      implements Command, PikerSerializable {}

  /** A node is about to stop its daemons for good: they go elsewhere rather than wait for it. */
  public record Draining(Hello hello, String node) implements Command, PikerSerializable {}

  private record Answered(SpawnReply reply) implements Command, LocalOnly {}

  private record DaemonGone(ServiceName name, ActorRef<DaemonProtocol.Command> ref) implements Command, LocalOnly {}

  private record MemberChanged(ClusterEvent.MemberEvent event) implements Command, LocalOnly {}

  private record Inventoried(Address node, ServicesProtocol.NodeInventory inventory) implements Command, LocalOnly {}

  private record InventoryTimedOut() implements Command, LocalOnly {}

  /** One name's place: {@code ref} is null while its node starts it. */
  private static final class Entry {
    final ServiceName name;
    final Address node;
    ActorRef<DaemonProtocol.Command> ref;
    final List<ActorRef<SpawnReply>> waiters = new ArrayList<>();
    /** Requests that came while it stopped: placed afresh once it has. */
    final List<ActorRef<SpawnReply>> afterStop = new ArrayList<>();
    boolean cancelling;

    Entry(ServiceName name, Address node) {
      this.name = name;
      this.node = node;
    }
  }

  public static Behavior<Command> create(RuntimeSettings settings) {
    return Behaviors.withStash(10_000, stash -> Behaviors.setup(ctx -> new Gathering(ctx, stash, settings).start()));
  }

  /** The first state: the nodes' inventories are asked for; requests wait in the stash. */
  private static final class Gathering {
    private final ActorContext<Command> ctx;
    private final StashBuffer<Command> stash;
    private final Table table;
    private final Set<Address> awaited = new HashSet<>();

    Gathering(ActorContext<Command> ctx, StashBuffer<Command> stash, RuntimeSettings settings) {
      this.ctx = ctx;
      this.stash = stash;
      this.table = new Table(ctx, settings);
    }

    Behavior<Command> start() {
      for (Member member : Cluster.get(ctx.getSystem()).state().getMembers()) {
        if (member.status() == MemberStatus.up() || member.status() == MemberStatus.weaklyUp()) {
          awaited.add(member.address());
          table.askInventory(member.address());
        }
      }
      ctx.scheduleOnce(INVENTORY_TIMEOUT, ctx.getSelf(), new InventoryTimedOut());
      return awaited.isEmpty() ? serve() : Behaviors.receive(Command.class)
          .onMessage(Inventoried.class, this::onInventoried)
          .onMessage(InventoryTimedOut.class, timedOut -> {
            ctx.getLog().warn("placement: no inventory from {} within {}; serving without it", awaited,
                INVENTORY_TIMEOUT);
            return serve();
          })
          .onAnyMessage(message -> {
            stash.stash(message);
            return Behaviors.same();
          })
          .build();
    }

    private Behavior<Command> onInventoried(Inventoried inventoried) {
      table.adopt(inventoried.node(), inventoried.inventory());
      awaited.remove(inventoried.node());
      return awaited.isEmpty() ? serve() : Behaviors.same();
    }

    private Behavior<Command> serve() {
      return stash.unstashAll(table.behavior());
    }
  }

  /** The serving state: the name table and what changes it. */
  private static final class Table {
    private final ActorContext<Command> ctx;
    private final HelloGate gate;
    private final Cluster cluster;
    private final ActorRef<SpawnReply> answers;
    private final Map<ServiceName, Entry> entries = new LinkedHashMap<>();
    /** Nodes known to hold emsd's journal, kept while they are away: emsd is pinned to them. */
    private final Set<Address> journalHolders = new LinkedHashSet<>();
    /** Nodes that announced their daemons stop for good. */
    private final Set<Address> draining = new HashSet<>();
    /** Daemons lost with their node that no node could take yet: tried again as nodes come. */
    private final Set<ServiceName> orphans = new LinkedHashSet<>();

    Table(ActorContext<Command> ctx, RuntimeSettings settings) {
      this.ctx = ctx;
      this.gate = new HelloGate(settings);
      this.cluster = Cluster.get(ctx.getSystem());
      this.answers = ctx.messageAdapter(SpawnReply.class, Answered::new);
      ActorRef<ClusterEvent.MemberEvent> members = ctx.messageAdapter(ClusterEvent.MemberEvent.class, MemberChanged::new);
      cluster.subscriptions().tell(Subscribe.create(members, ClusterEvent.MemberEvent.class));
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(Place.class, this::onPlace)
          .onMessage(Cancel.class, this::onCancel)
          .onMessage(Draining.class, this::onDraining)
          .onMessage(Answered.class, this::onAnswered)
          .onMessage(DaemonGone.class, this::onDaemonGone)
          .onMessage(MemberChanged.class, this::onMemberChanged)
          .onMessage(Inventoried.class, this::onInventoried)
          .onMessage(InventoryTimedOut.class, timedOut -> Behaviors.same())
          .build();
    }

    void askInventory(Address node) {
      ActorRef<ServicesProtocol.Command> services = servicesAt(node);
      ctx.ask(ServicesProtocol.NodeInventory.class, services, INVENTORY_TIMEOUT,
          replyTo -> new ServicesProtocol.ListNode(gate.hello(), replyTo),
          (inventory, error) -> new Inventoried(node, inventory != null ? inventory
              : new ServicesProtocol.NodeInventory(null, List.of(), false,
                  RemoteError.of("Timeout", String.valueOf(error), node.toString()))));
    }

    /** Takes in what a node runs: a daemon unknown here is adopted; a second one of a name is stopped. */
    void adopt(Address node, ServicesProtocol.NodeInventory inventory) {
      if (inventory.error() != null) {
        ctx.getLog().warn("placement: {} did not tell what it runs: {}", node, inventory.error().describe());
        return;
      }
      if (inventory.holdsJournal()) {
        journalHolders.add(node);
      }
      for (ServicesProtocol.RunningDaemon daemon : inventory.daemons()) {
        Entry known = entries.get(daemon.name());
        if (known == null) {
          Entry entry = new Entry(daemon.name(), node);
          entry.ref = daemon.ref();
          entries.put(daemon.name(), entry);
          ctx.watchWith(daemon.ref(), new DaemonGone(daemon.name(), daemon.ref()));
        } else if (!daemon.ref().equals(known.ref)) {
          ctx.getLog().warn("placement: {} runs on {} and on {}; keeping the first, stopping the other",
              daemon.name(), known.node, node);
          servicesAt(node).tell(new ServicesProtocol.CancelHere(gate.hello(), daemon.name(),
              "the placement (a second " + daemon.name() + ")", ctx.getSystem().ignoreRef()));
        }
      }
    }

    private Behavior<Command> onInventoried(Inventoried inventoried) {
      adopt(inventoried.node(), inventoried.inventory());
      retryOrphans();
      return Behaviors.same();
    }

    private Behavior<Command> onPlace(Place place) {
      if (place.replyTo() == null || place.name() == null) {
        return Behaviors.same();
      }
      Optional<RemoteError> refused = gate.check(place.hello(), source());
      if (refused.isEmpty() && !ServiceManager.clientSpawnable(place.name().kind())
          && !(place.internal() && isMember(place.replyTo()))) {
        refused = Optional.of(RemoteError.of("NotAllowed", place.name() + " is started on emsd's request alone",
            source()));
      }
      if (refused.isPresent()) {
        place.replyTo().tell(new SpawnFailed(place.name(), refused.get()));
        return Behaviors.same();
      }
      place(place.name(), memberAt(place.from()).orElse(nodeOf(place.replyTo())), place.replyTo());
      return Behaviors.same();
    }

    /** Answers from the table, or chooses a node and orders the daemon started there. */
    private void place(ServiceName name, Address asker, ActorRef<SpawnReply> replyTo) {
      Entry entry = entries.get(name);
      if (entry != null && entry.cancelling) {
        entry.afterStop.add(replyTo);
      } else if (entry != null && entry.ref != null) {
        replyTo.tell(new ServicesProtocol.Spawned(name, entry.ref));
      } else if (entry != null) {
        entry.waiters.add(replyTo);
      } else {
        List<ActorRef<SpawnReply>> waiters = new ArrayList<>();
        waiters.add(replyTo);
        start(name, asker, waiters);
      }
    }

    /** Orders {@code name} started on the chosen node; false when no node can run it (waiters told why). */
    private boolean start(ServiceName name, Address asker, List<ActorRef<SpawnReply>> waiters) {
      NodeChoice.Result choice = NodeChoice.choose(name.kind(), asker, nodeViews(), journalHolders);
      if (choice.node().isEmpty()) {
        RemoteError error = RemoteError.of("NoNode", "cannot start " + name + ": " + choice.whyNot(), source());
        waiters.forEach(waiter -> waiter.tell(new SpawnFailed(name, error)));
        return false;
      }
      Entry entry = new Entry(name, choice.node().get());
      entry.waiters.addAll(waiters);
      entries.put(name, entry);
      orphans.remove(name);
      servicesAt(entry.node).tell(new ServicesProtocol.SpawnHere(gate.hello(), name, answers));
      if (nodeViews().size() > 1) {
        ctx.getLog().info("placing {} on {}", name, entry.node);
      }
      return true;
    }

    private Behavior<Command> onAnswered(Answered answered) {
      if (answered.reply() instanceof ServicesProtocol.Spawned spawned) {
        Entry entry = entries.get(spawned.name());
        if (entry != null && entry.ref == null && nodeOf(spawned.ref()).equals(entry.node)) {
          entry.ref = spawned.ref();
          ctx.watchWith(entry.ref, new DaemonGone(entry.name, entry.ref));
          if (entry.name.kind() == DaemonKind.EMSD) {
            journalHolders.add(entry.node);
          }
          entry.waiters.forEach(waiter -> waiter.tell(spawned));
          entry.waiters.clear();
        }
      } else if (answered.reply() instanceof SpawnFailed failed) {
        Entry entry = entries.get(failed.name());
        if (entry != null && entry.ref == null) {
          entries.remove(failed.name());
          entry.waiters.forEach(waiter -> waiter.tell(failed));
          entry.afterStop.forEach(waiter -> place(entry.name, entry.node, waiter));
        }
      }
      return Behaviors.same();
    }

    private Behavior<Command> onCancel(Cancel cancel) {
      if (cancel.replyTo() == null || cancel.name() == null) {
        return Behaviors.same();
      }
      Optional<RemoteError> refused = gate.check(cancel.hello(), source());
      Entry entry = entries.get(cancel.name());
      if (refused.isEmpty() && (entry == null || entry.ref == null)) {
        refused = Optional.of(RemoteError.of("UnknownService", "no daemon named " + cancel.name() + " is running"
            + (entry == null ? "" : " yet"), source()));
      }
      if (refused.isPresent()) {
        cancel.replyTo().tell(new SpawnFailed(cancel.name(), refused.get()));
        return Behaviors.same();
      }
      entry.cancelling = true;
      servicesAt(entry.node).tell(new ServicesProtocol.CancelHere(gate.hello(), cancel.name(), cancel.requestedBy(),
          cancel.replyTo()));
      return Behaviors.same();
    }

    private Behavior<Command> onDraining(Draining draining) {
      if (gate.check(draining.hello(), source()).isEmpty()) {
        memberAt(draining.node()).ifPresent(this.draining::add);
      }
      return Behaviors.same();
    }

    /** The member whose address reads {@code address}, if any. */
    private Optional<Address> memberAt(String address) {
      for (Member member : cluster.state().getMembers()) {
        if (member.address().toString().equals(address)) {
          return Optional.of(member.address());
        }
      }
      return Optional.empty();
    }

    private Behavior<Command> onDaemonGone(DaemonGone gone) {
      Entry entry = entries.get(gone.name());
      if (entry == null || !gone.ref().equals(entry.ref)) {
        return Behaviors.same();
      }
      entries.remove(gone.name());
      if (!entry.afterStop.isEmpty()) {
        entry.afterStop.forEach(waiter -> place(entry.name, nodeOf(waiter), waiter));
      } else if (!entry.cancelling && !serving(entry.node) && REPLACED_ON_NODE_LOSS.contains(entry.name.kind())) {
        replace(entry.name, entry.node);
      }
      return Behaviors.same();
    }

    private Behavior<Command> onMemberChanged(MemberChanged changed) {
      ClusterEvent.MemberEvent event = changed.event();
      if (event instanceof ClusterEvent.MemberUp up) {
        draining.remove(up.member().address());
        askInventory(up.member().address());
      } else if (event instanceof ClusterEvent.MemberDowned downed) {
        // SBR has decided: the node is gone (if it still runs, cut off, it downs itself). Its feeds start
        // elsewhere now rather than at its removal, seconds later; emsd stays pinned to its journal anyway.
        nodeLost(downed.member().address());
      } else if (event instanceof ClusterEvent.MemberRemoved removed) {
        draining.remove(removed.member().address());
        nodeLost(removed.member().address());
      }
      return Behaviors.same();
    }

    /**
     * Forgets what ran on a lost node. A daemon still starting there will never answer: it starts elsewhere,
     * its waiters still waiting; a running feed or clock starts elsewhere at once; paperboi and brokerd come
     * back on emsd's next request.
     */
    private void nodeLost(Address node) {
      if (serving(node)) {
        return; // the news of an earlier incarnation: the node has restarted at the same address since
      }
      for (Entry entry : List.copyOf(entries.values())) {
        if (!entry.node.equals(node)) {
          continue;
        }
        entries.remove(entry.name);
        if (entry.ref == null || !entry.afterStop.isEmpty()) {
          List<ActorRef<SpawnReply>> waiters = new ArrayList<>(entry.waiters);
          waiters.addAll(entry.afterStop);
          if (!start(entry.name, node, waiters)) {
            orphans.add(entry.name);
          }
        } else if (!entry.cancelling && REPLACED_ON_NODE_LOSS.contains(entry.name.kind())) {
          replace(entry.name, node);
        }
      }
    }

    private void replace(ServiceName name, Address lost) {
      ctx.getLog().warn("{} was lost with its node {}; starting it again elsewhere", name, lost);
      if (!start(name, lost, List.of())) {
        orphans.add(name);
        NodeChoice.Result why = NodeChoice.choose(name.kind(), lost, nodeViews(), journalHolders);
        ctx.getLog().warn("{} waits for a node that can run it: {}", name, why.whyNot());
      }
    }

    private void retryOrphans() {
      for (ServiceName name : List.copyOf(orphans)) {
        if (!entries.containsKey(name) && NodeChoice.choose(name.kind(), cluster.selfMember().address(), nodeViews(),
            journalHolders).node().isPresent()) {
          start(name, cluster.selfMember().address(), List.of());
        }
      }
    }

    private List<NodeView> nodeViews() {
      Map<Address, Integer> placed = new HashMap<>();
      entries.values().forEach(entry -> placed.merge(entry.node, 1, Integer::sum));
      List<NodeView> views = new ArrayList<>();
      for (Member member : cluster.state().getMembers()) {
        views.add(new NodeView(member.address(), NodeRole.of(member.getRoles()), serving(member.address()),
            journalHolders.contains(member.address()), placed.getOrDefault(member.address(), 0)));
      }
      return views;
    }

    /** Up, reachable and not draining: it may be given a daemon now. */
    private boolean serving(Address node) {
      if (draining.contains(node)) {
        return false;
      }
      for (Member member : cluster.state().getMembers()) {
        if (member.address().equals(node)) {
          return (member.status() == MemberStatus.up() || member.status() == MemberStatus.weaklyUp())
              && !cluster.state().getUnreachable().contains(member);
        }
      }
      return false;
    }

    private boolean isMember(ActorRef<?> ref) {
      Address node = nodeOf(ref);
      for (Member member : cluster.state().getMembers()) {
        if (member.address().equals(node)) {
          return true;
        }
      }
      return false;
    }

    private Address nodeOf(ActorRef<?> ref) {
      Address address = ref.path().address();
      return address.hasLocalScope() ? cluster.selfMember().address() : address;
    }

    private ActorRef<ServicesProtocol.Command> servicesAt(Address node) {
      return ActorRefResolver.get(ctx.getSystem()).resolveActorRef(node + ServicesProtocol.PATH);
    }

    private String source() {
      return ctx.getSelf().path().toString();
    }
  }
}
