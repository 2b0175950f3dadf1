package piker.backends.binance.rest;

import java.net.http.HttpHeaders;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import piker.contracts.metrics.VenueMeters;

/**
 * The {@link RateGate} of one Binance REST host for one backend instance ({@link HostGates}), shared by its
 * data and trade side, on one clock: Binance's time. Thread-safe; waits use the JDK's delayed executor, no
 * thread of ours.
 */
public final class HostGate {
  /** The longest a request that may wait out a ban waits for it. */
  static final long MAX_BAN_WAIT_MS = 10_000;
  private final RateGate gate = new RateGate();
  private final LongSupplier nowMs;

  HostGate(LongSupplier serverNowMs) {
    this.nowMs = serverNowMs;
  }

  /**
   * Completes when a request of {@code weight} may leave, its weight counted then; held while the minute's
   * budget is spent (an order or cancel only at the hard limit). While the host has refused us, it fails with
   * Binance's -1003 "rate limited by binance for N s", or with {@code waitOutBans} waits when the refusal ends
   * within {@link #MAX_BAN_WAIT_MS} of the request (a ban can last days: nobody should wait that long).
   */
  public CompletableFuture<Void> admit(int weight, boolean order, boolean waitOutBans) {
    CompletableFuture<Void> admitted = new CompletableFuture<>();
    attempt(weight, order, waitOutBans ? nowMs.getAsLong() + MAX_BAN_WAIT_MS : 0, admitted);
    return admitted;
  }

  private void attempt(int weight, boolean order, long waitBansUntilMs, CompletableFuture<Void> admitted) {
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
    VenueMeters.rateLimitWait("binance", retryAt - now);
    CompletableFuture.delayedExecutor(Math.max(1, retryAt - now), TimeUnit.MILLISECONDS)
        .execute(() -> attempt(weight, order, waitBansUntilMs, admitted));
  }

  /** A reply's {@code X-MBX-USED-WEIGHT-1M}, when sent, is the truth for the window it came in. */
  public synchronized void onReply(HttpHeaders headers) {
    gate.onReply(nowMs.getAsLong(), usedWeight(headers));
  }

  /**
   * The host said to wait (429/418 Retry-After, -1003, 403, -1008): nothing goes to it for {@code waitMs}.
   * Not for an account's limit (-1015, too many new orders): the trade side's order gate stops that account's
   * placements, not the IP's requests.
   */
  public synchronized void ban(long waitMs) {
    VenueMeters.rateLimitRefused("binance");
    gate.ban(nowMs.getAsLong(), waitMs);
  }

  /** The REQUEST_WEIGHT limit exchangeInfo announced. */
  public synchronized void limit(int weightPerMinute) {
    gate.limit(weightPerMinute);
  }

  public synchronized int used() {
    return gate.used(nowMs.getAsLong());
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
