package piker.pikerd.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.slf4j.LoggerFactory;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.HelloGate;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.pikerd.ServicesProtocol;
import piker.pikerd.Pikerd;
import piker.pikerd.cluster.NodeRole;
import piker.pikerd.services.DaemonCatalog;
import piker.pikerd.tls.RemotingTls;

/** Starts pikerd's ActorSystem: a self-joined one-node cluster on the registry address. */
public final class PikerdNode {
  /** Every piker cluster node carries this system name (pekko-notes item 7). */
  public static final String SYSTEM_NAME = "piker";
  private static final Duration UP_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration JOIN_CHECK_TIMEOUT = Duration.ofSeconds(10);

  private PikerdNode() {}

  /** Raised when the address is taken; the CLI exits 3. */
  public static final class AddressInUseException extends RuntimeException {
    public AddressInUseException(RegistryAddress address, Throwable cause) {
      super("cannot bind " + address + ": the address is in use (another pikerd, or another program?)", cause);
    }
  }

  /** The node named by {@code --join} refused this one (another cookie or protocol), or did not answer; exit 3. */
  public static final class JoinRefusedException extends RuntimeException {
    JoinRefusedException(String message) {
      super(message);
    }
  }

  /** How a node takes part in a cluster: the node it joins through (none: it starts one), and its roles. */
  public record Membership(Optional<RegistryAddress> join, Set<NodeRole> roles) {
    public static final Membership FIRST = new Membership(Optional.empty(), Set.of());

    public Membership {
      roles = Set.copyOf(roles);
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
    return start(settings, catalog, address, Membership.FIRST, pekkoLogLevel, stop);
  }

  /**
   * As {@link #start(RuntimeSettings, DaemonCatalog, RegistryAddress, String, CompletionStage)}, as a member of
   * a cluster: with a node to join, this one first asks it whether it may (cookie and protocol version, {@link
   * JoinRefusedException} if not), then joins through it.
   */
  public static ActorSystem<Void> start(RuntimeSettings settings, DaemonCatalog catalog, RegistryAddress address,
                                        Membership membership, String pekkoLogLevel, CompletionStage<?> stop) {
    Config overrides = ConfigFactory.parseMap(Map.of(
        "pekko.remote.artery.canonical.hostname", address.host(),
        "pekko.remote.artery.canonical.port", address.port(),
        "pekko.loglevel", pekkoLogLevel,
        "pekko.cluster.log-info", pekkoLogLevel.equals("DEBUG"),
        "pekko.cluster.roles", membership.roles().stream().map(NodeRole::wireName).sorted().toList()));
    Config config = ConfigFactory.load(overrides.withFallback(RemotingTls.overlay(settings.configDir()))
        .withFallback(ConfigFactory.parseResources("pikerd.conf")));
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
    if (membership.join().isPresent()) {
      try {
        admitted(system, settings, membership.join().get());
      } catch (JoinRefusedException e) {
        Systems.terminate(system, UP_TIMEOUT);
        throw e;
      }
      RegistryAddress seed = membership.join().get();
      cluster.joinSeedNodes(List.of(new Address("pekko", SYSTEM_NAME, seed.host(), seed.port())));
    } else {
      cluster.join(cluster.selfAddress());
    }
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

  /** Asks the node to join through whether this one may: same cookie, same protocol version. */
  private static void admitted(ActorSystem<Void> system, RuntimeSettings settings, RegistryAddress seed) {
    ActorRef<ServicesProtocol.Command> services = ActorRefResolver.get(system).resolveActorRef(
        "pekko://" + SYSTEM_NAME + "@" + seed.host() + ":" + seed.port() + ServicesProtocol.PATH);
    Hello hello = new HelloGate(settings).hello();
    ServicesProtocol.JoinVerdict verdict;
    try {
      verdict = AskPattern.<ServicesProtocol.Command, ServicesProtocol.JoinVerdict>ask(services,
              replyTo -> new ServicesProtocol.CheckJoin(hello, replyTo), JOIN_CHECK_TIMEOUT, system.scheduler())
          .toCompletableFuture().get();
    } catch (ExecutionException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new JoinRefusedException("cannot join " + seed + ": no pikerd answered there within "
          + JOIN_CHECK_TIMEOUT.toSeconds() + " s");
    }
    if (verdict.error() != null) {
      String hint = verdict.error().type().equals("Unauthorized")
          ? "; every node of a cluster needs the first node's cookie: copy its <config-dir>/cookie into "
              + settings.configDir() : "";
      throw new JoinRefusedException("cannot join " + seed + ": " + verdict.error().message() + hint);
    }
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
