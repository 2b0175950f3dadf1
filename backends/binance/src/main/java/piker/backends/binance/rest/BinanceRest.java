package piker.backends.binance.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import piker.backends.binance.trade.ErrorKinds;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;

/**
 * Public REST requests to one Binance host: every one passes the host's {@link RateGate} first (held or
 * refused there, it never reaches the host), goes out with {@code sendAsync} (no caller's thread ever
 * blocks), and its reply corrects the gate. A refusal is a {@link RemoteException} whose type is Binance's
 * code as text and whose message is Binance's {@code msg}; a rate-limit answer says for how long.
 */
public final class BinanceRest {
  public static final String SOURCE = "binance backend";
  /** Binance's own server timeout is 10 s (docs/venues/binance.md 2): ours is a little longer. */
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final URI base;
  private final HttpClient http;
  private final ScheduledExecutorService timers;
  private final ServerClock clock;
  private final RateGate gate = new RateGate();
  private final ObjectMapper json = new ObjectMapper();

  public BinanceRest(URI base, HttpClient http, ScheduledExecutorService timers, ServerClock clock) {
    this.base = base;
    this.http = http;
    this.timers = timers;
    this.clock = clock;
  }

  public ServerClock clock() {
    return clock;
  }

  /** The REQUEST_WEIGHT limit exchangeInfo announced for this host. */
  public synchronized void weightLimit(int perMinute) {
    gate.limit(perMinute);
  }

  public synchronized int usedWeight() {
    return gate.used(clock.nowMillis());
  }

  /** GET {@code path?query} of documented {@code weight}; completes with the JSON body. */
  public CompletableFuture<JsonNode> get(String path, String query, int weight) {
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    attempt(path, query, weight, answer);
    return answer;
  }

  private void attempt(String path, String query, int weight, CompletableFuture<JsonNode> answer) {
    RateGate.Decision decision;
    long now = clock.nowMillis();
    synchronized (this) {
      decision = gate.admit(now, weight, false);
    }
    if (decision instanceof RateGate.Refuse refuse) {
      answer.completeExceptionally(rateLimited(refuse.message()));
    } else if (decision instanceof RateGate.Hold hold) {
      timers.schedule(() -> attempt(path, query, weight, answer), Math.max(1, hold.atMs() - now),
          TimeUnit.MILLISECONDS);
    } else {
      send(path, query, answer);
    }
  }

  private void send(String path, String query, CompletableFuture<JsonNode> answer) {
    URI uri = URI.create(base + path + (query == null || query.isEmpty() ? "" : "?" + query));
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
      if (error != null) {
        answer.completeExceptionally(RemoteError.of("BinanceUnreachable", "cannot reach " + base + " ("
            + unreachable(error) + ", GET " + path + ")", SOURCE).toException());
        return;
      }
      try {
        answer.complete(onResponse(path, response));
      } catch (RemoteException e) {
        answer.completeExceptionally(e);
      }
    });
  }

  /** The body of a success; any other answer as Binance's code and words (ErrorKinds), a wait banning the host. */
  private JsonNode onResponse(String path, HttpResponse<String> response) {
    int status = response.statusCode();
    OptionalInt used = response.headers().firstValue("X-MBX-USED-WEIGHT-1M").flatMap(BinanceRest::integer)
        .map(OptionalInt::of).orElse(OptionalInt.empty());
    long now = clock.nowMillis();
    JsonNode body = status == 200 ? parse(response.body()) : null;
    ErrorKinds.Kind refusal = status == 200 && body != null ? null
        : ErrorKinds.rest(status, response.body(), response.headers().firstValue("Retry-After"));
    synchronized (this) {
      gate.onReply(now, used);
      if (refusal instanceof ErrorKinds.RetryAfter wait) {
        gate.ban(now, wait.delay().toMillis());
      }
    }
    if (refusal == null) {
      return body;
    }
    RemoteError error = refusal.error();
    throw RemoteError.of(error.type(), error.message(), SOURCE).toException();
  }

  private JsonNode parse(String text) {
    try {
      return text == null || text.isBlank() ? null : json.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  /** The error every request gets while the host's ban lasts: Binance's own code for it. */
  static RemoteException rateLimited(String message) {
    return RemoteError.of("-1003", message, SOURCE).toException();
  }

  private static java.util.Optional<Integer> integer(String text) {
    try {
      return java.util.Optional.of(Integer.parseInt(text.strip()));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  /** Why a request never got an answer, in words: the JDK's own exceptions here mostly carry no message. */
  static String unreachable(Throwable error) {
    Throwable root = error;
    for (Throwable cause = error; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
      if (cause instanceof java.nio.channels.UnresolvedAddressException || cause instanceof java.net.UnknownHostException) {
        return "host not found";
      }
      if (cause instanceof java.net.http.HttpTimeoutException) {
        return "no answer within " + TIMEOUT.toSeconds() + " s";
      }
      root = cause;
    }
    if (error instanceof java.net.ConnectException || error.getCause() instanceof java.net.ConnectException) {
      return "cannot connect";
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** Reads the server's clock (weight 1) and sets the offset from it, halfway through the round trip. */
  public CompletableFuture<Long> syncClock() {
    long sent = System.currentTimeMillis();
    return get("/api/v3/time", "", 1).thenApply(body -> {
      long received = System.currentTimeMillis();
      long offset = body.path("serverTime").asLong() - (sent + received) / 2;
      clock.offset(offset);
      return offset;
    });
  }
}
