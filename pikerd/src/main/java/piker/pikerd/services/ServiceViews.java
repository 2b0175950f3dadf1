package piker.pikerd.services;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.pikerd.ServicesProtocol.ServiceInfo;

/** What the service manager's table shows: a lone node's listing for clients, a node's daemons for the placement. */
final class ServiceViews {
  private final ActorContext<?> ctx;
  private final Instant startedAt;

  ServiceViews(ActorContext<?> ctx, Instant startedAt) {
    this.ctx = ctx;
    this.startedAt = startedAt;
  }

  Instant startedAt() {
    return startedAt;
  }

  /** pikerd itself, then every daemon that has started (`piker services` on a lone node). */
  List<ServiceInfo> listing(Collection<DaemonEntry> entries) {
    List<ServiceInfo> services = new ArrayList<>();
    services.add(new ServiceInfo("pikerd", DaemonKind.PIKERD.wireName(), nodeAddress(ctx.getSelf()), startedAt, 0));
    for (DaemonEntry entry : entries) {
      if (entry.started != null) {
        services.add(info(entry));
      }
    }
    return services;
  }

  /** What runs here, refs included (null while starting): for the placement's table, never for a client. */
  List<ServicesProtocol.RunningDaemon> running(Collection<DaemonEntry> entries) {
    List<ServicesProtocol.RunningDaemon> daemons = new ArrayList<>();
    for (DaemonEntry entry : entries) {
      if (!entry.cancelling) {
        daemons.add(new ServicesProtocol.RunningDaemon(entry.started == null ? null : info(entry), entry.name,
            entry.started == null ? null : entry.ref));
      }
    }
    return daemons;
  }

  /** The address of the node {@code ref} lives on, this node's own for a local ref. */
  String nodeAddress(ActorRef<?> ref) {
    Address address = ref.path().address();
    if (address.hasLocalScope()) {
      address = ctx.getSystem().address();
    }
    return address.toString();
  }

  private ServiceInfo info(DaemonEntry entry) {
    return new ServiceInfo(entry.name.toString(), entry.name.kind().wireName(), nodeAddress(entry.ref), entry.started,
        entry.restarts());
  }
}
