package piker.backends.binance.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import piker.backends.binance.trade.ErrorKinds;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;

/**
 * Public REST requests to one Binance host: every one passes the host's {@link HostGate} first (held or
 * refused there, it never reaches the host; the trade side's requests pass the same gate), goes out with {@code sendAsync} (no caller's thread ever
 * blocks), and its reply corrects the gate. A refusal is a {@link RemoteException} whose type is Binance's
 * code as text and whose message is Binance's {@code msg}; a rate-limit answer says for how long.
 */
public final class BinanceRest {
  public static final String SOURCE = "binance backend";
  /** Binance's own server timeout is 10 s (docs/venues/binance.md 2): ours is a little longer. */
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final URI base;
  private final HttpClient http;
  private final ServerClock clock;
  private final HostGate gate;
  private final ObjectMapper json = new ObjectMapper();

  public BinanceRest(URI base, HttpClient http, ServerClock clock) {
    this.base = base;
    this.http = http;
    this.clock = clock;
    this.gate = HostGate.of(base);
  }

  public ServerClock clock() {
    return clock;
  }

  /** The REQUEST_WEIGHT limit exchangeInfo announced for this host. */
  public void weightLimit(int perMinute) {
    gate.limit(perMinute);
  }

  public int usedWeight() {
    return gate.used(clock.nowMillis());
  }

  /** GET {@code path?query} of documented {@code weight}; completes with the JSON body. */
  public CompletableFuture<JsonNode> get(String path, String query, int weight) {
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    gate.admit(clock::nowMillis, weight, false, false).whenComplete((admitted, refused) -> {
      if (refused != null) {
        answer.completeExceptionally(refused);
      } else {
        send(path, query, answer);
      }
    });
    return answer;
  }

  private void send(String path, String query, CompletableFuture<JsonNode> answer) {
    URI uri = URI.create(base + path + (query == null || query.isEmpty() ? "" : "?" + query));
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
      if (error != null) {
        answer.completeExceptionally(RemoteError.of("BinanceUnreachable", "GET " + path + " to " + base
            + " failed: " + rootMessage(error), SOURCE).toException());
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
    long now = clock.nowMillis();
    JsonNode body = status == 200 ? parse(response.body()) : null;
    ErrorKinds.Kind refusal = status == 200 && body != null ? null
        : ErrorKinds.rest(status, response.body(), response.headers().firstValue("Retry-After"));
    gate.onReply(now, response.headers());
    if (refusal instanceof ErrorKinds.RetryAfter wait) {
      gate.ban(now, wait.delay().toMillis());
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
  public static RemoteException rateLimited(String message) {
    return RemoteError.of("-1003", message, SOURCE).toException();
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
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
