package piker.contracts.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The venue clients' meters: links lost (each followed by a reconnect), waits for a venue's rate limit, and
 * the venue's own rate refusals. JVM-wide, as the venues' links and rate gates are (Binance's weights are per
 * IP, one gate per host in the JVM), so they go to Micrometer's global registry, which pikerd's metrics
 * server publishes beside its actor system's; the clients need no registry handed down. Thread-safe.
 */
public final class VenueMeters {
  private static final Map<String, Counter> RECONNECTS = new ConcurrentHashMap<>();
  private static final Map<String, Counter> REFUSALS = new ConcurrentHashMap<>();
  private static final Map<String, Timer> WAITS = new ConcurrentHashMap<>();

  private VenueMeters() {}

  /** A live link to the venue was lost and is being re-established ({@code link}: market, user, venue, ...). */
  public static void reconnecting(String backend, String link) {
    RECONNECTS.computeIfAbsent(backend + '|' + link, key -> Counter.builder("piker.venue.reconnects")
        .description("Venue links lost and being re-established (one per loss, however many attempts)")
        .tag("backend", backend).tag("link", link).register(io.micrometer.core.instrument.Metrics.globalRegistry))
        .increment();
  }

  /** A request waited {@code millis} before it could go, to stay within the venue's rate limit. */
  public static void rateLimitWait(String backend, long millis) {
    WAITS.computeIfAbsent(backend, key -> Timer.builder("piker.venue.ratelimit.wait")
            .description("Time requests waited to stay within a venue's rate limit").tag("backend", backend)
            .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(2)).register(io.micrometer.core.instrument.Metrics.globalRegistry))
        .record(Math.max(0, millis), TimeUnit.MILLISECONDS);
  }

  /** The venue refused a request for its rate limit (HTTP 429/418, Binance -1003, Kraken "EAPI:Rate limit"). */
  public static void rateLimitRefused(String backend) {
    REFUSALS.computeIfAbsent(backend, key -> Counter.builder("piker.venue.ratelimit.refusals")
        .description("Requests the venue refused for its rate limit").tag("backend", backend)
        .register(io.micrometer.core.instrument.Metrics.globalRegistry)).increment();
  }
}
