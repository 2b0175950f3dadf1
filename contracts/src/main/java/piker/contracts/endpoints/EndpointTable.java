package piker.contracts.endpoints;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import piker.contracts.spi.Backend;

/**
 * The declarative table of daemon kinds and the endpoints each serves, and the one place that
 * decides whether a backend can run a daemon kind: {@link #endpoints(Backend, DaemonKind)}.
 */
public final class EndpointTable {
  private static final Map<DaemonKind, Set<Endpoint>> BY_KIND = build();

  private EndpointTable() {}

  private static Map<DaemonKind, Set<Endpoint>> build() {
    Map<DaemonKind, Set<Endpoint>> table = new EnumMap<>(DaemonKind.class);
    for (DaemonKind kind : DaemonKind.values()) {
      table.put(kind, EnumSet.noneOf(Endpoint.class));
    }
    for (Endpoint endpoint : Endpoint.values()) {
      endpoint.kind().ifPresent(kind -> table.get(kind).add(endpoint));
    }
    table.replaceAll((kind, set) -> Collections.unmodifiableSet(set));
    return Collections.unmodifiableMap(table);
  }

  /** Every endpoint a daemon kind serves, whatever the backend. */
  public static Set<Endpoint> served(DaemonKind kind) {
    return BY_KIND.get(kind);
  }

  /** Kinds whose endpoints come from a backend (the backend decides what they serve). */
  public static boolean backendDriven(DaemonKind kind) {
    return kind == DaemonKind.DATAD || kind == DaemonKind.BROKERD;
  }

  /**
   * The endpoints of {@code kind} that {@code backend} implements. Empty means the backend cannot run
   * that kind: a backend with no trade endpoint is paper-only.
   */
  public static Set<Endpoint> endpoints(Backend backend, DaemonKind kind) {
    Set<Endpoint> result = EnumSet.noneOf(Endpoint.class);
    for (Endpoint endpoint : served(kind)) {
      if (!endpoint.daemonOwn() && backend.endpoints().contains(endpoint)) {
        result.add(endpoint);
      }
    }
    if (!result.isEmpty()) {
      // a daemon the backend can run also serves what it implements itself
      served(kind).stream().filter(Endpoint::daemonOwn).forEach(result::add);
    }
    return Collections.unmodifiableSet(result);
  }

  /** True when the backend can run a live brokerd; otherwise its accounts are paper-only. */
  public static boolean canTrade(Backend backend) {
    return endpoints(backend, DaemonKind.BROKERD).contains(Endpoint.OPEN_TRADE_DIALOG);
  }
}
