package piker.backends.binance.trade;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import piker.backends.binance.rest.HostGates;
import piker.backends.binance.rest.RestShell;
import piker.backends.binance.rest.Weights;
import piker.backends.binance.trade.ErrorKinds.ClockSkew;
import piker.backends.binance.trade.ErrorKinds.Kind;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;

/**
 * The REST shell of the trade client (docs/venues/binance.md 5.2, 13.1, 13.3): asynchronous requests only,
 * signed ones with the server clock's offset, a {@code -1021} answered by one clock re-sync and one retry.
 * Every request goes through the one {@link RestShell} and its host's gate, shared with the data side: its
 * documented weight ({@link Weights}) counted before it leaves, corrected by X-MBX-USED-WEIGHT-1M, and nothing
 * to the host before a 429/418's {@code Retry-After} has passed: an order or cancel then fails at once with
 * -1003 and nothing sent (it must never reach Binance minutes later at a stale price), a read waits a refusal
 * out when it ends within 10 s, else fails the same way. After a -1015 (the account's order count) the
 * account's placements fail at once with -1015 and nothing sent until its Retry-After has passed ({@link OrderGate}).
 * Failures complete with a {@link Failure} carrying the classified {@link Kind}; the API key travels in
 * the header and no message quotes the query, so neither key nor signature reaches an error text.
 */
final class BinanceRest {
  private static final String API_KEY_HEADER = "X-MBX-APIKEY";

  private final RequestSigner signer;
  private final AtomicLong clockOffsetMs = new AtomicLong();
  private final OrderGate orders;
  private final RestShell shell;

  /** A request that did not succeed: Binance's answer classified, or no answer (in doubt). */
  static final class Failure extends RuntimeException {
    private final transient Kind kind;

    Failure(Kind kind) {
      super(kind.code() + " " + kind.msg(), null, false, false);
      this.kind = kind;
    }

    Kind kind() {
      return kind;
    }
  }

  /** With gates of its own (tests; a client alone in its process). */
  BinanceRest(HttpClient http, URI base, RequestSigner signer, Duration timeout) {
    this.signer = signer;
    this.orders = new OrderGate(this::serverNow);
    this.shell = new RestShell(base, http, timeout, new HostGates(this::serverNow));
  }

  /** Through the backend instance's gates: the host's budget is shared with its data side. */
  BinanceRest(HttpClient http, URI base, RequestSigner signer, Duration timeout, HostGates gates) {
    this(http, base, signer, timeout, gates, null);
  }

  /** As above with the account's order gate given (tests: on a clock they move); null: our own on Binance's time. */
  BinanceRest(HttpClient http, URI base, RequestSigner signer, Duration timeout, HostGates gates, OrderGate orders) {
    this.signer = signer;
    this.orders = orders != null ? orders : new OrderGate(this::serverNow);
    this.shell = new RestShell(base, http, timeout, gates);
  }

  /** Binance's time now, by our clock and the last measured offset. */
  long serverNow() {
    return System.currentTimeMillis() + clockOffsetMs.get();
  }

  /** Measures the offset to Binance's clock ({@code GET /api/v3/time}), taking the request's midpoint. */
  CompletableFuture<Void> syncClock() {
    long sent = System.currentTimeMillis();
    return send("GET", "/api/v3/time", List.of(), false).thenAccept(reply -> {
      long received = System.currentTimeMillis();
      clockOffsetMs.set(reply.path("serverTime").asLong() - (sent + received) / 2);
    });
  }

  /** An unsigned request (market data). */
  CompletableFuture<JsonNode> get(String path, List<Map.Entry<String, ?>> params) {
    return send("GET", path, params, false);
  }

  /** A signed request, every parameter in the query; a {@code -1021} re-syncs the clock and retries once. */
  CompletableFuture<JsonNode> signed(String method, String path, List<Map.Entry<String, ?>> params) {
    return signed(method, path, params, leftAtMs -> { });
  }

  /** As above; {@code leaving} hears our clock's time each time the request is signed to leave (after any gate). */
  CompletableFuture<JsonNode> signed(String method, String path, List<Map.Entry<String, ?>> params,
                                     LongConsumer leaving) {
    return attempt(method, path, params, leaving).exceptionallyCompose(error -> {
      if (kindOf(error) instanceof ClockSkew) {
        // Refused before the Matching Engine: the same request with a fresh timestamp is safe.
        return syncClock().thenCompose(synced -> attempt(method, path, params, leaving));
      }
      return CompletableFuture.failedFuture(error);
    });
  }

  private CompletableFuture<JsonNode> attempt(String method, String path, List<Map.Entry<String, ?>> params,
                                              LongConsumer leaving) {
    return send(method, path, params, true, leaving);
  }

  private CompletableFuture<JsonNode> send(String method, String path, List<Map.Entry<String, ?>> params,
                                           boolean signed) {
    return send(method, path, params, signed, leftAtMs -> { });
  }

  private CompletableFuture<JsonNode> send(String method, String path, List<Map.Entry<String, ?>> params,
                                           boolean signed, LongConsumer leaving) {
    int weight = Weights.of(method, path, params.stream().map(Map.Entry::getKey).toList());
    boolean placement = isPlacement(method, path);
    // The query is made when the request really leaves, after any wait at the host's gate (up to the minute's
    // end): the timestamp is taken then, and a placement is held then if a -1015 came while it waited.
    Supplier<String> query = () -> {
      if (placement) {
        orders.check().ifPresent(held -> {
          throw new Failure(held); // not sent: Binance said to back off
        });
      }
      leaving.accept(System.currentTimeMillis());
      return signed ? signer.signedQuery(params, serverNow()) : RequestSigner.encode(params);
    };
    Map<String, String> headers = signed ? Map.of(API_KEY_HEADER, signer.apiKey()) : Map.of();
    boolean waitOutBans = !Weights.isOrder(method, path);
    if (placement) {
      // Also before the gate: a placement already held spends no weight and waits for no minute to refuse.
      Optional<ErrorKinds.RetryAfter> held = orders.check();
      if (held.isPresent()) {
        return CompletableFuture.failedFuture(new Failure(held.get()));
      }
    }
    return shell.send(method, path, query, headers, weight, waitOutBans).handle((reply, error) -> {
      if (error != null) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException || cause instanceof IOException) {
          throw new Failure(ErrorKinds.timeout(method + " " + path));
        }
        throw new CompletionException(cause);
      }
      if (reply.refusal() != null) {
        if (placement && reply.refusal() instanceof ErrorKinds.RetryAfter wait
            && ErrorKinds.TOO_MANY_ORDERS.equals(wait.code())) {
          orders.refused(wait.delay());
        }
        throw new Failure(reply.refusal());
      }
      return reply.body();
    });
  }

  /** A new order: what the account's ORDERS limit (-1015) counts. */
  static boolean isPlacement(String method, String path) {
    return method.equals("POST") && path.equals("/api/v3/order");
  }

  /** The classified failure inside an async error, or null when it is not one of Binance's answers. */
  static Kind kindOf(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof Failure failure ? failure.kind() : null;
  }

  /** Any async failure as the SPI's refusal: Binance's code as the type and its msg. */
  static RemoteException remote(Throwable error) {
    Kind kind = kindOf(error);
    return kind != null ? kind.error().toException() : RemoteError.of(error, "binance").toException();
  }
}
