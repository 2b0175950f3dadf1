package piker.pikerd.services;

import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
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
import piker.contracts.pikerd.ServicesProtocol.ServiceInfo;
import piker.contracts.pikerd.ServicesProtocol.SpawnFailed;
import piker.contracts.pikerd.ServicesProtocol.SpawnReply;
import piker.pikerd.cluster.ClusterListing;
import piker.pikerd.cluster.ClusterNode;
import piker.pikerd.config.PikerConfig;

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

  /** The placement knows this node is draining (or did not answer in time): its daemons may stop now. */
  private record DrainingAcknowledged() implements Command, LocalOnly {}

  /** Stops every daemon in reverse dependency order; answers when the last one has stopped. */
  public record ShutdownAll(ActorRef<Done> replyTo) implements Command, LocalOnly {}

  private record Lifecycle(DaemonLifecycle.Event event) implements Command, LocalOnly {}

  private record DaemonTerminated(ServiceName name, ActorRef<DaemonProtocol.Command> ref) implements Command, LocalOnly {}

  private record ShutdownStepTimedOut(int step) implements Command, LocalOnly {}

  /** conf.toml as read and checked for one spawn attempt (off this actor's thread), or why it cannot be used. */
  private record ConfigRead(ServiceName name, long attempt, PikerConfig config, Throwable error)
      implements Command, LocalOnly {}

  /** A per-broker daemon's backend runtime is up (or failed): the daemon can be spawned. */
  private record Prepared(ServiceName name, long attempt, PikerConfig config, Map<String, Object> options,
                          Map<DaemonKind, ActorRef<DaemonProtocol.Command>> dependencies, Throwable error)
      implements Command, LocalOnly {}

  private record RuntimesClosed() implements Command, LocalOnly {}

  /** Kinds a client may find-or-spawn; paperboi and brokerd are started on emsd's request alone. */
  private static final Set<DaemonKind> CLIENT_SPAWNABLE = EnumSet.of(DaemonKind.SAMPLERD, DaemonKind.DATAD, DaemonKind.EMSD);

  /** Whether a client may find-or-spawn {@code kind} (paperboi and brokerd are emsd's alone). */
  public static boolean clientSpawnable(DaemonKind kind) {
    return CLIENT_SPAWNABLE.contains(kind);
  }

  private static final Duration SHUTDOWN_STEP_TIMEOUT = Duration.ofSeconds(4);
  private static final Duration DRAINING_TIMEOUT = Duration.ofSeconds(1);

  private final RuntimeSettings settings;
  private final DaemonCatalog catalog;
  private final Supervision supervision;
  private final Clock clock;
  private final Instant startedAt;
  private final DaemonLauncher launcher;
  private final Map<ServiceName, DaemonEntry> entries = new LinkedHashMap<>();
  /** Requests that arrived while their daemon was being cancelled: served once it has stopped. */
  private final Map<ServiceName, List<ActorRef<SpawnReply>>> afterStop = new LinkedHashMap<>();
  private final HelloGate gate;
  private final ShutdownSequence shutdown = new ShutdownSequence();
  private final HealthBook health;
  /** Daemon restarts, by daemon name (a few names: the tags stay few). */
  private final Map<ServiceName, Counter> restartCounters = new HashMap<>();
  private final List<ActorRef<Done>> shutdownWaiters = new ArrayList<>();
  private final BackendRuntimes runtimes;
  private final SpawnPreparation preparation;
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
    this.settings = settings;
    this.catalog = catalog;
    this.supervision = supervision;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.launcher = new DaemonLauncher(ctx, settings, supervision,
        ctx.messageAdapter(DaemonLifecycle.Event.class, Lifecycle::new));
    this.gate = new HelloGate(settings);
    this.health = new HealthBook(clock);
    this.runtimes = new BackendRuntimes(settings, catalog);
    this.preparation = new SpawnPreparation(runtimes, ctx.getSelf(), ctx.getSystem().scheduler());
    this.cluster = cluster.map(node -> new ClusterFront(ctx, node, gate));
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
        .onMessage(DrainingAcknowledged.class, this::onDrainingAcknowledged)
        .onMessage(Lifecycle.class, this::onLifecycle)
        .onMessage(DaemonTerminated.class, this::onDaemonTerminated)
        .onMessage(ShutdownAll.class, this::onShutdownAll)
        .onMessage(ShutdownStepTimedOut.class, this::onShutdownStepTimedOut)
        .onMessage(ConfigRead.class, this::onConfigRead)
        .onMessage(Prepared.class, this::onPrepared)
        .onMessage(RuntimesClosed.class, this::onRuntimesClosed)
        .build();
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
      list.replyTo().tell(front.inventory(running(), emsdRanHere, startedAt));
    }
    return this;
  }

  /** What runs here, refs included (null while starting): for the placement's table, never for a client. */
  private List<ServicesProtocol.RunningDaemon> running() {
    List<ServicesProtocol.RunningDaemon> daemons = new ArrayList<>();
    for (DaemonEntry entry : entries.values()) {
      if (!entry.cancelling) {
        daemons.add(new ServicesProtocol.RunningDaemon(entry.started == null ? null : info(entry), entry.name,
            entry.started == null ? null : entry.ref));
      }
    }
    return daemons;
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
        startSpawn(created);
      } catch (RuntimeException | LinkageError e) {
        // a backend's endpoints() or a factory may throw even here: this spawn fails, the manager goes on
        failed(created, e);
      }
    }
  }

  /** Reads conf.toml off this thread when the daemon needs it, then goes on with its set-up. */
  private void startSpawn(DaemonEntry entry) {
    ServiceName name = entry.name;
    DaemonCatalog.Result found = catalog.factoryFor(name);
    if (found.factory().isEmpty()) {
      // a request for what this build cannot run: answered, not logged, and no daemon for /health
      entries.remove(name);
      health.stopped(name);
      RemoteError error = RemoteError.of("CannotSpawn", found.whyNot(), source());
      entry.tellWaiters(new SpawnFailed(name, error));
    } else if (name.kind().perBroker() || found.factory().get().readsConfig()) {
      // conf.toml is read afresh for each daemon that needs it, so a file fixed meanwhile counts
      Executor blocking = getContext().getSystem().dispatchers().lookup(DispatcherSelector.blocking());
      getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> catalog.readConfig(settings.configDir()), blocking),
          (config, error) -> new ConfigRead(name, entry.attempt, config, error));
    } else {
      afterConfig(entry, PikerConfig.defaults(settings.configDir()));
    }
  }

  /** The entry of a spawn attempt still waiting for its set-up, or null when it was dropped meanwhile. */
  private DaemonEntry preparing(ServiceName name, long attempt) {
    DaemonEntry entry = entries.get(name);
    return entry != null && entry.attempt == attempt && entry.preparing() ? entry : null;
  }

  private Behavior<Command> onConfigRead(ConfigRead read) {
    DaemonEntry entry = preparing(read.name(), read.attempt());
    if (entry == null) {
      return this;
    }
    if (read.error() != null) {
      failed(entry, read.error());
    } else {
      afterConfig(entry, read.config());
    }
    return this;
  }

  /** Starts what the daemon needs first (its backend's runtime, its dependencies), then the daemon. */
  private void afterConfig(DaemonEntry entry, PikerConfig config) {
    ServiceName name = entry.name;
    if (!SpawnPreparation.needed(name.kind())) {
      spawn(entry, config, Map.of(), Map.of());
      return;
    }
    CompletionStage<SpawnPreparation.Ready> prepared;
    try {
      prepared = preparation.prepare(name, config);
    } catch (RuntimeException | LinkageError e) {
      prepared = CompletableFuture.failedFuture(e);
    }
    getContext().pipeToSelf(prepared, (ready, error) -> error == null
        ? new Prepared(name, entry.attempt, config, ready.options(), ready.dependencies(), null)
        : new Prepared(name, entry.attempt, config, Map.of(), Map.of(), error));
  }

  private Behavior<Command> onPrepared(Prepared prepared) {
    DaemonEntry entry = preparing(prepared.name(), prepared.attempt());
    if (entry == null) {
      return this;
    }
    if (prepared.error() != null) {
      failed(entry, prepared.error());
    } else {
      spawn(entry, prepared.config(), prepared.options(), prepared.dependencies());
    }
    return this;
  }

  /** Builds and starts the daemon; whatever its set-up throws fails this spawn alone, never the manager. */
  private void spawn(DaemonEntry entry, PikerConfig config, Map<String, Object> options,
                     Map<DaemonKind, ActorRef<DaemonProtocol.Command>> dependencies) {
    ServiceName name = entry.name;
    DaemonCatalog.Result found = catalog.factoryFor(name);
    if (found.factory().isEmpty()) {
      failed(entry, RemoteError.of("CannotSpawn", found.whyNot(), source()).toException());
      return;
    }
    try {
      entry.ref = launcher.launch(name, found.factory().get(), config, options, dependencies);
      emsdRanHere |= name.kind() == DaemonKind.EMSD;
      getContext().watchWith(entry.ref, new DaemonTerminated(name, entry.ref));
      getContext().getLog().info("starting {}", name);
    } catch (RuntimeException | LinkageError e) {
      failed(entry, e);
    }
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
    continueShutdown();
    return this;
  }

  private Behavior<Command> onGetHealth(ServicesProtocol.GetHealth request) {
    if (request.replyTo() != null) {
      Optional<RemoteError> refused = gate.check(request.hello(), source());
      String node = nodeAddress(getContext().getSelf());
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
    String self = nodeAddress(getContext().getSelf());
    List<ServiceInfo> services = new ArrayList<>();
    services.add(new ServiceInfo("pikerd", DaemonKind.PIKERD.wireName(), self, startedAt, 0));
    for (DaemonEntry entry : entries.values()) {
      if (entry.started != null) {
        services.add(info(entry));
      }
    }
    request.replyTo().tell(new ServicesProtocol.Listing(services, null));
    return this;
  }

  private ServiceInfo info(DaemonEntry entry) {
    return new ServiceInfo(entry.name.toString(), entry.name.kind().wireName(), nodeAddress(entry.ref), entry.started,
        entry.restarts());
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

  private Behavior<Command> onShutdownAll(ShutdownAll request) {
    if (shutdown.done()) {
      request.replyTo().tell(Done.getInstance());
      return this;
    }
    shutdownWaiters.add(request.replyTo());
    if (shutdown.begun()) {
      return this;
    }
    getContext().getLog().info("stopping every daemon");
    if (shutdown.begin(cluster.isPresent())) {
      stopStep();
    } else {
      // the placement first learns that what stops here is to start on other nodes, not to be waited for
      getContext().ask(Done.class, cluster.orElseThrow().placement(), DRAINING_TIMEOUT, cluster.get()::draining,
          (done, error) -> new DrainingAcknowledged());
    }
    return this;
  }

  private Behavior<Command> onDrainingAcknowledged(DrainingAcknowledged acknowledged) {
    if (shutdown.drained()) {
      stopStep();
    }
    return this;
  }

  /** Tells the current step's daemons to stop (those still being set up are dropped), then looks for the next. */
  private void stopStep() {
    Set<DaemonKind> kinds = shutdown.stopping();
    RemoteError shuttingDown = RemoteError.of("ShuttingDown", "pikerd is shutting down", source());
    entries.values().removeIf(entry -> {
      boolean preparing = kinds.contains(entry.name.kind()) && entry.preparing();
      if (preparing) {
        health.stopped(entry.name);
        entry.tellWaiters(new SpawnFailed(entry.name, shuttingDown));
      }
      return preparing;
    });
    for (DaemonEntry entry : entries.values()) {
      if (kinds.contains(entry.name.kind()) && !entry.cancelling) {
        entry.cancelling = true;
        entry.ref.tell(new DaemonProtocol.Stop("pikerd shutdown"));
      }
    }
    getContext().scheduleOnce(SHUTDOWN_STEP_TIMEOUT, getContext().getSelf(), new ShutdownStepTimedOut(shutdown.step()));
    continueShutdown();
  }

  /** Moves to the next step once no daemon of the current one is left; at the end, closes the runtimes. */
  private void continueShutdown() {
    Set<DaemonKind> running = EnumSet.noneOf(DaemonKind.class);
    entries.values().forEach(entry -> running.add(entry.name.kind()));
    switch (shutdown.advance(running)) {
      case STOP_STEP -> stopStep();
      // every daemon has stopped: now the backends' runtimes (the embedded venue) may go too
      case CLOSE_RUNTIMES -> getContext().pipeToSelf(runtimes.closeAll(getContext().getSystem().dispatchers()
          .lookup(DispatcherSelector.blocking())), (ok, error) -> new RuntimesClosed());
      case WAIT -> { }
    }
  }

  private Behavior<Command> onRuntimesClosed(RuntimesClosed closed) {
    getContext().getLog().info("every daemon has stopped");
    shutdown.runtimesClosed();
    shutdownWaiters.forEach(waiter -> waiter.tell(Done.getInstance()));
    shutdownWaiters.clear();
    return this;
  }

  private Behavior<Command> onShutdownStepTimedOut(ShutdownStepTimedOut timedOut) {
    if (timedOut.step() != shutdown.step()) {
      return this;
    }
    Set<DaemonKind> kinds = shutdown.stopping();
    entries.values().stream().filter(entry -> kinds.contains(entry.name.kind())).forEach(entry -> {
      getContext().getLog().warn("{} did not stop in {}; stopping it now", entry.name, SHUTDOWN_STEP_TIMEOUT);
      getContext().stop(entry.ref);
    });
    return this;
  }

  private String nodeAddress(ActorRef<?> ref) {
    Address address = ref.path().address();
    if (address.hasLocalScope()) {
      address = getContext().getSystem().address();
    }
    return address.toString();
  }

  private String source() {
    return getContext().getSelf().path().toString();
  }
}
