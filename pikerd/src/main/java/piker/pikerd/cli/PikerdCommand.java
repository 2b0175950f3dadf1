package piker.pikerd.cli;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.spi.BackendCatalog;
import piker.pikerd.cluster.NodeRole;
import piker.pikerd.config.ConfigDir;
import piker.pikerd.metrics.MetricsServer;
import piker.pikerd.runtime.InstanceLock;
import piker.pikerd.runtime.FirstClientWarmUp;
import piker.pikerd.runtime.Logging;
import piker.pikerd.runtime.PikerdNode;
import piker.pikerd.runtime.RegistryAddress;
import piker.pikerd.runtime.StopSignal;
import piker.pikerd.services.DaemonCatalog;
import piker.pikerd.tls.RemotingTls;
import piker.pikerd.tls.TlsFiles;

/**
 * {@code piker pikerd}: runs the root daemon in the foreground until SIGINT or SIGTERM, then stops
 * the tree in order and exits 0.
 */
@Command(name = "pikerd",
    description = {"Run the root daemon in the foreground; prints `pikerd ready HOST:PORT` once ready.",
        "bin/pikerd ARGS is piker pikerd ARGS."},
    exitCodeList = {HelpText.EXIT_STOPPED, "1:the node stopped without a signal",
        "2:bad input: an option, or conf.toml (its line is named)",
        "3:could not start: the address is in use, another pikerd owns the config dir, --join was refused,",
        "  or the address is beyond loopback and the config dir has no TLS files (piker certs init)"},
    footer = {HelpText.ENV_CONFIG_DIR, HelpText.ENV_REGISTRY, HelpText.ENV_BROKER_FIELDS, HelpText.EXAMPLES,
        "  piker pikerd",
        "  piker pikerd -c /tmp/piker --registry 127.0.0.1:0 --loglevel debug",
        "  piker pikerd -c /tmp/node2 --registry 127.0.0.1:6117 --join 127.0.0.1:6116 --roles data"})
final class PikerdCommand implements Callable<Integer> {
  static final String DEFAULT_METRICS = "127.0.0.1:9464";

  /** {@code PORT} (on loopback) or {@code HOST:PORT}. */
  static final class MetricsAddressConverter implements picocli.CommandLine.ITypeConverter<RegistryAddress> {
    @Override
    public RegistryAddress convert(String value) {
      try {
        return RegistryAddress.parse(value.contains(":") ? value : "127.0.0.1:" + value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Option(names = "--join", paramLabel = "HOST:PORT", converter = GlobalOptions.RegistryConverter.class,
      description = {"Join the cluster of the pikerd at HOST:PORT (usually the first one) instead of starting one.",
          "The config dirs' cookies must match (copy <config-dir>/cookie); another one exits 3."})
  RegistryAddress join;

  @Option(names = "--roles", paramLabel = "ROLE[,ROLE...]",
      description = {"The daemons this node may run: data (datad), clearing (emsd, paperboi), broker (brokerd);",
          "samplerd runs on any node. Default: every role."})
  String roles;

  @Option(names = "--metrics", paramLabel = "[HOST:]PORT", arity = "0..1", fallbackValue = DEFAULT_METRICS,
      converter = MetricsAddressConverter.class,
      description = {"Serve Prometheus metrics at http://HOST:PORT/metrics and this node's health at /health",
          "(off by default; --metrics alone is " + DEFAULT_METRICS + "; a bare PORT is on 127.0.0.1)."})
  RegistryAddress metrics;

  @Option(names = "--test-dir", hidden = true, paramLabel = "DIR",
      description = "Keep every daemon's writable state under DIR (test isolation; also $PIKER_TEST_DIR).")
  Path testDir;

  /** TERM and INT, taken over by main as the JVM started (or here, when run in-process). */
  private StopSignal stop;

  PikerdCommand() {}

  PikerdCommand(StopSignal stop) {
    this.stop = stop;
  }

  @Override
  public Integer call() throws IOException {
    if (stop == null) {
      stop = StopSignal.install();
    }
    RegistryAddress address = global.registry(true);
    PikerdNode.Membership membership = membership();
    Path dir = global.configDir();
    if (TlsFiles.in(dir).partial()) {
      throw new BadInputException(TlsFiles.in(dir).incomplete());
    }
    if (RemotingTls.beyondLoopback(address.host()) && !RemotingTls.enabled(dir)) {
      spec.commandLine().getErr().println("pikerd: remoting on " + address + " could be reached from other machines,"
          + " which needs TLS with mutual authentication: run `piker certs init -c " + dir + "` here, and `piker"
          + " certs issue OTHER-DIR -c " + dir + "` for each other node and client (docs/operations.md); or serve"
          + " on 127.0.0.1");
      return ExitCodes.NO_PIKERD;
    }
    ConfigDir.ensure(dir, NodeRole.admits(membership.roles(), piker.contracts.endpoints.DaemonKind.BROKERD));
    BackendCatalog backends = BackendCatalog.load(PikerdCommand.class.getClassLoader());
    // a typo in conf.toml would silently leave a limit or account out: refuse to start, naming the line
    ConfToml.read(dir, backends);
    Level level = global.logLevel(Level.INFO);
    Logging.configure(level, Optional.of(dir.resolve("logs").resolve("pikerd.log")));
    Logger log = LoggerFactory.getLogger(PikerdCommand.class);
    try {
      return serve(address, membership, dir, level, log, backends);
    } finally {
      Logging.stop();
    }
  }

  private int serve(RegistryAddress address, PikerdNode.Membership membership, Path dir, Level level, Logger log,
                    BackendCatalog backends)
      throws IOException {
    Optional<InstanceLock> lock = InstanceLock.acquire(dir, InstanceLock.BRIEF_HOLD_PATIENCE);
    if (lock.isEmpty()) {
      spec.commandLine().getErr().println(InstanceLock.heldBriefly(dir)
          ? "pikerd: a command (" + InstanceLock.holder(dir) + ") kept the config dir " + dir + " for over "
              + InstanceLock.BRIEF_HOLD_PATIENCE.toSeconds() + " s"
          : "pikerd: another pikerd (" + InstanceLock.holder(dir) + ") already owns the config dir " + dir);
      return ExitCodes.NO_PIKERD;
    }
    try (InstanceLock held = lock.get()) {
      if (stop.isRequested()) {
        log.info("{} before start: not starting", stop.requested().toCompletableFuture().join());
        return ExitCodes.OK;
      }
      ConfigDir.ensureCookie(dir);
      RuntimeSettings settings = new RuntimeSettings(dir, level.levelStr.toLowerCase(java.util.Locale.ROOT),
          testDir().map(Path::toAbsolutePath));
      DaemonCatalog catalog = DaemonCatalog.standard(backends);
      Optional<String> metricsTaken = metrics == null ? Optional.empty() : taken(metrics);
      if (metricsTaken.isPresent()) {
        // said before the node starts daemons or joins a cluster, not after
        spec.commandLine().getErr().println("pikerd: cannot serve metrics at " + metrics + ": " + metricsTaken.get());
        return ExitCodes.NO_PIKERD;
      }
      ActorSystem<Void> system;
      try {
        system = PikerdNode.start(settings, catalog, address, membership, Logging.pekkoLevel(level),
            stop.requested());
      } catch (PikerdNode.AddressInUseException | PikerdNode.JoinRefusedException e) {
        spec.commandLine().getErr().println("pikerd: " + e.getMessage());
        return ExitCodes.NO_PIKERD;
      } catch (PikerdNode.StoppedWhileStartingException e) {
        if (stop.isRequested()) {
          log.info("{} while starting: stopped", stop.requested().toCompletableFuture().join());
          return ExitCodes.OK;
        }
        log.error("pikerd's node stopped before it was up; see the log above");
        return ExitCodes.FAILED;
      }
      Optional<String> metricsUrl = metrics == null ? Optional.empty() : serveMetrics(system, settings, log);
      if (metrics != null && metricsUrl.isEmpty()) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
        return ExitCodes.NO_PIKERD;
      }
      FirstClientWarmUp.run(system);
      String host = system.address().getHost().orElse(address.host());
      int port = system.address().getPort().orElse(address.port());
      held.describe("pid " + ProcessHandle.current().pid() + " at " + host + ":" + port);
      stop.requested().thenAccept(signal -> log.info("{}: shutting down", signal));
      if (!stop.isRequested()) {
        log.info("pikerd ready at {}:{} with config dir {}", host, port, dir);
        spec.commandLine().getOut().println("pikerd ready " + host + ":" + port);
        metricsUrl.ifPresent(url -> spec.commandLine().getOut().println("pikerd metrics " + url));
        spec.commandLine().getOut().flush();
      }
      system.getWhenTerminated().toCompletableFuture().join();
      log.info("pikerd stopped");
      return stop.isRequested() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  /** Why {@code address} cannot be bound now, if it cannot (port 0 always can). */
  private static Optional<String> taken(RegistryAddress address) {
    if (address.port() == 0) {
      return Optional.empty();
    }
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.bind(new java.net.InetSocketAddress(address.host(), address.port()));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Binds the metrics server before the ready line: its /metrics URL, or empty (said on stderr) when it cannot. */
  private Optional<String> serveMetrics(ActorSystem<Void> system, RuntimeSettings settings, Logger log) {
    try {
      java.net.InetSocketAddress bound = MetricsServer.start(system, settings, metrics).toCompletableFuture()
          .get(20, java.util.concurrent.TimeUnit.SECONDS).localAddress();
      if (RemotingTls.beyondLoopback(metrics.host())) {
        log.warn("metrics and health are served beyond loopback, at {}: they name markets and daemons, not secrets;"
            + " put them behind your firewall", metrics);
      }
      String url = "http://" + metrics.host() + ":" + bound.getPort() + "/metrics";
      log.info("metrics at {}, health at /health", url);
      return Optional.of(url);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      spec.commandLine().getErr().println("pikerd: cannot serve metrics at " + metrics + ": " + cause.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private PikerdNode.Membership membership() {
    java.util.Set<NodeRole> parsed = java.util.Set.of();
    if (roles != null) {
      try {
        parsed = NodeRole.parse(roles);
      } catch (IllegalArgumentException e) {
        throw new BadInputException("invalid --roles '" + roles + "': " + e.getMessage());
      }
    }
    if (join != null && join.port() == 0) {
      throw new BadInputException("invalid --join '" + join + "': name the port of the pikerd to join");
    }
    return new PikerdNode.Membership(Optional.ofNullable(join), parsed);
  }

  private Optional<Path> testDir() {
    if (testDir != null) {
      return Optional.of(testDir);
    }
    String env = System.getenv("PIKER_TEST_DIR");
    return env == null || env.isBlank() ? Optional.empty() : Optional.of(Path.of(env));
  }
}
