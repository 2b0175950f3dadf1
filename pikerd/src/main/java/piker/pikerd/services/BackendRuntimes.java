package piker.pikerd.services;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.BackendRuntime;
import piker.pikerd.config.PikerConfig;

/**
 * Each backend's runtime (the sim venue embedded in pikerd), started on its first daemon's spawn and closed
 * once every daemon has stopped. Used from the service manager's thread only; the runtimes start and close
 * off it.
 */
final class BackendRuntimes {
  private final RuntimeSettings settings;
  private final DaemonCatalog catalog;
  private final Map<String, CompletableFuture<BackendRuntime>> runtimes = new HashMap<>();

  BackendRuntimes(RuntimeSettings settings, DaemonCatalog catalog) {
    this.settings = settings;
    this.catalog = catalog;
  }

  /** Starts the backend's runtime once, then merges its options over the backend's conf.toml section. */
  CompletableFuture<Map<String, Object>> options(String broker, PikerConfig config) {
    Map<String, Object> section = config.section(broker);
    CompletableFuture<BackendRuntime> runtime = runtimes.get(broker);
    if (runtime == null || runtime.isCompletedExceptionally()) {
      Backend backend = catalog.backends().find(broker).orElseThrow();
      try {
        runtime = backend.startRuntime(new BackendContext(settings, section)).toCompletableFuture();
      } catch (RuntimeException | LinkageError e) {
        // a backend that throws instead of failing its future is tried again on the next request
        runtime = CompletableFuture.failedFuture(e);
      }
      runtimes.put(broker, runtime);
    }
    return runtime.thenApply(started -> {
      Map<String, Object> options = new HashMap<>(section);
      options.putAll(started.options());
      return options;
    });
  }

  /** Closes every runtime that started, on {@code executor} (a close may wait for its threads); forgets them all. */
  CompletableFuture<Void> closeAll(Executor executor) {
    List<CompletableFuture<BackendRuntime>> started = new ArrayList<>(runtimes.values());
    runtimes.clear();
    return CompletableFuture.runAsync(() -> started.forEach(runtime -> {
      BackendRuntime ready = runtime.isDone() && !runtime.isCompletedExceptionally() ? runtime.join() : null;
      if (ready != null) {
        ready.close();
      }
    }), executor);
  }
}
