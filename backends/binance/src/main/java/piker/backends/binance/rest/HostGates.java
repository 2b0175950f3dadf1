package piker.backends.binance.rest;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The {@link HostGate}s of one backend instance, one per REST host, shared by its data and trade side: Binance
 * counts weight per IP, so two budgets for one host would each think they had all of it (docs/venues/binance.md
 * 4.1, 13.3). Every gate reads the one clock given here (Binance's time, so minute windows match the venue's).
 * Owned by whoever opens the clients (the backend); nothing is shared through static state.
 */
public final class HostGates {
  private final Map<String, HostGate> hosts = new ConcurrentHashMap<>();
  private final LongSupplier serverNowMs;

  public HostGates(LongSupplier serverNowMs) {
    this.serverNowMs = serverNowMs;
  }

  /** The gate of the host {@code base} names (scheme, host and port). */
  public HostGate of(URI base) {
    return hosts.computeIfAbsent(base.getScheme() + "://" + base.getRawAuthority(), host -> new HostGate(serverNowMs));
  }
}
