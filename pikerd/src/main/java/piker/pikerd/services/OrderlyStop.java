package piker.pikerd.services;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import piker.contracts.LocalOnly;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol.Command;
import piker.contracts.pikerd.ServicesProtocol.SpawnFailed;

/**
 * pikerd's ordered stop carried out over the service manager's table ({@link ShutdownSequence} says the
 * order): on a cluster node the placement hears first; each step's daemons are told to stop and, past
 * {@link #STEP_TIMEOUT}, stopped outright; those still being set up are dropped; once none is left the
 * backends' runtimes close and everyone who asked hears Done. Runs on the manager's thread.
 */
final class OrderlyStop {
  /** The placement knows this node is draining (or did not answer in time): its daemons may stop now. */
  record DrainingAcknowledged() implements Command, LocalOnly {}

  record StepTimedOut(int step) implements Command, LocalOnly {}

  record RuntimesClosed() implements Command, LocalOnly {}

  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(4);
  private static final Duration DRAINING_TIMEOUT = Duration.ofSeconds(1);

  private final ActorContext<Command> ctx;
  private final Map<ServiceName, DaemonEntry> entries;
  private final HealthBook health;
  private final BackendRuntimes runtimes;
  private final Optional<ClusterFront> cluster;
  private final ShutdownSequence sequence = new ShutdownSequence();
  private final List<ActorRef<Done>> waiters = new ArrayList<>();

  /** @param entries the manager's table, read and trimmed here as daemons are dropped */
  OrderlyStop(ActorContext<Command> ctx, Map<ServiceName, DaemonEntry> entries, HealthBook health,
              BackendRuntimes runtimes, Optional<ClusterFront> cluster) {
    this.ctx = ctx;
    this.entries = entries;
    this.health = health;
    this.runtimes = runtimes;
    this.cluster = cluster;
  }

  /** Stopping has begun: no daemon is started any more. */
  boolean begun() {
    return sequence.begun();
  }

  /** Stops every daemon in reverse dependency order; {@code replyTo} hears Done when the last one has stopped. */
  void request(ActorRef<Done> replyTo) {
    if (sequence.done()) {
      replyTo.tell(Done.getInstance());
      return;
    }
    waiters.add(replyTo);
    if (sequence.begun()) {
      return;
    }
    ctx.getLog().info("stopping every daemon");
    if (sequence.begin(cluster.isPresent())) {
      stopStep();
    } else {
      // the placement first learns that what stops here is to start on other nodes, not to be waited for
      ctx.ask(Done.class, cluster.orElseThrow().placement(), DRAINING_TIMEOUT, cluster.get()::draining,
          (done, error) -> new DrainingAcknowledged());
    }
  }

  void onDrainingAcknowledged() {
    if (sequence.drained()) {
      stopStep();
    }
  }

  /** A daemon left the table: the next step begins once none of this one runs; after the last, the runtimes close. */
  void advance() {
    Set<DaemonKind> running = EnumSet.noneOf(DaemonKind.class);
    entries.values().forEach(entry -> running.add(entry.name.kind()));
    switch (sequence.advance(running)) {
      case STOP_STEP -> stopStep();
      // every daemon has stopped: now the backends' runtimes (the embedded venue) may go too
      case CLOSE_RUNTIMES -> ctx.pipeToSelf(runtimes.closeAll(ctx.getSystem().dispatchers()
          .lookup(DispatcherSelector.blocking())), (ok, error) -> new RuntimesClosed());
      case WAIT -> { }
    }
  }

  void onRuntimesClosed() {
    ctx.getLog().info("every daemon has stopped");
    sequence.runtimesClosed();
    waiters.forEach(waiter -> waiter.tell(Done.getInstance()));
    waiters.clear();
  }

  void onStepTimedOut(StepTimedOut timedOut) {
    if (timedOut.step() != sequence.step()) {
      return;
    }
    Set<DaemonKind> kinds = sequence.stopping();
    entries.values().stream().filter(entry -> kinds.contains(entry.name.kind())).forEach(entry -> {
      ctx.getLog().warn("{} did not stop in {}; stopping it now", entry.name, STEP_TIMEOUT);
      ctx.stop(entry.ref);
    });
  }

  /** Tells the current step's daemons to stop (those still being set up are dropped), then looks for the next. */
  private void stopStep() {
    Set<DaemonKind> kinds = sequence.stopping();
    RemoteError shuttingDown = RemoteError.of("ShuttingDown", "pikerd is shutting down",
        ctx.getSelf().path().toString());
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
    ctx.scheduleOnce(STEP_TIMEOUT, ctx.getSelf(), new StepTimedOut(sequence.step()));
    advance();
  }
}
