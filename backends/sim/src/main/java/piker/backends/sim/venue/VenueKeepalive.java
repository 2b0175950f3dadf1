package piker.backends.sim.venue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;

/**
 * The venue link's keepalive, for the venue and its clients alike: pings every {@code pingInterval};
 * a link silent (no pong) for {@code pongTimeout} is dead; a connection with no bytes at all for
 * {@code idleTimeout} is closed by the server. From {@code piker.venue} in the Pekko configuration
 * (backends' reference.conf documents the values and where they come from).
 */
public record VenueKeepalive(Duration pingInterval, Duration pongTimeout, Duration idleTimeout) {
  public VenueKeepalive {
    if (pingInterval.isNegative() || pingInterval.isZero()) {
      throw new IllegalArgumentException("piker.venue.ping-interval must be positive, got " + pingInterval);
    }
    if (pongTimeout.compareTo(pingInterval) <= 0) {
      throw new IllegalArgumentException("piker.venue.pong-timeout (" + pongTimeout.toMillis() + " ms) must be "
          + "longer than ping-interval (" + pingInterval.toMillis() + " ms), or live links are dropped between pings");
    }
    if (idleTimeout.compareTo(pingInterval) <= 0) {
      throw new IllegalArgumentException("piker.venue.idle-timeout (" + idleTimeout.toMillis() + " ms) must be "
          + "longer than ping-interval (" + pingInterval.toMillis() + " ms), or pinged links count as idle");
    }
  }

  /** From a configuration holding {@code piker.venue} (over the reference values). */
  public static VenueKeepalive from(Config config) {
    Config venue = config.withFallback(ConfigFactory.defaultReference()).getConfig("piker.venue");
    return new VenueKeepalive(venue.getDuration("ping-interval"), venue.getDuration("pong-timeout"),
        venue.getDuration("idle-timeout"));
  }

  /** As this JVM is configured now (application.conf, system properties, reference.conf), read when used. */
  public static VenueKeepalive configured() {
    return from(ConfigFactory.load());
  }
}
