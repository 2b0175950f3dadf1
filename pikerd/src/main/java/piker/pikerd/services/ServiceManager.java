package piker.pikerd.services;

import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import piker.contracts.LocalOnly;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.HelloGate;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.metrics.Metrics;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.pikerd.ServicesProtocol.Command;
import piker.contracts.pikerd.ServicesProtocol.SpawnFailed;
import piker.contracts.pikerd.ServicesProtocol.SpawnReply;
import piker.pikerd.cluster.ClusterListing;
import piker.pikerd.cluster.ClusterNode;

/**
 * pikerd's service manager. Find-or-spawn is atomic per name because one actor owns the table: the
 * first request for a missing daemon spawns it, later ones queue on its entry, and all of them are
 * answered by the daemon's Started (the same ref) or by its failure (the same boxed error). A daemon
 * that throws is restarted with backoff and reported; one that keeps failing is stopped and reported,
 * and the next request starts it afresh.
 */
public final class ServiceManager extends AbstractBehavior<Command> {

  /** Settings of the restart-with-backoff supervision every daemon runs under. */
  public record Supervision(Duration minBackoff, Duration maxBackoff, int maxRestarts) {
    public static Supervision fromConfig(com.typesafe.config.Config config) {
      return new Supervision(config.getDuration("piker.services.restart.min-backoff"),
          config.getDuration("piker.services.restart.max-backoff"),
          config.getInt("piker.services.restart.max-restarts"));
    }
  }

  /** An order from the cluster (the placement, another node's listing), come through this node's inbox. */
  public record FromCluster(ServicesProtocol.NodeCommand command) implements Command, LocalOnly {}

  /** Stops every daemon in reverse dependency order; answers when the last one has stopped. */
  public record ShutdownAll(ActorRef<Done> replyTo) implements Command, LocalOnly {}

  private record Lifecycle(DaemonLifecycle.Event event) implements Command, LocalOnly {}

  private record DaemonTerminated(ServiceName name, ActorRef<DaemonProtocol.Command> ref) implements Command, LocalOnly {}

  /** Kinds a client may find-or-spawn; paperboi and brokerd are started on emsd's request alone. */
  private static final Set<DaemonKind> CLIENT_SPAWNABLE = EnumSet.of(DaemonKind.SAMPLERD, DaemonKind.DATAD, DaemonKind.EMSD);

  /** Whether a client may find-or-spawn {@code kind} (paperboi and brokerd are emsd's alone). */
  public static boolean clientSpawnable(DaemonKind kind) {
    return CLIENT_SPAWNABLE.contains(kind);
  }

  private final DaemonCatalog catalog;
  private final Supervision supervision;
  private final Clock clock;
  private final Map<ServiceName, DaemonEntry> entries = new LinkedHashMap<>();
  /** Requests that arrived while their daemon was being cancelled: served once it has stopped. */
  private final Map<ServiceName, List<ActorRef<SpawnReply>>> afterStop = new LinkedHashMap<>();
  private final HelloGate gate;
  private final HealthBook health;
  /** Daemon restarts, by daemon name (a few names: the tags stay few). */
  private final Map<ServiceName, Counter> restartCounters = new HashMap<>();
  private final SpawnSetup setup;
  private final OrderlyStop shutdown;
  private final ServiceViews views;
  private long spawnAttempts;
  /** On a cluster node: where find-or-spawn is decided, and this node's part in it; empty for a lone manager. */
  private final Optional<ClusterFront> cluster;
  /** emsd has run on this node, so its journal is here (even once emsd has stopped): emsd stays pinned here. */
  private boolean emsdRanHere;

  public static Behavior<Command> create(RuntimeSettings settings, DaemonCatalog catalog, Supervision supervision) {
    return create(settings, catalog, supervision, Clock.systemUTC(), Optional.empty());
  }

  public static Behavior<Command> create(RuntimeSettings settings, DaemonCatalog catalog, Supervision supervision,
                                         Clock clock) {
    return create(settings, catalog, supervision, clock, Optional.empty());
  }

  /** A cluster node's manager: every find-or-spawn goes through the cluster's placement. */
  public static Behavior<Command> create(RuntimeSettings settings, DaemonCatalog catalog, Supervision supervision,
                                         Clock clock, Optional<ClusterNode> cluster) {
    return Behaviors.setup(ctx -> new ServiceManager(ctx, settings, catalog, supervision, clock, cluster));
  }

  private ServiceManager(ActorContext<Command> ctx, RuntimeSettings settings, DaemonCatalog catalog,
                         Supervision supervision, Clock clock, Optional<ClusterNode> cluster) {
    super(ctx);
    this.catalog = catalog;
    this.supervision = supervision;
    this.clock = clock;
    this.gate = new HelloGate(settings);
    this.health = new HealthBook(clock);
    this.cluster = cluster.map(node -> new ClusterFront(ctx, node, gate));
    BackendRuntimes runtimes = new BackendRuntimes(settings, catalog);
    DaemonLauncher launcher = new DaemonLauncher(ctx, settings, supervision,
        ctx.messageAdapter(DaemonLifecycle.Event.class, Lifecycle::new));
    this.setup = new SpawnSetup(ctx, settings, catalog,
        new SpawnPreparation(runtimes, ctx.getSelf(), ctx.getSystem().scheduler()), launcher, this::launched,
        this::failed);
    this.shutdown = new OrderlyStop(ctx, entries, health, runtimes, this.cluster);
    this.views = new ServiceViews(ctx, clock.instant());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(ServicesProtocol.MaybeSpawn.class, this::onMaybeSpawn)
        .onMessage(ServicesProtocol.ListServices.class, this::onListServices)
        .onMessage(ServicesProtocol.CancelService.class, this::onCancelService)
        .onMessage(ServicesProtocol.SpawnInternal.class, this::onSpawnInternal)
        .onMessage(ServicesProtocol.CheckJoin.class, this::onCheckJoin)
        .onMessage(ServicesProtocol.GetHealth.class, this::onGetHealth)
        .onMessage(FromCluster.class, this::onFromCluster)
        .onMessage(Lifecycle.class, this::onLifecycle)
        .onMessage(DaemonTerminated.class, this::onDaemonTerminated)
        .onMessage(SpawnSetup.ConfigRead.class, read -> andStay(() -> setup.onConfigRead(read, preparing(read))))
        .onMessage(SpawnSetup.Prepared.class, done -> andStay(() -> setup.onPrepared(done, preparing(done))))
        .onMessage(ShutdownAll.class, request -> andStay(() -> shutdown.request(request.replyTo())))
        .onMessage(OrderlyStop.DrainingAcknowledged.class, acknowledged -> andStay(shutdown::onDrainingAcknowledged))
        .onMessage(OrderlyStop.StepTimedOut.class, timedOut -> andStay(() -> shutdown.onStepTimedOut(timedOut)))
        .onMessage(OrderlyStop.RuntimesClosed.class, closed -> andStay(shutdown::onRuntimesClosed))
        .build();
  }

  /** Runs a step of a helper (the spawn set-up, the ordered stop); the behaviour stays. */
  private Behavior<Command> andStay(Runnable step) {
    step.run();
    return this;
  }

  private Behavior<Command> onMaybeSpawn(ServicesProtocol.MaybeSpawn request) {
    if (request.replyTo() == null) {
      return this;
    }
    Optional<RemoteError> refused = gate.check(request.hello(), source());
    if (refused.isEmpty() && !CLIENT_SPAWNABLE.contains(request.name().kind())) {
      refused = Optional.of(RemoteError.of("NotAllowed", request.name() + " is started on emsd's request alone",
          source()));
    }
    if (refused.isPresent()) {
      request.replyTo().tell(new SpawnFailed(request.name(), refused.get()));
    } else if (cluster.isPresent() && !shutdown.begun()) {
      cluster.get().place(request.hello(), request.name(), false, request.replyTo());
    } else {
      maybeSpawn(request.name(), request.replyTo());
    }
    return this;
  }

  private Behavior<Command> onSpawnInternal(ServicesProtocol.SpawnInternal request) {
    if (cluster.isPresent() && !shutdown.begun()) {
      cluster.get().place(gate.hello(), request.name(), true, request.replyTo());
    } else {
      maybeSpawn(request.name(), request.replyTo());
    }
    return this;
  }

  private Behavior<Command> onCheckJoin(ServicesProtocol.CheckJoin request) {
    if (request.replyTo() != null) {
      Optional<RemoteError> refused = cluster.isEmpty()
          ? Optional.of(RemoteError.of("NotACluster", "this pikerd takes no other nodes", source()))
          : gate.check(request.hello(), source());
      request.replyTo().tell(new ServicesProtocol.JoinVerdict(refused.orElse(null)));
    }
    return this;
  }

  /** An order through this node's inbox: obeyed with the cookie, and only when its answer goes to a member. */
  private Behavior<Command> onFromCluster(FromCluster order) {
    ClusterFront front = cluster.orElseThrow();
    if (order.command() instanceof ServicesProtocol.SpawnHere spawn && front.obeys(spawn.hello(), spawn.replyTo())) {
      maybeSpawn(spawn.name(), spawn.replyTo());
    } else if (order.command() instanceof ServicesProtocol.CancelHere cancel
        && front.obeys(cancel.hello(), cancel.replyTo())) {
      cancel(cancel.name(), cancel.requestedBy(), cancel.replyTo());
    } else if (order.command() instanceof ServicesProtocol.ListNode list && front.obeys(list.hello(), list.replyTo())) {
      list.replyTo().tell(front.inventory(views.running(entries.values()), emsdRanHere, views.startedAt()));
    }
    return this;
  }

  private void maybeSpawn(ServiceName name, ActorRef<SpawnReply> replyTo) {
    if (shutdown.begun()) {
      replyTo.tell(new SpawnFailed(name, RemoteError.of("ShuttingDown", "pikerd is shutting down", source())));
      return;
    }
    DaemonEntry entry = entries.get(name);
    if (entry != null && (entry.cancelling || entry.refused)) {
      // it is stopping (cancelled, or it refused to start): the request is served afresh once it has stopped
      afterStop.computeIfAbsent(name, n -> new ArrayList<>()).add(replyTo);
    } else if (entry != null && entry.started != null) {
      replyTo.tell(new ServicesProtocol.Spawned(name, entry.ref));
    } else if (entry != null) {
      entry.waiters.add(replyTo);
    } else {
      DaemonEntry created = new DaemonEntry(name, ++spawnAttempts);
      created.waiters.add(replyTo);
      entries.put(name, created);
      health.starting(name);
      try {
        DaemonCatalog.Result found = catalog.factoryFor(name);
        if (found.factory().isEmpty()) {
          // a request for what this build cannot run: answered, not logged, and no daemon for /health
          entries.remove(name);
          health.stopped(name);
          created.tellWaiters(new SpawnFailed(name, RemoteError.of("CannotSpawn", found.whyNot(), source())));
        } else {
          setup.begin(created, found.factory().get());
        }
      } catch (RuntimeException | LinkageError e) {
        // a backend's endpoints() or a factory may throw even here: this spawn fails, the manager goes on
        failed(created, e);
      }
    }
  }

  /** The entry of the spawn attempt a set-up step is for, or null when it was dropped meanwhile. */
  private DaemonEntry preparing(SpawnSetup.Step step) {
    DaemonEntry entry = entries.get(step.name());
    return entry != null && entry.attempt == step.attempt() && entry.preparing() ? entry : null;
  }

  /** The daemon's actor runs: watched, so that its end (a stop, or one failure too many) empties its entry. */
  private void launched(DaemonEntry entry) {
    emsdRanHere |= entry.name.kind() == DaemonKind.EMSD;
    getContext().watchWith(entry.ref, new DaemonTerminated(entry.name, entry.ref));
    getContext().getLog().info("starting {}", entry.name);
  }

  /** A spawn that could not be set up: logged once, its waiters told, its entry gone so the next request retries. */
  private void failed(DaemonEntry entry, Throwable cause) {
    RemoteError error = SpawnErrors.box(entry.name, cause, source());
    if (SpawnErrors.expected(cause)) {
      getContext().getLog().error("{}", error.message().startsWith("cannot start ") ? error.message()
          : "cannot start " + entry.name + ": " + error.describe());
    } else {
      getContext().getLog().error("{}", error.message(), SpawnErrors.unwrap(cause));
    }
    entries.remove(entry.name);
    health.failed(entry.name, 0, error.describe());
    entry.tellWaiters(new SpawnFailed(entry.name, error));
  }

  private Behavior<Command> onLifecycle(Lifecycle lifecycle) {
    DaemonEntry entry = entries.get(lifecycle.event().name());
    if (entry == null) {
      return this;
    }
    if (lifecycle.event() instanceof DaemonLifecycle.Restarting) {
      // it failed while serving: its supervisor starts it again (and logs why); the next report counts it.
      // One failing as it stops is no news for /health: it is going anyway.
      if (!entry.cancelling && !shutdown.begun()) {
        health.restarting(entry.name, entry.restarts() + 1, "failed while serving; see pikerd's log");
      }
      return this;
    }
    entry.attempts++;
    if (entry.attempts > 1) {
      restarted(entry.name); // a new incarnation reports: the restart happened (the metric equals restarts())
    }
    if (lifecycle.event() instanceof DaemonLifecycle.Started) {
      if (entry.cancelling) {
        // it was told to stop, then failed and was restarted: the new incarnation never heard it
        entry.ref.tell(new DaemonProtocol.Stop("pikerd's service manager (again, after its restart)"));
        return this;
      }
      health.up(entry.name, entry.restarts());
      if (entry.started == null) {
        entry.started = clock.instant();
        getContext().getLog().info("{} started", entry.name);
      } else {
        getContext().getLog().warn("{} restarted after a failure (restart {})", entry.name, entry.restarts());
      }
      entry.tellWaiters(new ServicesProtocol.Spawned(entry.name, entry.ref));
    } else if (lifecycle.event() instanceof DaemonLifecycle.StartFailed failed && !failed.retried()) {
      entry.refused = true;
      health.failed(entry.name, entry.restarts(), failed.error().describe());
      getContext().getLog().error("{} refused to start: {}; the next request tries again", entry.name,
          failed.error().describe());
      entry.tellWaiters(new SpawnFailed(entry.name, failed.error()));
    } else if (lifecycle.event() instanceof DaemonLifecycle.StartFailed failed) {
      health.restarting(entry.name, entry.restarts() + 1, failed.error().describe());
      getContext().getLog().error("{} failed to start (attempt {} of {}): {}", entry.name, entry.attempts,
          supervision.maxRestarts() + 1, failed.error().describe());
      entry.tellWaiters(new SpawnFailed(entry.name, failed.error()));
    }
    entry.waiters.clear();
    return this;
  }

  private Behavior<Command> onDaemonTerminated(DaemonTerminated terminated) {
    DaemonEntry entry = entries.get(terminated.name());
    if (entry == null || !terminated.ref().equals(entry.ref)) {
      return this;
    }
    entries.remove(terminated.name());
    if (entry.cancelling || shutdown.begun()) {
      health.stopped(entry.name);
      getContext().getLog().info("{} stopped", entry.name);
    } else if (!entry.refused) {
      health.failed(entry.name, entry.restarts(), "kept failing: gave up after " + entry.restarts() + " restarts");
      getContext().getLog().error("{} keeps failing: gave up after {} restarts; the next request starts it afresh",
          entry.name, entry.restarts());
    }
    RemoteError stopped = RemoteError.of("DaemonStopped", entry.name + " stopped before it started", source());
    entry.tellWaiters(new SpawnFailed(entry.name, stopped));
    entry.cancelWaiters.forEach(waiter -> waiter.tell(new ServicesProtocol.Cancelled(entry.name)));
    List<ActorRef<SpawnReply>> queued = afterStop.remove(entry.name);
    if (queued != null) {
      queued.forEach(waiter -> maybeSpawn(entry.name, waiter));
    }
    shutdown.advance();
    return this;
  }

  private Behavior<Command> onGetHealth(ServicesProtocol.GetHealth request) {
    if (request.replyTo() != null) {
      Optional<RemoteError> refused = gate.check(request.hello(), source());
      String node = views.nodeAddress(getContext().getSelf());
      request.replyTo().tell(refused.map(error -> new ServicesProtocol.HealthReport(node, null, List.of(), error))
          .orElseGet(() -> health.report(node)));
    }
    return this;
  }

  private void restarted(ServiceName name) {
    restartCounters.computeIfAbsent(name, n -> Counter.builder("piker.daemon.restarts")
        .description("Daemon restarts after a failure (supervised, with backoff)").tag("daemon", n.toString())
        .register(Metrics.registry(getContext().getSystem()))).increment();
  }

  private Behavior<Command> onListServices(ServicesProtocol.ListServices request) {
    if (request.replyTo() == null) {
      return this;
    }
    Optional<RemoteError> refused = gate.check(request.hello(), source());
    if (refused.isPresent()) {
      request.replyTo().tell(new ServicesProtocol.Listing(List.of(), refused.get()));
      return this;
    }
    if (cluster.isPresent()) {
      getContext().spawnAnonymous(ClusterListing.create(gate.hello(), request.replyTo()));
      return this;
    }
    request.replyTo().tell(new ServicesProtocol.Listing(views.listing(entries.values()), null));
    return this;
  }

  private Behavior<Command> onCancelService(ServicesProtocol.CancelService request) {
    if (request.replyTo() == null) {
      return this;
    }
    Optional<RemoteError> refused = gate.check(request.hello(), source());
    if (refused.isPresent()) {
      request.replyTo().tell(new SpawnFailed(request.name(), refused.get()));
    } else if (cluster.isPresent() && !shutdown.begun()) {
      cluster.get().cancel(request.hello(), request.name(), request.requestedBy(), request.replyTo());
    } else {
      cancel(request.name(), request.requestedBy(), request.replyTo());
    }
    return this;
  }

  private void cancel(ServiceName name, String requestedBy, ActorRef<SpawnReply> replyTo) {
    DaemonEntry entry = entries.get(name);
    if (entry == null || entry.preparing()) {
      replyTo.tell(new SpawnFailed(name, RemoteError.of("UnknownService",
          "no daemon named " + name + " is running" + (entry == null ? "" : " yet"), source())));
      return;
    }
    entry.cancelWaiters.add(replyTo);
    if (!entry.cancelling) {
      entry.cancelling = true;
      String by = requestedBy == null || requestedBy.isBlank() ? "pikerd's service manager" : requestedBy;
      entry.ref.tell(new DaemonProtocol.Stop(by));
    }
  }

  private String source() {
    return getContext().getSelf().path().toString();
  }
}
