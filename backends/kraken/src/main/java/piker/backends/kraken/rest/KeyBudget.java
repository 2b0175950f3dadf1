package piker.backends.kraken.rest;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One API key's REST call counter (docs/venues/kraken.md 4.1), shared by every client of the key in this JVM,
 * as Kraken counts per key: private calls add 1, "ledger/trade history calls" 2, decaying at the Starter tier
 * (max 15, -0.33/s) unless a first caller names another tier. AddOrder/CancelOrder are on the engine's per-pair
 * counter instead; we send orders over the websocket anyway. The counter is {@link CallCounter}, locked here. The
 * tier is conf.toml's {@code [kraken] tier}; the first client of a key in the JVM sets it.
 */
public final class KeyBudget {
  /** The documented tiers: maximum and decay per second. */
  public enum Tier {
    STARTER(15, 0.33), INTERMEDIATE(20, 0.5), PRO(20, 1.0);

    final double max;
    final double decayPerSecond;

    Tier(double max, double decayPerSecond) {
      this.max = max;
      this.decayPerSecond = decayPerSecond;
    }
  }

  /** Which calls cost 2: the docs say "ledger/trade history calls"; ClosedOrders is ours, on the safe side. */
  private static final Set<String> HISTORY_CALLS = Set.of("TradesHistory", "QueryTrades", "Ledgers", "QueryLedgers",
      "ClosedOrders");
  private static final Map<String, KeyBudget> BY_KEY = new ConcurrentHashMap<>();

  private final CallCounter counter;
  /** The last call sent on the key: the next goes when it is answered (or failed). */
  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

  KeyBudget(Tier tier) {
    this.counter = new CallCounter(tier.max, tier.decayPerSecond);
  }

  /** The JVM's budget for {@code apiKey}; keyed by a hash of the key, never the key. */
  public static KeyBudget forKey(String apiKey, Tier tier) {
    return BY_KEY.computeIfAbsent(Nonces.fingerprint(apiKey), key -> new KeyBudget(tier));
  }

  /**
   * Runs {@code call} once every earlier call of the key has its answer: Kraken refuses a nonce at or below the
   * last it accepted, so two calls in flight at once could arrive swapped and the first be refused.
   */
  synchronized <T> CompletableFuture<T> inTurn(Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> next = tail.handle((answered, failed) -> null).thenCompose(turn -> call.get());
    tail = next;
    return next;
  }

  /** What a call adds to the counter. */
  static int cost(String method) {
    return HISTORY_CALLS.contains(method) ? 2 : 1;
  }

  synchronized CallCounter.Decision admit(long nowMs, String method) {
    return counter.admit(nowMs, cost(method));
  }

  synchronized void accepted() {
    counter.accepted();
  }

  /** Kraken refused us: returns the wait in ms (Kraken's own time when it named one, else the back-off). */
  synchronized long refused(long nowMs, long untilMs) {
    if (untilMs > nowMs) {
      counter.closeUntil(untilMs);
      return untilMs - nowMs;
    }
    return counter.refused(nowMs);
  }
}
