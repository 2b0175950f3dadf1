package piker.pikerd.cli;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import piker.backends.sim.SimBackend;
import piker.backends.sim.client.VenueConnection;
import piker.backends.sim.venue.SimVenue;
import piker.backends.sim.venue.VenueJson;
import piker.contracts.RemoteException;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.Echoed;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.contracts.spi.BackendCatalog;
import piker.pikerd.client.NoPikerdException;
import piker.pikerd.client.PikerClient;
import piker.pikerd.config.ConfigDir;
import piker.pikerd.runtime.Logging;
import sun.misc.Signal;

/** {@code piker sim}: the sim venue, standalone or poked directly. */
@Command(name = "sim", description = "The sim venue: run one standalone, or inject ticks into it.",
    subcommands = {SimCommand.Serve.class, SimCommand.Push.class},
    exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_FAILED, HelpText.EXIT_BAD_INPUT,
        "3:no sim venue is reachable (push), or the venue could not start (serve)"},
    footer = {HelpText.ENV_CONFIG_DIR, HelpText.EXAMPLES,
        "  piker sim serve --port 6117",
        "  piker sim push btcusdt.spot.sim trade 60000.5 0.1"})
final class SimCommand extends CommandGroup {

  /** conf.toml's {@code [sim]}, the whole file checked first: a bad one exits 2 naming its line. */
  private static Map<String, Object> simSection(Path dir) {
    return ConfToml.read(dir, BackendCatalog.load(SimCommand.class.getClassLoader())).section(SimBackend.NAME);
  }

  /** {@code piker sim serve [--port P]}: a standalone venue in the foreground. */
  @Command(name = "serve",
      description = "Run the sim venue standalone in the foreground; prints `sim venue ready HOST:PORT`.",
      exitCodeList = {HelpText.EXIT_STOPPED, HelpText.EXIT_FAILED, HelpText.EXIT_BAD_INPUT,
          "3:the venue could not start (its port is in use)"},
      footer = {HelpText.ENV_CONFIG_DIR, HelpText.EXAMPLES,
          "  piker sim serve",
          "  piker -c /tmp/venue sim serve --port 0"})
  static final class Serve implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = "6117",
        description = "Port on 127.0.0.1 (default 6117; 0 for an ephemeral one).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
      Inputs.inRange("--port", port, 0, 65535);
      Path dir = global.configDir();
      ConfigDir.ensure(dir);
      Logging.configure(global.logLevel(Level.INFO), Optional.empty());
      try {
        SimVenue venue;
        try {
          venue = SimVenue.start(SimBackend.venueSettings(dir, simSection(dir), port), false);
        } catch (IllegalStateException e) {
          spec.commandLine().getErr().println("sim serve: " + e.getMessage());
          return ExitCodes.NO_PIKERD;
        }
        CompletableFuture<Void> stop = new CompletableFuture<>();
        for (String name : new String[] {"INT", "TERM"}) {
          Signal.handle(new Signal(name), signal -> stop.complete(null));
        }
        spec.commandLine().getOut().println("sim venue ready " + venue.address());
        spec.commandLine().getOut().flush();
        stop.join();
        venue.close();
        return ExitCodes.OK;
      } finally {
        Logging.stop();
      }
    }
  }

  /** {@code piker sim push FQME TYPE PRICE [SIZE]}: one tick straight into the venue. */
  @Command(name = "push", description = "Inject one tick (trade, bid or ask) into the sim venue.",
      exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_FAILED, HelpText.EXIT_BAD_INPUT,
          "3:no sim venue is reachable: none is configured and no pikerd started one"},
      footer = {HelpText.ENV_CONFIG_DIR, HelpText.EXAMPLES,
          "  piker sim push btcusdt.spot.sim trade 60000.5 0.1",
          "  piker sim push ethusdt.spot.sim bid 2999.99"})
  static final class Push implements Callable<Integer> {
    private static final Set<String> TYPES = Set.of("trade", "bid", "ask");

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FQME", description = "A sim market, e.g. btcusdt.spot.sim.")
    String fqmeText;

    @Parameters(index = "1", paramLabel = "TYPE", description = "trade, bid or ask")
    String type;

    @Parameters(index = "2", paramLabel = "PRICE", description = "On the market's price tick.")
    String priceText;

    @Parameters(index = "3", paramLabel = "SIZE", arity = "0..1", defaultValue = "1", description = "Default 1.")
    String sizeText;

    @Override
    public Integer call() {
      Fqme fqme = Inputs.fqme(fqmeText, BackendCatalog.load(Push.class.getClassLoader()));
      if (!fqme.broker().equals(SimBackend.NAME)) {
        throw new BadInputException("'" + fqme + "' is not a sim market: push injects into the sim venue only");
      }
      if (!TYPES.contains(type)) {
        throw new BadInputException("invalid tick type '" + Echoed.cut(type) + "': use trade, bid or ask");
      }
      BigDecimal price = Inputs.positive(priceText, "price");
      BigDecimal size = Inputs.positive(sizeText, "size");
      Logging.configure(global.logLevel(Level.WARN), Optional.empty());
      try {
        Path dir = global.configDir();
        Map<String, Object> config = simSection(dir);
        Optional<String> known = SimBackend.findVenue(dir, config);
        if (known.isEmpty()) {
          return push(embeddedVenue(dir, config).orElseThrow(() -> new NoPikerdException("no sim venue is reachable:"
              + " none is configured ([sim] venue) and pikerd did not start one for " + dir)), fqme, price, size);
        }
        try {
          return push(known.get(), fqme, price, size);
        } catch (NoPikerdException unreachable) {
          if (!SimBackend.configuredVenue(config).isEmpty()) {
            throw unreachable;
          }
          // announced by a pikerd that could not take it back (killed): the running pikerd's own venue, if any
          Optional<String> fresh;
          try {
            fresh = embeddedVenue(dir, config).filter(address -> !address.equals(known.get()));
          } catch (NoPikerdException none) {
            throw unreachable;
          }
          return push(fresh.orElseThrow(() -> unreachable), fqme, price, size);
        }
      } finally {
        Logging.stop();
      }
    }

    /**
     * pikerd starts its embedded venue when the sim backend is first used (cli.md): nothing configured and
     * none started yet, the push is that first use. Exits 3 as any client when no pikerd answers.
     */
    private Optional<String> embeddedVenue(Path dir, Map<String, Object> config) {
      Level level = global.logLevel(Level.WARN);
      try (PikerClient client = PikerClient.connect(dir, global.registry(false), Logging.pekkoLevel(level),
          ClientCommand.connectTimeout(), ClientCommand.notices(spec, global))) {
        client.maybeSpawn(ServiceName.of(DaemonKind.DATAD, SimBackend.NAME));
      }
      return SimBackend.findVenue(dir, config);
    }

    private int push(String address, Fqme fqme, BigDecimal price, BigDecimal size) {
      VenueConnection connection;
      try {
        connection = VenueConnection.open(address, event -> { }, error -> { }).get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while connecting to the sim venue at " + address, e);
      } catch (ExecutionException | TimeoutException e) {
        throw new NoPikerdException("no sim venue answers at " + address + ": start pikerd (it runs one) or "
            + "`piker sim serve`", e.getCause() != null ? e.getCause() : e);
      }
      try {
        ObjectNode request = connection.json().object().put("op", "push").put("market", fqme.bsFqme())
            .put("type", type).put("price", price.toPlainString()).put("size", size.toPlainString());
        JsonNode taken = connection.request(request).get(10, TimeUnit.SECONDS);
        spec.commandLine().getOut().println(shown(fqme, taken));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RemoteException remote
            && Set.of("UnknownMarket", "BadRequest").contains(remote.error().type())) {
          throw new BadInputException(remote.error().message());
        }
        throw e.getCause() instanceof RuntimeException runtime ? runtime
          : new IllegalStateException(e.getCause().getMessage(), e.getCause());
      } catch (TimeoutException e) {
        throw new IllegalStateException("the sim venue at " + address + " did not answer within 10 s", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the sim venue at " + address, e);
      } finally {
        connection.close();
      }
    }

    /** The tick as the venue took it: {@code FQME TYPE PRICExSIZE at ISO-TIME}, or a JSON object. */
    private String shown(Fqme fqme, JsonNode taken) {
      BigDecimal price = VenueJson.decimal(taken, "price");
      BigDecimal size = VenueJson.decimal(taken, "size");
      long timeNs = taken.path("time_ns").asLong();
      if (global.json()) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("fqme", fqme.toString());
        view.put("type", taken.path("type").asText());
        view.put("price", price);
        view.put("size", size);
        view.put("time_ns", timeNs);
        return new Json().write(view);
      }
      return fqme + " " + taken.path("type").asText() + " " + price.toPlainString() + "x" + size.toPlainString()
          + " at " + Instant.ofEpochSecond(0, timeNs);
    }
  }
}
