package piker.pikerd.cluster;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol.SpawnReply;

/**
 * One name's place in the placement's table ({@link PlacementTable}). {@code ref} is null until its node reports
 * it started; such an entry stays pinned to its node even when a start failed (the node may be retrying it), so
 * that no second copy starts elsewhere.
 */
final class PlacementEntry {
  final ServiceName name;
  final Address node;
  /** Tells this entry's answers from those of an earlier entry of the name on the same address. */
  final long attempt;
  ActorRef<DaemonProtocol.Command> ref;
  /** A SpawnHere to its node is unanswered. */
  boolean inFlight;
  boolean cancelling;
  final List<ActorRef<SpawnReply>> waiters = new ArrayList<>();
  /** Requests that came while it stopped: placed afresh once it has. */
  final List<ActorRef<SpawnReply>> afterStop = new ArrayList<>();

  PlacementEntry(ServiceName name, Address node, long attempt) {
    this.name = name;
    this.node = node;
    this.attempt = attempt;
  }
}
