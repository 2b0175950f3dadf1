package piker.backends.sim.venue;

import java.nio.file.Path;
import java.time.Clock;

/**
 * How a venue runs: where it listens, where it keeps its files, its walk and how many markets it lists.
 *
 * @param host     listen address (loopback)
 * @param port     0 for an ephemeral port
 * @param dir      {@code <config-dir>/sim-venue}
 * @param seed     the walk's seed
 * @param tickRate walk steps per second per market; 0 makes every market quiet
 * @param clock    the venue's wall clock
 * @param markets  how many markets the catalogue lists (see {@link SimCatalog#standard(int)}); 0: the standard ones
 */
public record VenueSettings(String host, int port, Path dir, long seed, long tickRate, Clock clock, int markets) {
  /** The fastest walk a venue runs (conf.toml {@code [sim] tick_rate}). */
  public static final long MAX_TICK_RATE = 1000;
  /** The most markets a venue lists (conf.toml {@code [sim] markets}). */
  public static final int MAX_MARKETS = 10_000;

  public VenueSettings {
    if (tickRate < 0 || tickRate > MAX_TICK_RATE) {
      throw new IllegalArgumentException("tick_rate must be 0..1000 per second, got " + tickRate);
    }
    if (markets < 0 || markets > MAX_MARKETS) {
      throw new IllegalArgumentException("markets must be 0.." + MAX_MARKETS + ", got " + markets);
    }
  }

  /** The standard catalogue. */
  public VenueSettings(String host, int port, Path dir, long seed, long tickRate, Clock clock) {
    this(host, port, dir, seed, tickRate, clock, 0);
  }
}
