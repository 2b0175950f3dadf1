package piker.backends.binance.rest;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The one {@link RateGate} of a Binance REST host in this process, shared by the data and the trade side:
 * Binance counts weight per IP, so two budgets for one host would each think they had all of it
 * (docs/venues/binance.md 4.1, 13.3). Thread-safe; waits use the JDK's delayed executor, no thread of ours.
 */
public final class HostGate {
  /** The longest a request that may wait out a ban waits for it. */
  static final long MAX_BAN_WAIT_MS = 10_000;
  private static final Map<String, HostGate> HOSTS = new ConcurrentHashMap<>();

  private final RateGate gate = new RateGate();

  private HostGate() {}

  /** The gate of the host {@code base} names (scheme, host and port). */
  public static HostGate of(URI base) {
    return HOSTS.computeIfAbsent(base.getScheme() + "://" + base.getRawAuthority(), host -> new HostGate());
  }

  /**
   * Completes when a request of {@code weight} may leave, its weight counted then; held while the minute's
   * budget is spent (an order or cancel only at the hard limit). While the host has refused us, it fails with
   * Binance's -1003 "rate limited by binance for N s", or with {@code waitOutBans} waits when the refusal ends
   * within {@link #MAX_BAN_WAIT_MS} of the request (a ban can last days: nobody should wait that long).
   */
  public CompletableFuture<Void> admit(LongSupplier nowMs, int weight, boolean order, boolean waitOutBans) {
    CompletableFuture<Void> admitted = new CompletableFuture<>();
    attempt(nowMs, weight, order, waitOutBans ? nowMs.getAsLong() + MAX_BAN_WAIT_MS : 0, admitted);
    return admitted;
  }

  private void attempt(LongSupplier nowMs, int weight, boolean order, long waitBansUntilMs,
                       CompletableFuture<Void> admitted) {
    long now = nowMs.getAsLong();
    RateGate.Decision decision;
    synchronized (this) {
      decision = gate.admit(now, weight, order);
    }
    long retryAt;
    if (decision instanceof RateGate.Go) {
      admitted.complete(null);
      return;
    } else if (decision instanceof RateGate.Refuse refuse) {
      if (refuse.untilMs() > waitBansUntilMs) {
        admitted.completeExceptionally(BinanceRest.rateLimited(refuse.message()));
        return;
      }
      retryAt = refuse.untilMs();
    } else {
      retryAt = ((RateGate.Hold) decision).atMs();
    }
    CompletableFuture.delayedExecutor(Math.max(1, retryAt - now), TimeUnit.MILLISECONDS)
        .execute(() -> attempt(nowMs, weight, order, waitBansUntilMs, admitted));
  }

  /** A reply's {@code X-MBX-USED-WEIGHT-1M}, when sent, is the truth for the window it came in. */
  public synchronized void onReply(long nowMs, HttpHeaders headers) {
    gate.onReply(nowMs, usedWeight(headers));
  }

  /** The host said to wait (429/418 Retry-After, 403, -1008): nothing goes to it for {@code waitMs}. */
  public synchronized void ban(long nowMs, long waitMs) {
    gate.ban(nowMs, waitMs);
  }

  /** The REQUEST_WEIGHT limit exchangeInfo announced. */
  public synchronized void limit(int weightPerMinute) {
    gate.limit(weightPerMinute);
  }

  public synchronized int used(long nowMs) {
    return gate.used(nowMs);
  }

  static OptionalInt usedWeight(HttpHeaders headers) {
    try {
      return headers.firstValue("X-MBX-USED-WEIGHT-1M").map(text -> OptionalInt.of(Integer.parseInt(text.strip())))
          .orElse(OptionalInt.empty());
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
