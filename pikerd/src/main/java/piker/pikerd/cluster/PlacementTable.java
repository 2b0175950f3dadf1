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
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.HelloGate;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.pikerd.ServicesProtocol.SpawnFailed;
import piker.contracts.pikerd.ServicesProtocol.SpawnReply;
import piker.pikerd.cluster.Placement.Command;
import piker.pikerd.services.ServiceManager;

/**
 * The placement's serving state: the name table, and what changes it (see {@link Placement}); cancels are carried
 * out by {@link PlacementCancels}, a lost node's daemons looked after by {@link NodeLoss}.
 */
final class PlacementTable {
  /** A node gets this long to start a daemon (a brokerd logs in, a datad connects) before its askers hear. */
  private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(60);

  private final ActorContext<Command> ctx;
  /** How long a request waits for a node that is joining (or whose inbox is not yet known) to serve. */
  private final Duration nodeWait;
  private final HelloGate gate;
  private final ClusterView view;
  private final Map<ServiceName, PlacementEntry> entries = new LinkedHashMap<>();
  /** Nodes known to hold emsd's journal, kept while they are away: emsd is pinned to them. */
  private final Set<Address> journalHolders = new LinkedHashSet<>();
  /** Nodes that said their daemons stop for good. */
  private final Set<Address> draining = new HashSet<>();
  /** Requests that only a node on its way could take, by name: placed once it serves, refused after {@link #nodeWait}. */
  private final Map<ServiceName, Parked> parked = new LinkedHashMap<>();
  /**
   * Ids of starts and holds. Seeded from the clock so that a restarted placement's ids never match the answers
   * and timers of the incarnation before it, which may still arrive.
   */
  private long attempts = System.nanoTime();
  private final PlacementCancels cancels;
  private final NodeLoss nodeLoss;

  private record Parked(long id, Address asker, List<ActorRef<SpawnReply>> waiters) {}

  PlacementTable(ActorContext<Command> ctx, RuntimeSettings settings, Duration nodeWait) {
    this.ctx = ctx;
    this.nodeWait = nodeWait;
    this.gate = new HelloGate(settings);
    this.view = new ClusterView(ctx.getSystem());
    this.cancels = new PlacementCancels(ctx, gate, view, entries, this::place);
    this.nodeLoss = new NodeLoss(ctx, view, entries, this::serving,
        (kind, asker) -> NodeChoice.choose(kind, asker, nodeViews(), journalHolders), this::start);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(ServicesProtocol.NODES,
        ctx.messageAdapter(Receptionist.Listing.class, Placement.InboxesChanged::new)));
    Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(
        ctx.messageAdapter(ClusterEvent.MemberEvent.class, Placement.MemberChanged::new),
        ClusterEvent.MemberEvent.class));
  }

  Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Placement.Place.class, this::onPlace)
        .onMessage(Placement.Cancel.class, cancel -> {
          cancels.cancel(cancel);
          return Behaviors.same();
        })
        .onMessage(Placement.Draining.class, this::onDraining)
        .onMessage(Placement.Answered.class, this::onAnswered)
        .onMessage(Placement.CancelAnswered.class, answered -> {
          cancels.answered(answered);
          return Behaviors.same();
        })
        .onMessage(Placement.DaemonGone.class, this::onDaemonGone)
        .onMessage(Placement.MemberChanged.class, this::onMemberChanged)
        .onMessage(Placement.InboxesChanged.class, changed -> {
          inboxesChanged(changed.listing()).forEach(this::askInventory);
          retryParked();
          return Behaviors.same();
        })
        .onMessage(Placement.NodeWaitOver.class, this::onNodeWaitOver)
        .onMessage(Placement.Inventoried.class, inventoried -> {
          adopt(inventoried);
          nodeLoss.retryOrphans();
          retryParked();
          return Behaviors.same();
        })
        .onMessage(Placement.InventoryTimedOut.class, timedOut -> Behaviors.same())
        .onSignal(PreRestart.class, signal -> abandonWaiters())
        .onSignal(PostStop.class, signal -> abandonWaiters())
        .build();
  }

  /**
   * This placement stops (it failed, or its node hands the singleton on): whoever still waits is told now, to
   * ask again, rather than at its own timeout.
   */
  private Behavior<Command> abandonWaiters() {
    RemoteError gone = RemoteError.of("PlacementMoved", "the cluster's placement restarted or moved; ask again",
        source());
    parked.forEach((name, held) -> held.waiters().forEach(waiter -> waiter.tell(new SpawnFailed(name, gone))));
    entries.values().forEach(entry -> {
      entry.waiters.forEach(waiter -> waiter.tell(new SpawnFailed(entry.name, gone)));
      entry.afterStop.forEach(waiter -> waiter.tell(new SpawnFailed(entry.name, gone)));
    });
    parked.clear();
    return Behaviors.same();
  }

  /** Takes in the nodes' inboxes; answers the nodes that have one now and had none before. */
  Set<Address> inboxesChanged(Receptionist.Listing listing) {
    Set<Address> before = view.inboxes().keySet();
    view.inboxesChanged(listing);
    Set<Address> added = new HashSet<>(view.inboxes().keySet());
    added.removeAll(before);
    return added;
  }

  /** Asks every node with an inbox what it runs; answers the nodes asked. */
  Set<Address> askInventories() {
    view.inboxes().keySet().forEach(this::askInventory);
    return Set.copyOf(view.inboxes().keySet());
  }

  void askInventory(Address node) {
    view.inbox(node).ifPresent(inbox -> ctx.ask(ServicesProtocol.NodeInventory.class, inbox,
        Placement.INVENTORY_TIMEOUT, replyTo -> new ServicesProtocol.ListNode(gate.hello(), replyTo),
        (inventory, error) -> new Placement.Inventoried(node, inventory, error)));
  }

  /** Takes in what a node runs (or starts): unknown names are adopted; a second copy of a name is stopped. */
  void adopt(Placement.Inventoried inventoried) {
    Address node = inventoried.node();
    if (inventoried.inventory() == null) {
      ctx.getLog().warn("placement: {} did not tell what it runs: {}", node, inventoried.error());
      return;
    }
    if (inventoried.inventory().holdsJournal()) {
      journalHolders.add(node);
    }
    for (ServicesProtocol.RunningDaemon daemon : inventoried.inventory().daemons()) {
      PlacementEntry known = entries.get(daemon.name());
      if (known == null) {
        PlacementEntry entry = new PlacementEntry(daemon.name(), node, ++attempts);
        entries.put(daemon.name(), entry);
        if (daemon.ref() != null) {
          started(entry, daemon.ref());
        }
      } else if (!known.node.equals(node) && daemon.ref() != null) {
        ctx.getLog().warn("placement: {} runs on {} and on {}; keeping the first, stopping the other",
            daemon.name(), known.node, node);
        view.inbox(node).ifPresent(inbox -> inbox.tell(new ServicesProtocol.CancelHere(gate.hello(), daemon.name(),
            "the placement (a second " + daemon.name() + ")", ctx.getSystem().ignoreRef())));
      } else if (known.node.equals(node) && known.ref == null && daemon.ref() != null) {
        started(known, daemon.ref());
      }
    }
  }

  private Behavior<Command> onPlace(Placement.Place place) {
    if (place.replyTo() == null || place.name() == null) {
      return Behaviors.same();
    }
    Optional<RemoteError> refused = gate.check(place.hello(), source());
    if (refused.isEmpty() && !ServiceManager.clientSpawnable(place.name().kind())
        && !(place.internal() && view.nodeProvenBy(place.proof()).isPresent())) {
      refused = Optional.of(RemoteError.of("NotAllowed", place.name() + " is started on emsd's request alone",
          source()));
    }
    if (refused.isPresent()) {
      place.replyTo().tell(new SpawnFailed(place.name(), refused.get()));
      return Behaviors.same();
    }
    place(place.name(), view.memberAt(place.from()).orElse(view.nodeOf(place.replyTo())), place.replyTo());
    return Behaviors.same();
  }

  /** Answers from the table, or chooses a node and orders the daemon started there. */
  private void place(ServiceName name, Address asker, ActorRef<SpawnReply> replyTo) {
    PlacementEntry entry = entries.get(name);
    Parked waiting = parked.get(name);
    if (waiting != null) {
      waiting.waiters().add(replyTo);
    } else if (entry != null && entry.cancelling) {
      entry.afterStop.add(replyTo);
    } else if (entry != null && entry.ref != null) {
      replyTo.tell(new ServicesProtocol.Spawned(name, entry.ref));
    } else if (entry != null && (entry.inFlight || serving(entry.node))) {
      // still starting there, or asked again where it failed: the node's manager knows which
      entry.waiters.add(replyTo);
      if (!entry.inFlight) {
        askToStart(entry);
      }
    } else {
      entries.remove(name);
      List<ActorRef<SpawnReply>> waiters = new ArrayList<>();
      waiters.add(replyTo);
      start(name, asker, waiters);
    }
  }

  /**
   * Orders {@code name} started on the chosen node; false when no node can run it now: the waiters are held
   * while a node that could is on its way, and told why not otherwise.
   */
  private boolean start(ServiceName name, Address asker, List<ActorRef<SpawnReply>> waiters) {
    NodeChoice.Result choice = NodeChoice.choose(name.kind(), asker, nodeViews(), journalHolders);
    if (choice.node().isEmpty() && choice.soon() && !waiters.isEmpty()) {
      long id = ++attempts;
      parked.put(name, new Parked(id, asker, new ArrayList<>(waiters)));
      ctx.scheduleOnce(nodeWait, ctx.getSelf(), new Placement.NodeWaitOver(name, id));
      return false;
    }
    if (choice.node().isEmpty()) {
      refuse(name, choice, waiters);
      return false;
    }
    PlacementEntry entry = new PlacementEntry(name, choice.node().get(), ++attempts);
    entry.waiters.addAll(waiters);
    entries.put(name, entry);
    nodeLoss.placed(name);
    if (view.inboxes().size() > 1) {
      ctx.getLog().info("placing {} on {}", name, entry.node);
    }
    askToStart(entry);
    return true;
  }

  private void refuse(ServiceName name, NodeChoice.Result choice, List<ActorRef<SpawnReply>> waiters) {
    RemoteError error = RemoteError.of("NoNode", "cannot start " + name + ": " + choice.whyNot(), source());
    waiters.forEach(waiter -> waiter.tell(new SpawnFailed(name, error)));
  }

  /** A node has shown its inbox (or gone): the requests held for one are placed, held on, or refused now. */
  private void retryParked() {
    for (Map.Entry<ServiceName, Parked> held : List.copyOf(parked.entrySet())) {
      NodeChoice.Result choice = NodeChoice.choose(held.getKey().kind(), held.getValue().asker(), nodeViews(),
          journalHolders);
      if (entries.containsKey(held.getKey()) || choice.node().isPresent() || !choice.soon()) {
        unpark(held.getKey());
      }
    }
  }

  private Behavior<Command> onNodeWaitOver(Placement.NodeWaitOver over) {
    Parked waiting = parked.get(over.name());
    if (waiting == null || waiting.id() != over.id()) {
      return Behaviors.same();
    }
    NodeChoice.Result choice = NodeChoice.choose(over.name().kind(), waiting.asker(), nodeViews(), journalHolders);
    if (entries.containsKey(over.name()) || choice.node().isPresent()) {
      unpark(over.name());
    } else {
      parked.remove(over.name());
      refuse(over.name(), new NodeChoice.Result(choice.node(), choice.whyNot() + " (waited " + nodeWait.toMillis() / 1000.0
          + " s for a joining node)", false), waiting.waiters());
    }
    return Behaviors.same();
  }

  /** Places a held name's requests as if they came now (a node's inventory may have told of it meanwhile). */
  private void unpark(ServiceName name) {
    Parked waiting = parked.remove(name);
    waiting.waiters().forEach(waiter -> place(name, waiting.asker(), waiter));
  }

  private void askToStart(PlacementEntry entry) {
    entry.inFlight = true;
    ActorRef<ServicesProtocol.NodeCommand> inbox = view.inbox(entry.node).orElseThrow();
    ctx.ask(SpawnReply.class, inbox, SPAWN_TIMEOUT,
        replyTo -> new ServicesProtocol.SpawnHere(gate.hello(), entry.name, replyTo),
        (reply, error) -> new Placement.Answered(entry.name, entry.attempt, reply, error));
  }

  private Behavior<Command> onAnswered(Placement.Answered answered) {
    PlacementEntry entry = entries.get(answered.name());
    if (entry == null || entry.attempt != answered.attempt()) {
      return Behaviors.same();
    }
    entry.inFlight = false;
    SpawnReply reply = answered.reply() != null ? answered.reply() : new SpawnFailed(entry.name, RemoteError.of(
        "Timeout", entry.node + " did not start " + entry.name + " within " + SPAWN_TIMEOUT.toSeconds() + " s",
        source()));
    if (reply instanceof ServicesProtocol.Spawned spawned && entry.ref == null) {
      started(entry, spawned.ref());
    }
    entry.waiters.forEach(waiter -> waiter.tell(reply));
    entry.waiters.clear();
    return Behaviors.same();
  }

  private void started(PlacementEntry entry, ActorRef<DaemonProtocol.Command> ref) {
    entry.ref = ref;
    ctx.watchWith(ref, new Placement.DaemonGone(entry.name, ref));
    if (entry.name.kind() == DaemonKind.EMSD) {
      journalHolders.add(entry.node);
    }
  }

  private Behavior<Command> onDraining(Placement.Draining draining) {
    if (gate.check(draining.hello(), source()).isEmpty()) {
      view.nodeProvenBy(draining.proof()).ifPresent(this.draining::add);
      retryParked();
    }
    if (draining.replyTo() != null) {
      draining.replyTo().tell(Done.getInstance());
    }
    return Behaviors.same();
  }

  private Behavior<Command> onDaemonGone(Placement.DaemonGone gone) {
    PlacementEntry entry = entries.get(gone.name());
    if (entry == null || !gone.ref().equals(entry.ref)) {
      return Behaviors.same();
    }
    entries.remove(gone.name());
    if (!entry.afterStop.isEmpty()) {
      entry.afterStop.forEach(waiter -> place(entry.name, entry.node, waiter));
    } else if (!entry.cancelling && !serving(entry.node)
        && NodeLoss.REPLACED_ON_NODE_LOSS.contains(entry.name.kind())) {
      nodeLoss.replace(entry.name, entry.node);
    }
    return Behaviors.same();
  }

  private Behavior<Command> onMemberChanged(Placement.MemberChanged changed) {
    ClusterEvent.MemberEvent event = changed.event();
    if (event instanceof ClusterEvent.MemberUp up) {
      draining.remove(up.member().address());
    } else if (event instanceof ClusterEvent.MemberDowned downed) {
      // SBR has decided: the node is gone (if it still runs, cut off, it downs itself). Its feeds start
      // elsewhere now rather than at its removal, seconds later; emsd stays pinned to its journal anyway.
      nodeLoss.nodeLost(downed.member().address());
    } else if (event instanceof ClusterEvent.MemberRemoved removed) {
      draining.remove(removed.member().address());
      view.removed(removed.member().address());
      nodeLoss.nodeLost(removed.member().address());
    }
    retryParked();
    return Behaviors.same();
  }

  private List<NodeView> nodeViews() {
    Map<Address, Integer> placed = new HashMap<>();
    entries.values().forEach(entry -> placed.merge(entry.node, 1, Integer::sum));
    return view.nodes(placed, journalHolders, draining);
  }

  private boolean serving(Address node) {
    return view.serving(node, draining);
  }

  private String source() {
    return ctx.getSelf().path().toString();
  }
}
