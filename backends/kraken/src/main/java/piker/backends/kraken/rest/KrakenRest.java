package piker.backends.kraken.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.metrics.VenueMeters;

/**
 * Kraken's public REST ({@code GET /0/public/<Method>?…}, docs/venues/kraken.md 2, 6) for one host: every
 * request passes the host's public {@link CallCounter}, goes out with {@code sendAsync} (no caller's thread
 * blocks) and its envelope's {@code result} completes it; an error string fails it as Kraken's
 * {@link RemoteError} ({@link KrakenErrors}). A rate refusal closes the host's public calls for the backoff
 * and says how long, in whole seconds ("rate limited by kraken for 1 s"); requests asked for meanwhile wait
 * until it is over (up to {@link #MAX_HOLD_MS}, else they fail naming the wait). Thread-safe.
 */
public final class KrakenRest {
  public static final String SOURCE = "kraken backend";
  /**
   * The public rate model (ours: the docs give the per-key counter of private calls, none for public ones):
   * bursts of up to 15 calls, 1 a second sustained, so a backfill never trips Kraken's per-IP limit.
   */
  static final double PUBLIC_MAX = 15;
  static final double PUBLIC_DECAY_PER_SECOND = 1;
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  /** A request asked for while public calls are closed waits this long at most, else fails naming the wait. */
  static final long MAX_HOLD_MS = 10_000;

  private final URI base;
  private final HttpClient http;
  private final LongSupplier nowMs;
  private final CallCounter counter = new CallCounter(PUBLIC_MAX, PUBLIC_DECAY_PER_SECOND);

  public KrakenRest(URI base, HttpClient http) {
    this(base, http, System::currentTimeMillis);
  }

  KrakenRest(URI base, HttpClient http, LongSupplier nowMs) {
    this.base = base;
    this.http = http;
    this.nowMs = nowMs;
  }

  public URI base() {
    return base;
  }

  /** {@code GET /0/public/<method>?params} (values URL-encoded, in the map's order); completes with {@code result}. */
  public CompletableFuture<JsonNode> get(String method, Map<String, String> params) {
    String path = "/0/public/" + method;
    String query = params.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    URI uri = URI.create(base + path + (query.isEmpty() ? "" : "?" + query));
    return admit().thenCompose(admitted -> http.sendAsync(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("User-Agent", "piker").GET().build(), HttpResponse.BodyHandlers.ofString())
            .handle((response, error) -> read(path, response, error)));
  }

  /** When the host accepts public calls again; in the past when it does now. */
  public synchronized long closedUntil() {
    return counter.closedUntil();
  }

  private JsonNode read(String path, HttpResponse<String> response, Throwable error) {
    if (error != null) {
      throw RemoteError.of(KrakenErrors.UNREACHABLE, "cannot reach " + base + " (" + piker.backends.wire.Unreachable.why(error, TIMEOUT)
          + ", GET " + path + ")", SOURCE).toException();
    }
    try {
      JsonNode result = Envelope.result(response.body(), SOURCE);
      synchronized (this) {
        counter.accepted();
      }
      return result;
    } catch (RemoteException refused) {
      throw rateRefusal(refused).orElse(refused);
    }
  }

  /** A rate refusal closes the host's public calls and is reworded to name the wait; other errors pass. */
  private java.util.Optional<RemoteException> rateRefusal(RemoteException refused) {
    String type = refused.error().type();
    long now = nowMs.getAsLong();
    long waitMs;
    synchronized (this) {
      if (type.equals(KrakenErrors.RATE_LIMIT)) {
        waitMs = counter.refused(now);
      } else if (type.equals(KrakenErrors.THROTTLED)) {
        long until = KrakenErrors.throttledUntil(refused.error().message()) * 1000;
        counter.closeUntil(until);
        waitMs = until - now;
      } else {
        return java.util.Optional.empty();
      }
    }
    VenueMeters.rateLimitRefused("kraken");
    return java.util.Optional.of(rateLimited(type, new CallCounter.Refuse(now + waitMs, now).seconds(),
        refused.error().message()));
  }

  private CompletableFuture<Void> admit() {
    CompletableFuture<Void> admitted = new CompletableFuture<>();
    attempt(admitted);
    return admitted;
  }

  private void attempt(CompletableFuture<Void> admitted) {
    long now = nowMs.getAsLong();
    CallCounter.Decision decision;
    synchronized (this) {
      decision = counter.admit(now, 1);
    }
    if (decision instanceof CallCounter.Go) {
      admitted.complete(null);
    } else if (decision instanceof CallCounter.Refuse refuse && refuse.untilMs() - now > MAX_HOLD_MS) {
      admitted.completeExceptionally(rateLimited(KrakenErrors.RATE_LIMIT, refuse.seconds(), "backing off"));
    } else {
      // a short backoff is waited out here: the request leaves once it is over, never before
      long at = decision instanceof CallCounter.Refuse refuse ? refuse.untilMs() : ((CallCounter.Hold) decision).atMs();
      VenueMeters.rateLimitWait("kraken", at - now);
      CompletableFuture.delayedExecutor(Math.max(1, at - now), TimeUnit.MILLISECONDS).execute(() -> attempt(admitted));
    }
  }

  /** The error a rate-limited request fails with: Kraken's type, the wait in whole seconds, Kraken's words. */
  public static RemoteException rateLimited(String type, long seconds, String krakenSaid) {
    return RemoteError.of(type, "rate limited by kraken for " + seconds + " s (" + krakenSaid + ")", SOURCE)
        .toException();
  }

  /** The cause of a failed future, unwrapped. */
  public static Throwable cause(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }
}
