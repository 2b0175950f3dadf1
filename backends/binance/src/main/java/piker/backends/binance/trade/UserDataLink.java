package piker.backends.binance.trade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import piker.backends.binance.ws.Keepalives;
import piker.backends.wire.WsLink;
import piker.contracts.RemoteError;
import piker.contracts.metrics.VenueMeters;

/**
 * The user data stream over the WebSocket API (docs/venues/binance.md 9.4, 9.5, 13.5): one connection
 * subscribed with {@code userDataStream.subscribe.signature}, every request correlated by its id. A drop
 * (or a close, or {@code eventStreamTerminated}, or silence although we ping: {@link WsLink}) reports down,
 * reconnects with exponential backoff and resubscribes, then reports up: events may have been missed.
 * Before Binance's 24 h limit, and on {@code serverShutdown}, a second connection is subscribed first and
 * the old one closed after, so nothing is missed; the caller deduplicates the overlap.
 */
final class UserDataLink implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBSCRIBE = "userDataStream.subscribe.signature";

  /** What the link tells its owner, on its own threads. */
  interface Events {
    void onEvent(JsonNode event);

    void onDown(RemoteError error);

    void onUp();

    /** A fresh connection replaced an old one without a gap (24 h limit, serverShutdown): nothing was missed. */
    default void onRotated() {
    }
  }

  private final HttpClient http;
  private final URI uri;
  private final RequestSigner signer;
  private final LongSupplier serverNow;
  /** Measures the offset to Binance's clock again (a -1021 from the subscribe: our timestamp was off). */
  private final Supplier<CompletableFuture<?>> resyncClock;
  private final TradeTiming timing;
  private final Events events;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "binance-user-data");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicInteger nextId = new AtomicInteger(1);
  private volatile Connection current;
  private volatile boolean closed;
  private volatile Duration backoff;

  /** Without a clock to re-sync: a -1021 is retried with the same clock (tests of other things). */
  UserDataLink(HttpClient http, URI uri, RequestSigner signer, LongSupplier serverNow, TradeTiming timing,
               Events events) {
    this(http, uri, signer, serverNow, () -> CompletableFuture.completedFuture(null), timing, events);
  }

  UserDataLink(HttpClient http, URI uri, RequestSigner signer, LongSupplier serverNow,
               Supplier<CompletableFuture<?>> resyncClock, TradeTiming timing, Events events) {
    this.http = http;
    this.uri = uri;
    this.signer = signer;
    this.serverNow = serverNow;
    this.resyncClock = resyncClock;
    this.timing = timing;
    this.events = events;
    this.backoff = timing.reconnectMin();
  }

  /** Connects and subscribes; fails with Binance's refusal (or the connection's error) when it cannot. */
  CompletableFuture<Void> start() {
    return open().exceptionallyCompose(error -> BinanceRest.kindOf(error) instanceof ErrorKinds.ClockSkew
        ? resyncClock.get().thenCompose(synced -> open()) : CompletableFuture.failedFuture(error))
        .thenAccept(this::install);
  }

  /** One connection, subscribed; its watchdog pings a quiet link and takes a silent one for dead. */
  private CompletableFuture<Connection> open() {
    Connection connection = new Connection();
    WsLink.Keepalive keepalive = Keepalives.of(timing.keepalive(), timing.deadAfter(), timing.rotateAfter());
    // A handshake that never answers must fail too, or a reconnect would wait forever.
    return WsLink.open(http, uri, timing.requestTimeout(), keepalive, 0, timer, connection)
        .thenCompose(link -> {
          connection.link = link;
          return connection.request(SUBSCRIBE, signer.signedWsParams(Map.of(), serverNow.getAsLong()));
        })
        .thenApply(subscribed -> connection)
        .whenComplete((ok, error) -> {
          if (error != null) {
            connection.abort();
          }
        });
  }

  private void install(Connection connection) {
    Connection old = current;
    current = connection;
    backoff = timing.reconnectMin();
    if (closed) {
      connection.abort();
    } else if (old != null) {
      old.retire();
    }
  }

  /** A fresh connection subscribed first, the old one closed after: no gap. */
  private void rotate(Connection old) {
    if (old.rotating || closed) {
      return;
    }
    old.rotating = true;
    open().whenComplete((fresh, error) -> {
      if (error == null) {
        install(fresh);
        events.onRotated();
      } else {
        old.dropped(RemoteError.of(error, "binance"));
      }
    });
  }

  private void reconnect() {
    reconnect(Duration.ZERO);
  }

  /**
   * The next attempt after the backoff, and never before {@code atLeast}: web-socket-api.md "Rate-limited
   * responses include a retryAfter field, indicating when you can retry the request". A -1021 from the
   * subscribe (our timestamp outside recvWindow) re-syncs the clock first, or every attempt would fail alike.
   */
  private void reconnect(Duration atLeast) {
    if (closed) {
      return;
    }
    Duration wait = backoff.compareTo(atLeast) >= 0 ? backoff : atLeast;
    backoff = backoff.multipliedBy(2).compareTo(timing.reconnectMax()) > 0 ? timing.reconnectMax() : backoff.multipliedBy(2);
    timer.schedule(() -> open().whenComplete((fresh, error) -> {
      if (error == null) {
        install(fresh);
        events.onUp();
        return;
      }
      ErrorKinds.Kind kind = BinanceRest.kindOf(error);
      if (kind instanceof ErrorKinds.ClockSkew) {
        resyncClock.get().whenComplete((synced, failed) -> reconnect());
      } else {
        reconnect(kind instanceof ErrorKinds.RetryAfter limited ? limited.delay() : Duration.ZERO);
      }
    }), wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closed = true;
    Connection connection = current;
    if (connection != null) {
      connection.retire();
    }
    timer.shutdownNow();
  }

  /**
   * A request's answer, outstanding under {@code id} until it completes: answered, failed, or timed out
   * (then it leaves {@code pending} too, or every unanswered request would stay there for the link's life).
   */
  static <T> CompletableFuture<T> outstanding(Map<Integer, CompletableFuture<T>> pending, int id, Duration timeout) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    pending.put(id, answer);
    // the caller's future completes after the removal: whoever sees it done sees the map without it
    return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((done, error) -> pending.remove(id, answer));
  }

  /** One WebSocket and the requests outstanding on it. */
  private final class Connection implements WsLink.Handler {
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private volatile WsLink link;
    private volatile boolean retired;
    private volatile boolean rotating;
    private volatile boolean down;

    CompletableFuture<JsonNode> request(String method, Map<String, Object> params) {
      int id = nextId.getAndIncrement();
      CompletableFuture<JsonNode> answer = outstanding(pending, id, timing.requestTimeout());
      String frame = JSON.createObjectNode().put("id", id).put("method", method)
          .set("params", JSON.valueToTree(params)).toString();
      link.send(frame).whenComplete((sent, error) -> {
        if (error != null) {
          fail(id, error);
        }
      });
      return answer;
    }

    private void fail(int id, Throwable error) {
      CompletableFuture<JsonNode> answer = pending.remove(id);
      if (answer != null) {
        answer.completeExceptionally(error);
      }
    }

    @Override
    public void onText(WsLink from, String text) {
      JsonNode frame;
      try {
        frame = JSON.readTree(text);
      } catch (IOException e) {
        return; // not JSON: nothing we asked for
      }
      if (frame.path("id").canConvertToInt()) {
        CompletableFuture<JsonNode> answer = pending.remove(frame.path("id").asInt());
        if (answer != null) {
          if (frame.path("status").asInt() == 200) {
            answer.complete(frame.path("result"));
          } else {
            answer.completeExceptionally(new BinanceRest.Failure(ErrorKinds.ws(frame, serverNow.getAsLong())));
          }
        }
        return;
      }
      JsonNode event = frame.has("event") ? frame.get("event") : frame;
      switch (event.path("e").asText()) {
        case "serverShutdown" -> rotate(this);
        case "eventStreamTerminated" -> dropped(RemoteError.of("eventStreamTerminated",
            "binance ended the user data subscription", "binance"));
        default -> {
          if (!retired) {
            events.onEvent(frame);
          }
        }
      }
    }

    @Override
    public void onDown(WsLink from, String why) {
      dropped(RemoteError.of("disconnected", "binance user data link lost (" + why + ")", "binance"));
    }

    @Override
    public void onAged(WsLink from) {
      rotate(this);
    }

    /**
     * This connection is gone: outstanding requests are in doubt; if it was the live one, reconnect. Only the
     * once-only check is under the lock: the requests' callers and the events' listener take their own.
     */
    void dropped(RemoteError error) {
      boolean live;
      synchronized (this) {
        if (down) {
          return;
        }
        down = true;
        live = !retired && current == this && !closed;
      }
      abort();
      pending.keySet().forEach(id -> fail(id, new BinanceRest.Failure(ErrorKinds.timeout("user data request"))));
      if (live) {
        VenueMeters.reconnecting("binance", "user");
        events.onDown(error);
        reconnect();
      }
    }

    /** Replaced or closed by us: no more events, no reconnect. */
    void retire() {
      retired = true;
      WsLink open = link;
      if (open != null) {
        open.close();
      }
    }

    void abort() {
      WsLink open = link;
      if (open != null) {
        open.abort();
      }
    }
  }
}
