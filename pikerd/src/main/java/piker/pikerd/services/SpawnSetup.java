package piker.pikerd.services;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import piker.contracts.LocalOnly;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol.Command;
import piker.pikerd.config.PikerConfig;

/**
 * One spawn attempt's set-up, from find-or-spawn's decision to the daemon's launch: conf.toml read off the
 * manager's thread when the daemon needs it, then its backend's runtime and its dependencies, then the launch.
 * Each step's result comes back to the manager as a message that it hands back here with the attempt's entry,
 * or drops when the attempt was dropped meanwhile (cancelled, shut down). Runs on the manager's thread.
 */
final class SpawnSetup {
  /** A set-up step's result, for the attempt it names. */
  sealed interface Step extends Command, LocalOnly {
    ServiceName name();

    long attempt();
  }

  /** conf.toml as read and checked for one spawn attempt (off the manager's thread), or why it cannot be used. */
  record ConfigRead(ServiceName name, long attempt, PikerConfig config, Throwable error) implements Step {}

  /** A per-broker daemon's backend runtime is up (or failed): the daemon can be spawned. */
  record Prepared(ServiceName name, long attempt, PikerConfig config, Map<String, Object> options,
                  Map<DaemonKind, ActorRef<DaemonProtocol.Command>> dependencies, Throwable error) implements Step {}

  private final ActorContext<Command> ctx;
  private final RuntimeSettings settings;
  private final DaemonCatalog catalog;
  private final SpawnPreparation preparation;
  private final DaemonLauncher launcher;
  /** The daemon's actor runs ({@code entry.ref}); its own Started or failure comes later. */
  private final Consumer<DaemonEntry> launched;
  /** The set-up failed: no daemon was started. */
  private final BiConsumer<DaemonEntry, Throwable> failed;

  SpawnSetup(ActorContext<Command> ctx, RuntimeSettings settings, DaemonCatalog catalog, SpawnPreparation preparation,
             DaemonLauncher launcher, Consumer<DaemonEntry> launched, BiConsumer<DaemonEntry, Throwable> failed) {
    this.ctx = ctx;
    this.settings = settings;
    this.catalog = catalog;
    this.preparation = preparation;
    this.launcher = launcher;
    this.launched = launched;
    this.failed = failed;
  }

  /** Begins the set-up of a daemon this build can run; conf.toml is read off this thread when it needs it. */
  void begin(DaemonEntry entry, DaemonFactory factory) {
    if (entry.name.kind().perBroker() || factory.readsConfig()) {
      // conf.toml is read afresh for each daemon that needs it, so a file fixed meanwhile counts
      Executor blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
      ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> catalog.readConfig(settings.configDir()), blocking),
          (config, error) -> new ConfigRead(entry.name, entry.attempt, config, error));
    } else {
      afterConfig(entry, PikerConfig.defaults(settings.configDir()));
    }
  }

  /** @param entry the attempt's entry, or null when it was dropped meanwhile */
  void onConfigRead(ConfigRead read, DaemonEntry entry) {
    if (entry == null) {
      return;
    }
    if (read.error() != null) {
      failed.accept(entry, read.error());
    } else {
      afterConfig(entry, read.config());
    }
  }

  /** @param entry the attempt's entry, or null when it was dropped meanwhile */
  void onPrepared(Prepared prepared, DaemonEntry entry) {
    if (entry == null) {
      return;
    }
    if (prepared.error() != null) {
      failed.accept(entry, prepared.error());
    } else {
      launch(entry, prepared.config(), prepared.options(), prepared.dependencies());
    }
  }

  /** Starts what the daemon needs first (its backend's runtime, its dependencies), then the daemon. */
  private void afterConfig(DaemonEntry entry, PikerConfig config) {
    ServiceName name = entry.name;
    if (!SpawnPreparation.needed(name.kind())) {
      launch(entry, config, Map.of(), Map.of());
      return;
    }
    CompletionStage<SpawnPreparation.Ready> prepared;
    try {
      prepared = preparation.prepare(name, config);
    } catch (RuntimeException | LinkageError e) {
      prepared = CompletableFuture.failedFuture(e);
    }
    ctx.pipeToSelf(prepared, (ready, error) -> error == null
        ? new Prepared(name, entry.attempt, config, ready.options(), ready.dependencies(), null)
        : new Prepared(name, entry.attempt, config, Map.of(), Map.of(), error));
  }

  /** Builds and starts the daemon; whatever its set-up throws fails this spawn alone, never the manager. */
  private void launch(DaemonEntry entry, PikerConfig config, Map<String, Object> options,
                      Map<DaemonKind, ActorRef<DaemonProtocol.Command>> dependencies) {
    DaemonCatalog.Result found = catalog.factoryFor(entry.name);
    if (found.factory().isEmpty()) {
      failed.accept(entry, RemoteError.of("CannotSpawn", found.whyNot(), ctx.getSelf().path().toString())
          .toException());
      return;
    }
    try {
      entry.ref = launcher.launch(entry.name, found.factory().get(), config, options, dependencies);
      launched.accept(entry);
    } catch (RuntimeException | LinkageError e) {
      failed.accept(entry, e);
    }
  }
}
