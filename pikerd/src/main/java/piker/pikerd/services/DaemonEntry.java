package piker.pikerd.services;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol.SpawnReply;

/**
 * One daemon in the service manager's table, from the first request for it until it has stopped. {@code ref}
 * is null while its set-up runs (conf.toml, its backend's runtime, its dependencies), {@code started} until its
 * first Started. Owned by the manager's thread alone.
 */
final class DaemonEntry {
  final ServiceName name;
  /** Tells this spawn's asynchronous steps from those of an earlier entry of the same name. */
  final long attempt;
  ActorRef<DaemonProtocol.Command> ref;
  /** Requests waiting for it to start (or to fail). */
  final List<ActorRef<SpawnReply>> waiters = new ArrayList<>();
  /** Requests waiting for it to stop. */
  final List<ActorRef<SpawnReply>> cancelWaiters = new ArrayList<>();
  Instant started;
  /** Start attempts so far: the first, then one per restart. */
  int attempts;
  boolean cancelling;
  /** It refused to start (a damage no restart fixes) and stops: not a daemon that keeps failing. */
  boolean refused;

  DaemonEntry(ServiceName name, long attempt) {
    this.name = name;
    this.attempt = attempt;
  }

  int restarts() {
    return Math.max(0, attempts - 1);
  }

  /** Whether it is still being set up: no actor yet. */
  boolean preparing() {
    return ref == null;
  }

  /** Answers every request waiting for it to start (the waiters stay until the caller clears them). */
  void tellWaiters(SpawnReply reply) {
    waiters.forEach(waiter -> waiter.tell(reply));
  }
}
