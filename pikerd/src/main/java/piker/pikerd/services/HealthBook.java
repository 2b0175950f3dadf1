package piker.pikerd.services;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol.DaemonHealth;
import piker.contracts.pikerd.ServicesProtocol.HealthReport;

/**
 * What /health and {@code piker status} say of this node's daemons: each one's state and since when. A
 * daemon that failed for good (its supervisor gave up, or it refused to start) stays listed as failed until
 * it is asked for again; one stopped on request or at shutdown is forgotten, and so is a name that could not
 * be started at all (no such backend). Fed by the service manager.
 */
final class HealthBook {
  private final Clock clock;
  private final Map<String, DaemonHealth> byName = new TreeMap<>();

  HealthBook(Clock clock) {
    this.clock = clock;
  }

  void starting(ServiceName name) {
    put(name, DaemonHealth.STARTING, 0, null);
  }

  void up(ServiceName name, int restarts) {
    put(name, DaemonHealth.UP, restarts, null);
  }

  void restarting(ServiceName name, int restarts, String error) {
    put(name, DaemonHealth.RESTARTING, restarts, error);
  }

  void failed(ServiceName name, int restarts, String error) {
    put(name, DaemonHealth.FAILED, restarts, error);
  }

  void stopped(ServiceName name) {
    byName.remove(name.toString());
  }

  HealthReport report(String node) {
    List<DaemonHealth> daemons = new ArrayList<>(byName.values());
    boolean failing = daemons.stream().anyMatch(DaemonHealth::failing);
    return new HealthReport(node, failing ? HealthReport.FAILING : HealthReport.OK, daemons, null);
  }

  private void put(ServiceName name, String state, int restarts, String error) {
    DaemonHealth before = byName.get(name.toString());
    // a state held on keeps its "since": a restart counted while still restarting is no new state
    boolean same = before != null && before.state().equals(state);
    byName.put(name.toString(), new DaemonHealth(name.toString(), name.kind().wireName(), state, restarts,
        same ? before.since() : clock.instant(), error));
  }
}
