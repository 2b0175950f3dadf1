package piker.pikerd.client;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.pekko.actor.ActorSelection;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.daemon.Cookie;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.Session;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.RegistryProtocol;
import piker.contracts.pikerd.ServicesProtocol;
import piker.pikerd.runtime.DurationWords;
import piker.pikerd.runtime.RegistryAddress;
import piker.pikerd.runtime.StartupTrace;
import piker.pikerd.runtime.Systems;
import piker.pikerd.tls.RemotingTls;

/**
 * A client's connection to a running pikerd: its own remoting-only ActorSystem, the registry and
 * service manager resolved at their well-known paths, and the cookie read from the config dir.
 */
public final class PikerClient implements AutoCloseable {
  /**
   * How long to wait for a pikerd that listens but is slow to answer: a loaded machine starting several
   * client JVMs at once (about 3 CPU-seconds each) can keep it busy for many seconds.
   */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
  /** After this long without an answer, a waiting client says why it waits. */
  public static final Duration SLOW_NOTICE_AFTER = Duration.ofSeconds(2);
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(15);

  private final ActorSystem<Void> system;
  private final Hello hello;
  private final ActorRef<RegistryProtocol.Command> registry;
  private final ActorRef<ServicesProtocol.Command> services;

  private PikerClient(ActorSystem<Void> system, Hello hello, ActorRef<RegistryProtocol.Command> registry,
                      ActorRef<ServicesProtocol.Command> services) {
    this.system = system;
    this.hello = hello;
    this.registry = registry;
    this.services = services;
  }

  /** Connects, or throws {@link NoPikerdException} naming how to start one. */
  public static PikerClient connect(Path configDir, RegistryAddress address, String pekkoLogLevel,
                                    Duration connectTimeout) {
    return connect(configDir, address, pekkoLogLevel, connectTimeout, notice -> { });
  }

  /**
   * Connects, or throws {@link NoPikerdException} naming how to start one. Nothing listening at the
   * address fails at once; a listener that is slow to answer gets up to {@code connectTimeout}, and
   * {@code notices} hears one line once the wait has passed {@link #SLOW_NOTICE_AFTER}.
   */
  public static PikerClient connect(Path configDir, RegistryAddress address, String pekkoLogLevel,
                                    Duration connectTimeout, Consumer<String> notices) {
    if (!Files.exists(configDir.resolve("cookie"))) {
      throw new NoPikerdException("no pikerd has run with config dir " + configDir
          + " (it has no cookie): start one with `piker pikerd -c " + configDir + "`");
    }
    if (RemotingTls.beyondLoopback(address.host()) && !RemotingTls.enabled(configDir)) {
      throw new NoPikerdException("pikerd at " + address + " is reached over the network, and config dir "
          + configDir + " has no TLS files: the cookie and every order would cross it in clear. On pikerd's "
          + "machine run `piker certs issue DIR` and copy DIR/tls into " + configDir + " (docs/operations.md)");
    }
    Hello hello = Hello.of(Cookie.read(configDir.resolve("cookie")));
    RegistryProbe.expectListener(address, connectTimeout, configDir);
    StartupTrace.mark("cookie read, probed");
    Config config = clientConfig(configDir, address, pekkoLogLevel);
    StartupTrace.mark("config loaded");
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "piker-client", config);
    StartupTrace.mark("actor system started");
    CompletableFuture<org.apache.pekko.actor.ActorRef> registry = resolve(system, address, RegistryProtocol.PATH,
        connectTimeout);
    CompletableFuture<org.apache.pekko.actor.ActorRef> services = resolve(system, address, ServicesProtocol.PATH,
        connectTimeout);
    CompletableFuture<Void> both = CompletableFuture.allOf(registry, services);
    CompletableFuture.delayedExecutor(SLOW_NOTICE_AFTER.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
      if (!both.isDone()) {
        notices.accept("pikerd at " + address + " is slow to answer; waiting up to "
            + DurationWords.of(connectTimeout));
      }
    });
    try {
      both.get();
      StartupTrace.mark("pikerd resolved");
      return new PikerClient(system, hello, Adapter.toTyped(registry.get()), Adapter.toTyped(services.get()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      terminate(system);
      throw new IllegalStateException("interrupted while connecting to pikerd at " + address, e);
    } catch (ExecutionException e) {
      terminate(system);
      throw new NoPikerdException("something listens at " + address + " but no pikerd answered within "
          + DurationWords.of(connectTimeout) + " (set $PIKER_CONNECT_TIMEOUT to wait longer): is it pikerd, "
          + "and is it still starting? " + (RemotingTls.enabled(configDir)
              ? "Or does it trust another CA than the certificate in " + configDir.resolve("tls") + "?"
              : "Or does it require TLS? Then this config dir needs a certificate from its CA (`piker certs issue`)."),
          e.getCause());
    }
  }

  /**
   * client.conf, with remoting's TLS when the config dir has its files (a pikerd with TLS accepts no other),
   * bound to and advertising the address pikerd can answer at ({@link ClientAddress}).
   */
  static Config clientConfig(Path configDir, RegistryAddress pikerd, String pekkoLogLevel) {
    Config overrides = ConfigFactory.parseMap(Map.of("pekko.loglevel", pekkoLogLevel,
        "pekko.remote.artery.canonical.hostname", ClientAddress.toReach(pikerd)));
    Config tls;
    try {
      tls = RemotingTls.overlay(configDir);
    } catch (IllegalArgumentException e) {
      throw new NoPikerdException(e.getMessage(), e);
    }
    return ConfigFactory.load(overrides.withFallback(tls).withFallback(ConfigFactory.parseResources("client.conf")));
  }

  private static CompletableFuture<org.apache.pekko.actor.ActorRef> resolve(ActorSystem<Void> system,
      RegistryAddress address, String path, Duration timeout) {
    ActorSelection selection = Adapter.toClassic(system).actorSelection(address.pekkoAddress() + path);
    return selection.resolveOne(timeout).toCompletableFuture();
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public Hello hello() {
    return hello;
  }

  public List<ServicesProtocol.ServiceInfo> listServices() {
    ServicesProtocol.Listing listing = await(AskPattern.ask(services,
        (ActorRef<ServicesProtocol.Listing> replyTo) -> new ServicesProtocol.ListServices(hello, replyTo),
        ASK_TIMEOUT, system.scheduler()));
    throwIfError(listing.error());
    return listing.services();
  }

  /** How the node's daemons are doing: its service manager's health report. */
  public ServicesProtocol.HealthReport health() {
    ServicesProtocol.HealthReport report = await(AskPattern.ask(services,
        (ActorRef<ServicesProtocol.HealthReport> replyTo) -> new ServicesProtocol.GetHealth(hello, replyTo),
        ASK_TIMEOUT, system.scheduler()));
    throwIfError(report.error());
    return report;
  }

  /** Finds or starts a daemon; every concurrent caller gets the same ref. */
  public ActorRef<DaemonProtocol.Command> maybeSpawn(ServiceName name) {
    return await(maybeSpawnAsync(name));
  }

  /** {@link #maybeSpawn} without blocking: fails with pikerd's reason, or an ask timeout. */
  public CompletableFuture<ActorRef<DaemonProtocol.Command>> maybeSpawnAsync(ServiceName name) {
    return AskPattern.ask(services,
        (ActorRef<ServicesProtocol.SpawnReply> replyTo) -> new ServicesProtocol.MaybeSpawn(hello, name, replyTo),
        ASK_TIMEOUT, system.scheduler()).toCompletableFuture().thenApply(reply -> {
          if (reply instanceof ServicesProtocol.Spawned spawned) {
            return spawned.ref();
          }
          throw toException(reply);
        });
  }

  /** Stops a daemon; its sessions end with an error naming {@code requestedBy}. */
  public void cancelService(ServiceName name, String requestedBy) {
    ServicesProtocol.SpawnReply reply = await(AskPattern.ask(services,
        (ActorRef<ServicesProtocol.SpawnReply> replyTo) ->
            new ServicesProtocol.CancelService(hello, name, requestedBy, replyTo),
        ASK_TIMEOUT, system.scheduler()));
    if (!(reply instanceof ServicesProtocol.Cancelled)) {
      throw toException(reply);
    }
  }

  public Optional<ActorRef<DaemonProtocol.Command>> find(String name) {
    RegistryProtocol.Reply reply = await(AskPattern.ask(registry,
        (ActorRef<RegistryProtocol.Reply> replyTo) -> new RegistryProtocol.Find(hello, name, replyTo),
        ASK_TIMEOUT, system.scheduler()));
    return Optional.ofNullable(found(reply).ref());
  }

  public ActorRef<DaemonProtocol.Command> waitFor(String name, Duration timeout) {
    RegistryProtocol.Reply reply = await(AskPattern.ask(registry,
        (ActorRef<RegistryProtocol.Reply> replyTo) -> new RegistryProtocol.WaitFor(hello, name, timeout, replyTo),
        timeout.plus(ASK_TIMEOUT), system.scheduler()));
    return found(reply).ref();
  }

  public List<RegistryProtocol.Found> listDaemons() {
    RegistryProtocol.Reply reply = await(AskPattern.ask(registry,
        (ActorRef<RegistryProtocol.Reply> replyTo) -> new RegistryProtocol.ListDaemons(hello, replyTo),
        ASK_TIMEOUT, system.scheduler()));
    if (reply instanceof RegistryProtocol.Listing listing) {
      return listing.daemons();
    }
    throw failure(reply);
  }

  /** A request/response call on a daemon endpoint. */
  public Payload call(ActorRef<DaemonProtocol.Command> daemon, String endpoint, Payload request) {
    return await(callAsync(daemon, endpoint, request));
  }

  /** {@link #call} without blocking: fails with the daemon's error, or an ask timeout. */
  public CompletableFuture<Payload> callAsync(ActorRef<DaemonProtocol.Command> daemon, String endpoint,
                                              Payload request) {
    return AskPattern.ask(daemon,
        (ActorRef<DaemonProtocol.CallResult> replyTo) -> new DaemonProtocol.Call(endpoint, hello, request, replyTo),
        ASK_TIMEOUT, system.scheduler()).toCompletableFuture().thenApply(result -> {
          if (result instanceof DaemonProtocol.Reply reply) {
            return reply.result();
          }
          throw ((DaemonProtocol.Failure) result).error().toException();
        });
  }

  public ClientSession openSession(ActorRef<DaemonProtocol.Command> daemon, String endpoint, Payload params,
                                   Consumer<Session.Event> listener) {
    return ClientSession.open(system, daemon, endpoint, hello, params, listener);
  }

  private static RegistryProtocol.Found found(RegistryProtocol.Reply reply) {
    if (reply instanceof RegistryProtocol.Found found) {
      return found;
    }
    throw failure(reply);
  }

  private static RuntimeException failure(RegistryProtocol.Reply reply) {
    RemoteError error = ((RegistryProtocol.Failed) reply).error();
    throwIfError(error);
    return new IllegalStateException("unexpected registry reply " + reply);
  }

  private static RuntimeException toException(ServicesProtocol.SpawnReply reply) {
    if (reply instanceof ServicesProtocol.SpawnFailed failed) {
      throwIfError(failed.error());
    }
    return new IllegalStateException("unexpected service manager reply " + reply);
  }

  /** A version mismatch means this pikerd cannot serve us at all: reported like no pikerd. */
  private static void throwIfError(RemoteError error) {
    if (error == null) {
      return;
    }
    if (error.type().equals("ProtocolVersionMismatch")) {
      throw new NoPikerdException(error.message());
    }
    throw error.toException();
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(ASK_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for pikerd", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TimeoutException || cause instanceof org.apache.pekko.pattern.AskTimeoutException) {
        throw new IllegalStateException("pikerd did not answer in time", cause);
      }
      throw cause instanceof RuntimeException runtime ? runtime
          : new IllegalStateException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("pikerd did not answer in time", e);
    }
  }

  @Override
  public void close() {
    terminate(system);
  }

  private static void terminate(ActorSystem<Void> system) {
    Systems.terminate(system, Duration.ofSeconds(5));
  }
}
