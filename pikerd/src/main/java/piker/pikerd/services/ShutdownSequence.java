package piker.pikerd.services;

import java.util.List;
import java.util.Set;
import piker.contracts.endpoints.DaemonKind;

/**
 * pikerd's ordered stop (architecture.md) as a plain state machine: on a cluster node the placement hears
 * first that this node's daemons are to start elsewhere; then brokerd and paperboi stop, then emsd, datad
 * and samplerd, each step once nothing of the one before runs; then the backends' runtimes (the embedded
 * venue) close. The service manager tells it what still runs and does what it says.
 *
 * <pre>
 *   SERVING --begin(drainFirst)--> DRAINING --drained--> STOPPING(0)
 *   SERVING --begin(lone node)---> STOPPING(0)
 *   STOPPING(n) --advance, none of step n runs--> STOPPING(n+1) ... --> CLOSING_RUNTIMES --runtimesClosed--> DONE
 * </pre>
 */
final class ShutdownSequence {
  /** The stop order of architecture.md: brokerd and paperboi, then emsd, datad, samplerd. */
  static final List<Set<DaemonKind>> ORDER = List.of(
      Set.of(DaemonKind.BROKERD, DaemonKind.PAPERBOI),
      Set.of(DaemonKind.EMSD),
      Set.of(DaemonKind.DATAD),
      Set.of(DaemonKind.SAMPLERD));

  enum Phase { SERVING, DRAINING, STOPPING, CLOSING_RUNTIMES, DONE }

  /** What the manager does after {@link #advance}: nothing yet, stop the new step's daemons, or close the runtimes. */
  enum Next { WAIT, STOP_STEP, CLOSE_RUNTIMES }

  private Phase phase = Phase.SERVING;
  private int step;

  Phase phase() {
    return phase;
  }

  /** Stopping has begun: no daemon is started any more. */
  boolean begun() {
    return phase != Phase.SERVING;
  }

  boolean done() {
    return phase == Phase.DONE;
  }

  /** The step under way (its kinds are {@link #stopping()}). */
  int step() {
    return step;
  }

  /** The kinds the current step stops; none outside {@link Phase#STOPPING}. */
  Set<DaemonKind> stopping() {
    return phase == Phase.STOPPING ? ORDER.get(step) : Set.of();
  }

  /** Begins the stop; true when the first step is to be stopped now (no cluster to tell first). */
  boolean begin(boolean drainFirst) {
    if (phase != Phase.SERVING) {
      return false;
    }
    phase = drainFirst ? Phase.DRAINING : Phase.STOPPING;
    return !drainFirst;
  }

  /** The cluster has heard (or did not answer in time); true when the first step is to be stopped now. */
  boolean drained() {
    if (phase != Phase.DRAINING) {
      return false;
    }
    phase = Phase.STOPPING;
    return true;
  }

  /** Moves past the current step once none of its kinds is in {@code running}. */
  Next advance(Set<DaemonKind> running) {
    if (phase != Phase.STOPPING || running.stream().anyMatch(ORDER.get(step)::contains)) {
      return Next.WAIT;
    }
    step++;
    if (step < ORDER.size()) {
      return Next.STOP_STEP;
    }
    phase = Phase.CLOSING_RUNTIMES;
    return Next.CLOSE_RUNTIMES;
  }

  void runtimesClosed() {
    if (phase == Phase.CLOSING_RUNTIMES) {
      phase = Phase.DONE;
    }
  }
}
