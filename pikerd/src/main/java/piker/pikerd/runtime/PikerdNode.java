package piker.pikerd.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.BindException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.slf4j.LoggerFactory;
import piker.contracts.daemon.RuntimeSettings;
import piker.pikerd.Pikerd;
import piker.pikerd.services.DaemonCatalog;

/** Starts pikerd's ActorSystem: a self-joined one-node cluster on the registry address. */
public final class PikerdNode {
  /** Every piker cluster node carries this system name (pekko-notes item 7). */
  public static final String SYSTEM_NAME = "piker";
  private static final Duration UP_TIMEOUT = Duration.ofSeconds(20);

  private PikerdNode() {}

  /** Raised when the address is taken; the CLI exits 3. */
  public static final class AddressInUseException extends RuntimeException {
    public AddressInUseException(RegistryAddress address, Throwable cause) {
      super("cannot bind " + address + ": the address is in use (another pikerd, or another program?)", cause);
    }
  }

  /** A stop was asked for before the node was up; the node has stopped in order. */
  public static final class StoppedWhileStartingException extends RuntimeException {
    StoppedWhileStartingException() {
      super("pikerd was stopped while it started");
    }
  }

  /**
   * Starts the node and waits until it is an Up member of its own cluster. Once {@code stop} completes
   * (at any time, before or after this returns) the node runs its coordinated shutdown, as soon as it
   * is up; if it stops before it is up, this throws {@link StoppedWhileStartingException}.
   */
  public static ActorSystem<Void> start(RuntimeSettings settings, DaemonCatalog catalog, RegistryAddress address,
                                        String pekkoLogLevel, CompletionStage<?> stop) {
    Config overrides = ConfigFactory.parseMap(Map.of(
        "pekko.remote.artery.canonical.hostname", address.host(),
        "pekko.remote.artery.canonical.port", address.port(),
        "pekko.loglevel", pekkoLogLevel,
        "pekko.cluster.log-info", pekkoLogLevel.equals("DEBUG")));
    Config config = ConfigFactory.load(overrides.withFallback(ConfigFactory.parseResources("pikerd.conf")));
    LoggerFactory.getLogger(PikerdNode.class).info("starting pikerd's node on {}", address);
    ActorSystem<Void> system;
    try {
      system = ActorSystem.create(Pikerd.create(settings, catalog), SYSTEM_NAME, config);
    } catch (RuntimeException e) {
      if (causedByBind(e)) {
        throw new AddressInUseException(address, e);
      }
      throw e;
    }
    Cluster cluster = Cluster.get(Adapter.toClassic(system));
    CompletableFuture<Void> up = new CompletableFuture<>();
    cluster.registerOnMemberUp(() -> up.complete(null));
    system.getWhenTerminated().thenRun(() -> up.completeExceptionally(new StoppedWhileStartingException()));
    // a node leaves its cluster only once it has joined (a leave before that goes unanswered and holds
    // the shutdown for the phase's 5 s), so a stop asked for while starting waits for Up first
    stop.thenRun(() -> up.whenComplete((isUp, failed) ->
        CoordinatedShutdown.get(system).run(CoordinatedShutdown.jvmExitReason())));
    cluster.join(cluster.selfAddress());
    try {
      up.get(UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw (StoppedWhileStartingException) e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      Systems.terminate(system, UP_TIMEOUT);
      throw new IllegalStateException("pikerd's node did not come up within " + UP_TIMEOUT, e);
    }
    return system;
  }

  private static boolean causedByBind(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException
          || String.valueOf(cause.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
