package piker.backends.kraken.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import piker.contracts.ErrorKind;
import piker.contracts.RemoteException;
import piker.contracts.metrics.VenueMeters;

/**
 * Kraken's private REST methods ({@code POST /0/private/<Method>}, docs/venues/kraken.md 5, 6): a form body with
 * the key's next nonce, signed ({@link RequestSigner}), held back by the key's {@link KeyBudget} and sent one at a
 * time per key (so nonces reach Kraken in the order they were issued); answers the
 * {@code result} of the {@code {"error": [...], "result": {...}}} envelope, or fails with a
 * {@link RemoteException} typed with Kraken's error ({@link Refusals}). {@code EAPI:Invalid nonce} is retried once
 * past a bumped nonce (Kraken refused it before acting); a rate limit keeps every call of the key off for the
 * wait it names. Numbers are read exactly (BigDecimal).
 */
public final class PrivateRest {
  private static final String PATH = "/0/private/";
  /**
   * Exactly the media type the docs name ("Request payloads are form-encoded (Content-Type:
   * application/x-www-form-urlencoded)"): Kraken also takes JSON bodies and tells them apart by this header, so no
   * parameter is added to it. The body is ASCII anyway (every value is percent-encoded as UTF-8).
   */
  static final String FORM = "application/x-www-form-urlencoded";

  private final HttpClient http;
  private final URI restUrl;
  private final RequestSigner signer;
  private final Nonces nonces;
  private final KeyBudget budget;
  private final Duration timeout;
  private final java.util.concurrent.Executor io;

  /** {@code io} takes the nonces and starts the sends: the mark file is written there, never on a caller's thread. */
  public PrivateRest(HttpClient http, URI restUrl, RequestSigner signer, Nonces nonces, KeyBudget budget,
                     Duration timeout, java.util.concurrent.Executor io) {
    this.io = io;
    this.http = http;
    this.restUrl = restUrl;
    this.signer = signer;
    this.nonces = nonces;
    this.budget = budget;
    this.timeout = timeout;
  }

  /** Calls {@code method} with {@code params} (name, value; values as Kraken types them, decimals as text). */
  public CompletableFuture<JsonNode> call(String method, List<Map.Entry<String, String>> params) {
    return call(method, params, true);
  }

  private CompletableFuture<JsonNode> call(String method, List<Map.Entry<String, String>> params, boolean mayRetry) {
    return admitted(method).thenCompose(go -> budget.inTurn(io, () -> send(method, params))).thenCompose(answer -> {
      String error = firstError(answer.path("error"));
      if (error == null) {
        budget.accepted();
        return CompletableFuture.completedFuture(answer.path("result"));
      }
      String type = KrakenErrors.type(error);
      if (Refusals.INVALID_NONCE.equals(type) && mayRetry) {
        nonces.bump();
        return call(method, params, false);
      }
      if (Refusals.rateLimited(type)) {
        VenueMeters.rateLimitRefused("kraken");
        long now = System.currentTimeMillis();
        long wait = budget.refused(now, KrakenErrors.throttledUntil(error) * 1000);
        return CompletableFuture.failedFuture(KrakenRest.rateLimited(type, (wait + 999) / 1000, error));
      }
      return CompletableFuture.failedFuture(Refusals.error(error).toException());
    });
  }

  /** Completes when the key's counter lets the call go; fails at once while Kraken's refusal lasts. */
  private CompletableFuture<Void> admitted(String method) {
    long now = System.currentTimeMillis();
    CallCounter.Decision decision = budget.admit(now, method);
    if (decision instanceof CallCounter.Refuse refuse) {
      return CompletableFuture.failedFuture(KrakenRest.rateLimited(KrakenErrors.RATE_LIMIT, refuse.seconds(),
          "backing off"));
    }
    if (decision instanceof CallCounter.Hold hold) {
      VenueMeters.rateLimitWait("kraken", hold.atMs() - now);
      return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(Math.max(1, hold.atMs() - now),
          TimeUnit.MILLISECONDS)).thenCompose(waited -> admitted(method));
    }
    return CompletableFuture.completedFuture(null);
  }

  /** The first error (an {@code E...} entry); {@code W...} entries are warnings beside a result. */
  private static String firstError(JsonNode errors) {
    for (JsonNode entry : errors) {
      if (entry.asText().startsWith("E")) {
        return entry.asText();
      }
    }
    return null;
  }

  private CompletableFuture<JsonNode> send(String method, List<Map.Entry<String, String>> params) {
    long nonce = nonces.next();
    String body = "nonce=" + nonce + (signer.otp().isEmpty() ? "" : "&otp=" + encode(signer.otp()))
        + params.stream().map(p -> "&" + encode(p.getKey()) + "=" + encode(p.getValue())).collect(Collectors.joining());
    String path = PATH + method;
    HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl + path)).timeout(timeout)
        .header("API-Key", signer.apiKey()).header("API-Sign", signer.sign(path, nonce, body))
        .header("Content-Type", FORM)
        .header("User-Agent", "piker")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        ErrorKind kind = cause instanceof HttpTimeoutException ? ErrorKind.VENUE_TIMEOUT : ErrorKind.VENUE_DISCONNECTED;
        // the kind of failure only: nothing of the request (its signature) goes into the message
        throw kind.error(method + ": no answer from kraken (" + failureName(cause)
            + "); whether it took effect is unknown", Refusals.SOURCE).toException();
      }
      JsonNode answer = Envelope.parse(response.body());
      if (answer != null && answer.isObject() && answer.has("error")) {
        return answer;
      }
      String type = response.statusCode() >= 500 ? "EService:Unavailable" : "HTTP " + response.statusCode();
      throw piker.contracts.RemoteError.of(type, method + ": kraken answered HTTP " + response.statusCode()
          + " without its error envelope", Refusals.SOURCE).toException();
    });
  }

  /**
   * A failure by its class ("ConnectException"), never empty: an anonymous class has no simple name of its own,
   * so the class it extends names it.
   */
  static String failureName(Throwable failure) {
    Class<?> named = failure.getClass();
    while (named.getSimpleName().isEmpty() && named.getSuperclass() != null) {
      named = named.getSuperclass();
    }
    return named.getSimpleName();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
