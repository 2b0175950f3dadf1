package piker.backends.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import piker.backends.sim.client.SimDataClient;
import piker.backends.sim.client.SimTradeClient;
import piker.backends.sim.client.VenueConnection;
import piker.backends.sim.venue.SimVenue;
import piker.backends.sim.venue.VenueSettings;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.BackendRuntime;
import piker.contracts.spi.Credentials;
import piker.contracts.spi.DataClient;
import piker.contracts.spi.SettingType;
import piker.contracts.spi.SettingsSchema;
import piker.contracts.spi.SettingsSchema.Setting;
import piker.contracts.spi.TradeClient;

/**
 * The sim backend: talks to the sim venue exactly as a real backend talks to its exchange. With no
 * {@code [sim] venue} configured, pikerd runs an embedded venue as this backend's runtime.
 */
public final class SimBackend implements Backend {
  public static final String NAME = "sim";
  static final String VENUE_DIR = "sim-venue";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<Endpoint> endpoints() {
    return EnumSet.of(Endpoint.GET_CLIENT, Endpoint.STREAM_QUOTES, Endpoint.GET_MKT_INFO,
        Endpoint.OPEN_SYMBOL_SEARCH, Endpoint.OPEN_HISTORY_CLIENT, Endpoint.OPEN_TRADE_DIALOG, Endpoint.NORM_TRADE);
  }

  /** {@code [sim]} of conf.toml; {@code [sim.accounts]} (the live accounts) is pikerd's. */
  @Override
  public SettingsSchema settingsSchema() {
    return SettingsSchema.of(
        new Setting("seed", SettingType.wholeNumber(), "random-walk seed; the walk is a function of (seed, market, time)"),
        new Setting("tick_rate", SettingType.wholeNumber(0, VenueSettings.MAX_TICK_RATE),
            "random-walk ticks per second per market; 0 = quiet: only pushed ticks"),
        new Setting("venue", SettingType.hostPort(true),
            "\"HOST:PORT\" of a standalone venue; empty: pikerd starts an embedded one"),
        new Setting("request_timeout_ms", SettingType.wholeNumber(1, 600_000),
            "how long a request to the venue may take before it fails (default 10000)"),
        new Setting("markets", SettingType.wholeNumber(0, VenueSettings.MAX_MARKETS),
            "markets the venue lists: the standard ones, then numbered spot markets (s1usdt.spot, …) up to this "
            + "many, for load tests (default 0: the standard ones)"));
  }

  @Override
  public CompletionStage<BackendRuntime> startRuntime(BackendContext context) {
    if (!configuredVenue(context.config()).isEmpty()) {
      return CompletableFuture.completedFuture(BackendRuntime.none());
    }
    VenueSettings settings = venueSettings(context.settings().configDir(), context.config(), 0);
    return CompletableFuture.supplyAsync(() -> {
      SimVenue venue = SimVenue.start(settings, true);
      return new BackendRuntime() {
        @Override
        public Map<String, Object> options() {
          return Map.of("venue", venue.address());
        }

        @Override
        public void close() {
          venue.close();
        }
      };
    });
  }

  @Override
  public CompletionStage<DataClient> openDataClient(BackendContext context) {
    String venue = configuredVenue(context.config());
    if (venue.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalStateException(
          "no sim venue: set [sim] venue in conf.toml, or let pikerd start its embedded one"));
    }
    return SimDataClient.connect(venue).thenApply(client -> client);
  }

  @Override
  public CompletionStage<TradeClient> openTradeClient(BackendContext context, Credentials credentials,
                                                      String venueAccount, TradeClient.TradeListener listener) {
    String venue = configuredVenue(context.config());
    if (venue.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalStateException(
          "no sim venue: set [sim] venue in conf.toml, or let pikerd start its embedded one"));
    }
    Duration timeout = Duration.ofMillis(number(context.config(), "request_timeout_ms",
        VenueConnection.REQUEST_TIMEOUT.toMillis()));
    return SimTradeClient.open(venue, credentials, venueAccount, listener, timeout);
  }

  /** A venue's settings from conf.toml's [sim] section, keeping its files under the config dir. */
  public static VenueSettings venueSettings(Path configDir, Map<String, Object> config, int port) {
    return new VenueSettings("127.0.0.1", port, configDir.resolve(VENUE_DIR), number(config, "seed", 42),
        number(config, "tick_rate", 10), Clock.systemUTC(), Math.toIntExact(number(config, "markets", 0)));
  }

  /**
   * Where a client finds the venue: {@code [sim] venue}, else the address pikerd's embedded venue
   * announced in the config dir.
   */
  public static Optional<String> findVenue(Path configDir, Map<String, Object> config) {
    String configured = configuredVenue(config);
    if (!configured.isEmpty()) {
      return Optional.of(configured);
    }
    try {
      Path announced = configDir.resolve(VENUE_DIR).resolve("venue.address");
      return Files.exists(announced)
          ? Optional.of(Files.readString(announced, StandardCharsets.UTF_8).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** {@code [sim] venue} as configured ("HOST:PORT" of a standalone venue), or "" when pikerd runs its own. */
  public static String configuredVenue(Map<String, Object> config) {
    Object venue = config.get("venue");
    return venue == null ? "" : venue.toString().strip();
  }

  private static long number(Map<String, Object> config, String key, long fallback) {
    Object value = config.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number number) {
      return number.longValue();
    }
    try {
      return Long.parseLong(value.toString().strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("[sim] " + key + " must be a whole number, got '" + value + "'");
    }
  }
}
