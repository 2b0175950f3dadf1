package piker.backends.binance.ws;

import java.time.Duration;
import piker.backends.wire.WsLink;

/** Binance's side of the shared link's watchdog (docs/venues/binance.md 8). */
public final class Keepalives {
  /** Three of Binance's 20 s pings missed: dead, pong or no pong, for a server that never answers ours. */
  public static final Duration QUIET_DEAD_AFTER = Duration.ofSeconds(60);

  private Keepalives() {}

  /** Our pings after {@code pingAfter} of silence, dead after {@code deadAfter}, renewed at {@code renewAfter}. */
  public static WsLink.Keepalive of(Duration pingAfter, Duration deadAfter, Duration renewAfter) {
    return new WsLink.Keepalive(pingAfter, deadAfter, renewAfter, QUIET_DEAD_AFTER);
  }
}
