package piker.backends.binance.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import piker.backends.binance.trade.ErrorKinds;

/**
 * The one REST shell of both sides (docs/venues/binance.md 2, 13.3): a request passes its host's
 * {@link HostGate} (its weight counted before it leaves), goes out with {@code sendAsync} (no caller's thread
 * blocks), its reply's X-MBX-USED-WEIGHT-1M corrects the gate, and a 429/418 (or 403, -1008) keeps the host
 * closed for its Retry-After. Each side keeps only its own words for failures: the data side's
 * {@link BinanceRest}, the trade side's signing and in-doubt handling.
 */
public final class RestShell {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A reply: the JSON body of a 200, else Binance's refusal classified; a 200 that is no JSON is
   * {@link ErrorKinds#unreadable200}, one whose body broke off {@link ErrorKinds#cutShort200}.
   */
  public record Reply(JsonNode body, ErrorKinds.Kind refusal) {}

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;
  private final HostGate gate;

  /** A shell for the host {@code base} names, through its gate in {@code gates} (the backend instance's). */
  public RestShell(URI base, HttpClient http, Duration timeout, HostGates gates) {
    this.base = base;
    this.http = http;
    this.timeout = timeout;
    this.gate = gates.of(base);
  }

  public URI base() {
    return base;
  }

  public HostGate gate() {
    return gate;
  }

  /**
   * Sends {@code method path?query} once the gate admits it; the query is made then (a signature's timestamp
   * must be taken when the request really leaves). Fails with the gate's -1003 refusal while the host is
   * closed (unless {@code waitOutBans}), or with the transport's error when no answer came.
   */
  public CompletableFuture<Reply> send(String method, String path, Supplier<String> query, Map<String, String> headers,
                                       int weight, boolean waitOutBans) {
    return gate.admit(weight, Weights.isOrder(method, path), waitOutBans).thenCompose(admitted -> {
      String q = query.get();
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path + (q.isEmpty() ? "" : "?" + q)))
          .timeout(timeout).method(method, HttpRequest.BodyPublishers.noBody());
      headers.forEach(request::header);
      // the status as soon as it is read: a 200 whose body then breaks off was still Binance's acceptance
      AtomicInteger status = new AtomicInteger();
      HttpResponse.BodyHandler<String> body = info -> {
        status.set(info.statusCode());
        return HttpResponse.BodyHandlers.ofString().apply(info);
      };
      return http.sendAsync(request.build(), body).handle((response, error) -> {
        if (error == null) {
          return read(response);
        }
        if (status.get() == 200) {
          Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
          return new Reply(null, ErrorKinds.cutShort200(cause.getClass().getSimpleName()));
        }
        throw error instanceof CompletionException completion ? completion : new CompletionException(error);
      });
    });
  }

  private Reply read(HttpResponse<String> response) {
    gate.onReply(response.headers());
    if (response.statusCode() == 200) {
      // A 200 is Binance's acceptance even when its body is cut short: in doubt, but told apart from a 5XX
      // so the trade side never judges such an order "never placed".
      JsonNode body = parse(response.body());
      return body != null ? new Reply(body, null) : new Reply(null, ErrorKinds.unreadable200(response.body()));
    }
    int status = response.statusCode();
    ErrorKinds.Kind refusal = ErrorKinds.rest(status, response.body(), response.headers().firstValue("Retry-After"));
    if (refusal instanceof ErrorKinds.RetryAfter wait && closesTheHost(wait)) {
      gate.ban(wait.delay().toMillis());
    }
    return new Reply(null, refusal);
  }

  /**
   * Whether a wait is the IP's (429/418, -1003, a 403 block, -1008 busy): everything to the host waits. -1015
   * is the account's new-order count (docs/venues/binance.md 4.1): market data from the same IP may go on;
   * the trade side's order gate holds that account's placements.
   */
  static boolean closesTheHost(ErrorKinds.RetryAfter wait) {
    return !ErrorKinds.TOO_MANY_ORDERS.equals(wait.code());
  }

  private static JsonNode parse(String text) {
    try {
      return text == null || text.isBlank() ? null : JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }
}
