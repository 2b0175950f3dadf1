package piker.backends.binance.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;

/**
 * Public REST requests of the data side to one Binance host, through the one {@link RestShell} (the host's
 * gate, shared with the trade side). A refusal is a {@link RemoteException} whose type is Binance's code as
 * text and whose message is Binance's {@code msg}; a rate-limit answer says for how long.
 */
public final class BinanceRest {
  public static final String SOURCE = "binance backend";
  /** Binance's own server timeout is 10 s (docs/venues/binance.md 2): ours is a little longer. */
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final ServerClock clock;
  private final RestShell shell;

  /** Through the backend instance's gates: the host's budget is shared with its trade side. */
  public BinanceRest(URI base, HttpClient http, ServerClock clock, HostGates gates) {
    this.clock = clock;
    this.shell = new RestShell(base, http, TIMEOUT, gates);
  }

  public ServerClock clock() {
    return clock;
  }

  /** The REQUEST_WEIGHT limit exchangeInfo announced for this host. */
  public void weightLimit(int perMinute) {
    shell.gate().limit(perMinute);
  }

  public int usedWeight() {
    return shell.gate().used();
  }

  /** GET {@code path?query} of documented {@code weight}; completes with the JSON body. */
  public CompletableFuture<JsonNode> get(String path, String query, int weight) {
    String q = query == null ? "" : query;
    return shell.send("GET", path, () -> q, Map.of(), weight, false).handle((reply, error) -> {
      if (error != null) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof RemoteException refused) {
          throw refused; // the gate's: rate limited
        }
        throw RemoteError.of("BinanceUnreachable", "cannot reach " + shell.base() + " (" + unreachable(cause)
            + ", GET " + path + ")", SOURCE).toException();
      }
      if (reply.refusal() != null) {
        RemoteError refusal = reply.refusal().error();
        throw RemoteError.of(refusal.type(), refusal.message(), SOURCE).toException();
      }
      return reply.body();
    });
  }

  /** The error every request gets while the host's ban lasts: Binance's own code for it. */
  public static RemoteException rateLimited(String message) {
    return RemoteError.of("-1003", message, SOURCE).toException();
  }

  /** Why a request never got an answer, in words (the shared wording of every venue's REST). */
  static String unreachable(Throwable error) {
    return piker.backends.wire.Unreachable.why(error, TIMEOUT);
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
