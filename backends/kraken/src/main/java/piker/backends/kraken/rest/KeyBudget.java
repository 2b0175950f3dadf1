package piker.backends.kraken.rest;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One API key's REST call counter (docs/venues/kraken.md 4.1), shared by every client of the key in one backend
 * instance ({@link KeyRegistry}), as Kraken counts per key: private calls add 1, "ledger/trade history calls" 2, decaying at the Starter tier
 * (max 15, -0.33/s) unless a first caller names another tier. AddOrder/CancelOrder are on the engine's per-pair
 * counter instead; we send orders over the websocket anyway. The counter is {@link CallCounter}, locked here. The
 * tier is conf.toml's {@code [kraken] tier}; the first client of a key sets it (a later
 * one naming another is warned about).
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
  private final Tier tier;
  private final CallCounter counter;
  /** The last call sent on the key: the next goes when it is answered (or failed). */
  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

  KeyBudget(Tier tier) {
    this.tier = tier;
    this.counter = new CallCounter(tier.max, tier.decayPerSecond);
  }

  Tier tier() {
    return tier;
  }

  /**
   * Runs {@code call} once every earlier call of the key has its answer: Kraken refuses a nonce at or below the
   * last it accepted, so two calls in flight at once could arrive swapped and the first be refused. The call
   * starts on {@code io}, never the caller's thread (it takes a nonce, which may write the mark file).
   */
  synchronized <T> CompletableFuture<T> inTurn(java.util.concurrent.Executor io, Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> next = tail.handle((answered, failed) -> null).thenComposeAsync(turn -> call.get(), io);
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
