package piker.backends.kraken.rest;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What one backend instance keeps per API key, as Kraken counts per key: one {@link Nonces} source and one
 * {@link KeyBudget}, shared by every trade client of the key the instance opens (keyed by a hash of the key, never
 * the key), and the I/O executor their private calls start on. A later client asking with another tier or data
 * dir gets the first one's, with a warning: one key has one counter and one nonce sequence.
 */
public final class KeyRegistry {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KeyRegistry.class);

  private final Map<String, Nonces> nonces = new ConcurrentHashMap<>();
  private final Map<String, KeyBudget> budgets = new ConcurrentHashMap<>();
  private final Executor io;

  public KeyRegistry(Executor io) {
    this.io = io;
  }

  /** An executor for file I/O and send starts: daemon threads, created as needed, idle ones ended. */
  public static ExecutorService newIo() {
    return Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "kraken-io");
      thread.setDaemon(true);
      return thread;
    });
  }

  public Executor io() {
    return io;
  }

  /** The key's nonce source, its mark file in {@code stateDir} (null: none); nothing is read here. */
  public Nonces nonces(String apiKey, Path stateDir) {
    String id = Nonces.fingerprint(apiKey);
    Path file = stateDir == null ? null : stateDir.resolve("kraken-nonce-" + id);
    Nonces source = nonces.computeIfAbsent(id, key -> new Nonces(Nonces::systemMicros, file));
    if (!Objects.equals(source.markFile(), file)) {
      LOG.warn("kraken key {}: its nonces already persist in {}; a second client's {} is not used", id,
          source.markFile(), file);
    }
    return source;
  }

  /** The key's call counter at {@code tier}, as its first client set it. */
  public KeyBudget budget(String apiKey, KeyBudget.Tier tier) {
    String id = Nonces.fingerprint(apiKey);
    KeyBudget budget = budgets.computeIfAbsent(id, key -> new KeyBudget(tier));
    if (budget.tier() != tier) {
      LOG.warn("kraken key {}: counted at tier {} as its first client set; a second client's tier {} is not used",
          id, budget.tier(), tier);
    }
    return budget;
  }
}
