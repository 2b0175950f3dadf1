package piker.pikerd.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import piker.contracts.RemoteError;
import piker.contracts.daemon.HelloGate;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.pikerd.ServicesProtocol.SpawnFailed;
import piker.contracts.pikerd.ServicesProtocol.SpawnReply;
import piker.pikerd.cluster.Placement.Command;

/**
 * Cancels through the placement, wherever the daemon runs: its node is told to stop it
 * ({@link ServicesProtocol.CancelHere}) and its answer goes to the asker. Requests for the name meanwhile wait on
 * its entry ({@link PlacementEntry#afterStop}); when it did not stop they are placed again, and get it.
 */
final class PlacementCancels {
  private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(15);

  /** The table's find-or-spawn, for the requests that waited on a cancel that did not stop the daemon. */
  @FunctionalInterface
  interface Placer {
    void place(ServiceName name, Address asker, ActorRef<SpawnReply> replyTo);
  }

  private final ActorContext<Command> ctx;
  private final HelloGate gate;
  private final ClusterView view;
  private final Map<ServiceName, PlacementEntry> entries;
  private final Placer placer;

  /** @param entries the placement's table, read here and its entries marked cancelling */
  PlacementCancels(ActorContext<Command> ctx, HelloGate gate, ClusterView view,
                   Map<ServiceName, PlacementEntry> entries, Placer placer) {
    this.ctx = ctx;
    this.gate = gate;
    this.view = view;
    this.entries = entries;
    this.placer = placer;
  }

  void cancel(Placement.Cancel cancel) {
    if (cancel.replyTo() == null || cancel.name() == null) {
      return;
    }
    Optional<RemoteError> refused = gate.check(cancel.hello(), source());
    PlacementEntry entry = entries.get(cancel.name());
    if (refused.isEmpty() && (entry == null || entry.ref == null)) {
      refused = Optional.of(RemoteError.of("UnknownService", "no daemon named " + cancel.name() + " is running"
          + (entry == null ? "" : " yet"), source()));
    }
    Optional<ActorRef<ServicesProtocol.NodeCommand>> inbox = entry == null ? Optional.empty() : view.inbox(entry.node);
    if (refused.isEmpty() && inbox.isEmpty()) {
      refused = Optional.of(RemoteError.of("NodeUnreachable", cancel.name() + " runs on " + entry.node
          + ", which cannot be reached now", source()));
    }
    if (refused.isPresent()) {
      cancel.replyTo().tell(new SpawnFailed(cancel.name(), refused.get()));
      return;
    }
    entry.cancelling = true;
    ctx.ask(SpawnReply.class, inbox.get(), CANCEL_TIMEOUT,
        replyTo -> new ServicesProtocol.CancelHere(gate.hello(), cancel.name(), cancel.requestedBy(), replyTo),
        (reply, error) -> new Placement.CancelAnswered(cancel.name(), cancel.replyTo(), reply, error));
  }

  void answered(Placement.CancelAnswered answered) {
    SpawnReply reply = answered.reply() != null ? answered.reply() : new SpawnFailed(answered.name(), RemoteError.of(
        "Timeout", answered.name() + " did not stop within " + CANCEL_TIMEOUT.toSeconds() + " s", source()));
    answered.replyTo().tell(reply);
    PlacementEntry entry = entries.get(answered.name());
    if (!(reply instanceof ServicesProtocol.Cancelled) && entry != null && entry.cancelling) {
      // it did not stop: it serves on, and those who asked meanwhile get it
      entry.cancelling = false;
      entry.afterStop.forEach(waiter -> placer.place(entry.name, entry.node, waiter));
      entry.afterStop.clear();
    }
  }

  private String source() {
    return ctx.getSelf().path().toString();
  }
}
