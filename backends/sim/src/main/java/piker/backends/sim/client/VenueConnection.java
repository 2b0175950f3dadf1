package piker.backends.sim.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.backends.sim.venue.VenueJson;
import piker.backends.sim.venue.VenueKeepalive;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.metrics.VenueMeters;

/**
 * The backend's link to the venue, as to any exchange's websocket API. Every request carries an id
 * and its answer is matched by that id; a request that timed out is forgotten, so a late answer can
 * never be taken for the next one. A dropped connection fails what was pending, then reconnects
 * with backoff, runs the owner's reconnect step (a trade client logs in again) and restores the
 * subscriptions, whose fresh snapshots flow to the event consumer.
 *
 * <p>Keepalive ({@link VenueKeepalive}, as Binance asks of its clients): the JDK websocket answers the
 * venue's pings with pongs carrying their payload by itself; this side also pings the venue and takes a
 * silent link as dead ({@link LinkWatch}): it aborts it and reconnects as after any drop.
 */
public final class VenueConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VenueConnection.class);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final URI uri;
  private final String address;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledThreadPoolExecutor reconnects = timers();
  private final VenueJson json = new VenueJson();
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
  private final Consumer<JsonNode> events;
  private final Consumer<RemoteError> errors;
  private final Duration requestTimeout;
  private final Function<VenueConnection, CompletionStage<?>> onReconnected;
  private final VenueKeepalive keepalive;
  private volatile WebSocket socket;
  private volatile boolean closed;
  /** Incomplete while a reconnect's own step runs: others' requests wait for it (a relogin comes first). */
  private volatile CompletableFuture<Void> restored = CompletableFuture.completedFuture(null);
  private final Backoff backoff = new Backoff(MIN_BACKOFF, MAX_BACKOFF);
  private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);
  /** Until when (System.nanoTime) the venue asked to hear nothing from this link: its Retry-After. */
  private volatile long quietUntilNanos = System.nanoTime();

  private VenueConnection(String address, Consumer<JsonNode> events, Consumer<RemoteError> errors,
                          Duration requestTimeout, Function<VenueConnection, CompletionStage<?>> onReconnected,
                          VenueKeepalive keepalive) {
    this.address = address;
    this.uri = URI.create("ws://" + address + "/ws");
    this.events = events;
    this.errors = errors;
    this.requestTimeout = requestTimeout;
    this.onReconnected = onReconnected;
    this.keepalive = keepalive;
  }

  /** Reconnects, request timeouts and pings, on one daemon thread; a cancelled timer leaves its queue at once. */
  private static ScheduledThreadPoolExecutor timers() {
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "sim-venue-reconnect");
      thread.setDaemon(true);
      return thread;
    });
    timers.setRemoveOnCancelPolicy(true);
    return timers;
  }

  /** Connects; completes when the socket is open, fails when the venue is unreachable. */
  public static CompletableFuture<VenueConnection> open(String address, Consumer<JsonNode> events,
                                                        Consumer<RemoteError> errors) {
    return open(address, events, errors, REQUEST_TIMEOUT, connection -> CompletableFuture.completedFuture(null));
  }

  /**
   * Connects with a request timeout of its own and a step run after every reconnect, before the
   * subscriptions are restored (a trade client logs in again there).
   */
  public static CompletableFuture<VenueConnection> open(String address, Consumer<JsonNode> events,
                                                        Consumer<RemoteError> errors, Duration requestTimeout,
                                                        Function<VenueConnection, CompletionStage<?>> onReconnected) {
    return open(address, events, errors, requestTimeout, onReconnected, VenueKeepalive.configured());
  }

  /** As above, with the keepalive's intervals given rather than read from this JVM's configuration. */
  public static CompletableFuture<VenueConnection> open(String address, Consumer<JsonNode> events,
                                                        Consumer<RemoteError> errors, Duration requestTimeout,
                                                        Function<VenueConnection, CompletionStage<?>> onReconnected,
                                                        VenueKeepalive keepalive) {
    VenueConnection connection = new VenueConnection(address, events, errors, requestTimeout, onReconnected,
        keepalive);
    return connection.connect().thenApply(link -> connection);
  }

  public String address() {
    return address;
  }

  private CompletableFuture<Listener> connect() {
    Listener listener = new Listener();
    return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, listener)
        .thenApply(opened -> {
          if (!listener.dropped) { // a link that dropped the moment it opened is already being replaced
            socket = opened;
          }
          listener.watch(opened);
          return listener;
        });
  }

  /** Sends a request; completes with its result, or fails with the venue's boxed error. */
  public CompletableFuture<JsonNode> request(ObjectNode request) {
    CompletableFuture<Void> gate = restored;
    if (!gate.isDone()) {
      return gate.handle((ok, error) -> null).thenCompose(ignored -> send(request));
    }
    return send(request);
  }

  /** A request of the reconnect step itself (a relogin): it goes before everything waiting for it. */
  public CompletableFuture<JsonNode> restoreRequest(ObjectNode request) {
    return send(request);
  }

  private CompletableFuture<JsonNode> send(ObjectNode request) {
    long quietNanos = quietUntilNanos - System.nanoTime();
    if (quietNanos > 0) {
      // the venue said when to come back: nothing goes before then, so the limit is not made worse
      return CompletableFuture.failedFuture(rateLimited(quietNanos));
    }
    long id = ids.incrementAndGet();
    request.put("id", id);
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    String op = request.path("op").asText();
    if (!closed) {
      java.util.concurrent.ScheduledFuture<?> timeout = reconnects.schedule(() -> answer.completeExceptionally(
          RemoteError.of("VenueTimeout", "the sim venue at " + address + " did not answer '" + op + "' within "
              + requestTimeout.toMillis() + " ms", "sim backend").toException()),
          requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
      // an answered request's timer goes at once: it would hold the answer until it fired
      answer.whenComplete((result, error) -> timeout.cancel(false));
    }
    // a request that timed out is forgotten, so its late answer can never complete another one
    answer.whenComplete((result, error) -> pending.remove(id));
    WebSocket current = socket;
    if (current == null || closed) {
      answer.completeExceptionally(disconnected());
    } else {
      send(current, json.write(request)).exceptionally(error -> {
        answer.completeExceptionally(disconnected());
        return null;
      });
    }
    return answer;
  }

  public CompletableFuture<JsonNode> subscribe(Set<String> markets) {
    subscriptions.addAll(markets);
    ObjectNode request = json.object().put("op", "subscribe");
    markets.forEach(request.putArray("markets")::add);
    return request(request);
  }

  public CompletableFuture<JsonNode> unsubscribe(Set<String> markets) {
    subscriptions.removeAll(markets);
    ObjectNode request = json.object().put("op", "unsubscribe");
    markets.forEach(request.putArray("markets")::add);
    return request(request);
  }

  public VenueJson json() {
    return json;
  }

  /** The JDK allows one outstanding send per socket: chain them. */
  private synchronized CompletionStage<?> send(WebSocket target, String text) {
    CompletableFuture<?> next = sends.handle((ok, error) -> null)
        .thenCompose(ignored -> target.sendText(text, true));
    sends = next;
    return next;
  }

  private RemoteException rateLimited(long waitNanos) {
    long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    return RemoteError.of("RateLimited", "rate limited by the sim venue at " + address + " for " + seconds + " s",
        "sim backend").toException();
  }

  private RemoteException disconnected() {
    return RemoteError.of("VenueDisconnected", "the sim venue at " + address + " is not connected", "sim backend")
        .toException();
  }

  private void onDropped(WebSocket dropped, Throwable cause) {
    if (socket == dropped) {
      socket = null;
    }
    pending.values().forEach(answer -> answer.completeExceptionally(disconnected()));
    if (closed) {
      return;
    }
    log.warn("lost the sim venue at {} ({}); reconnecting", address, cause == null ? "closed" : cause.toString());
    VenueMeters.reconnecting("sim", "venue");
    errors.accept(RemoteError.of("VenueDisconnected", "lost the sim venue at " + address + "; reconnecting",
        "sim backend"));
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    long delay = backoff.nextDelayMillis();
    reconnects.schedule(() -> {
      if (closed) {
        return;
      }
      CompletableFuture<Void> gate = new CompletableFuture<>();
      restored = gate;
      connect().whenComplete((link, error) -> {
        if (error != null) {
          gate.complete(null); // what waited fails as disconnected, as before the attempt
          scheduleReconnect();
          return;
        }
        backoff.reset();
        log.info("reconnected to the sim venue at {}", address);
        CompletionStage<?> step;
        try {
          step = onReconnected.apply(this);
        } catch (RuntimeException e) {
          step = CompletableFuture.failedFuture(e); // the gate must open whatever the step does
        }
        step.whenComplete((done, failed) -> {
          if (failed != null) {
            // not usable as it is (say, the relogin timed out): drop it and try again with backoff;
            // abort() alone would tell no listener, so this is the drop
            link.retire();
            gate.complete(null); // what waited fails as disconnected, not on a socket not logged in
            if (!closed) {
              scheduleReconnect();
            }
            return;
          }
          gate.complete(null);
          if (!subscriptions.isEmpty()) {
            subscribe(Set.copyOf(subscriptions)).thenAccept(this::replaySnapshots);
          }
        });
      });
    }, delay, TimeUnit.MILLISECONDS);
  }

  /** Hands restored subscriptions' snapshots to the event consumer as tick events without ticks. */
  private void replaySnapshots(JsonNode result) {
    for (JsonNode snapshot : result.path("snapshots")) {
      ObjectNode event = snapshot.deepCopy();
      event.put("event", "ticks");
      event.putArray("ticks");
      events.accept(event);
    }
  }

  @Override
  public void close() {
    closed = true;
    WebSocket current = socket;
    if (current != null) {
      current.abort();
    }
    reconnects.shutdownNow();
    pending.values().forEach(answer -> answer.completeExceptionally(disconnected()));
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean dropped;
    private volatile WebSocket opened;
    private final LinkWatch watch = new LinkWatch(keepalive, reconnects, address);

    @Override
    public void onOpen(WebSocket webSocket) {
      opened = webSocket;
      webSocket.request(1);
    }

    void watch(WebSocket webSocket) {
      opened = webSocket;
      watch.start(webSocket, silentMillis -> {
        webSocket.abort(); // tells no listener: the drop is reported here
        dropOnce(new TimeoutException("nothing from the venue, not even a pong, for " + silentMillis + " ms"));
      });
    }

    /** Abandons a link no longer wanted (its relogin failed): no drop reported, no more pings. */
    void retire() {
      dropped = true;
      watch.stop();
      WebSocket webSocket = opened;
      if (webSocket != null) {
        if (socket == webSocket) {
          socket = null;
        }
        webSocket.abort();
      }
    }

    private void heard() {
      watch.heard();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      heard();
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        dispatch(text);
      }
      webSocket.request(1);
      return null;
    }

    /** The JDK's websocket answers a ping with a pong carrying its payload itself, as the venue requires. */
    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      heard();
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      heard();
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      heard();
      webSocket.request(1);
      return null;
    }

    private void dispatch(String text) {
      JsonNode message;
      try {
        message = json.parse(text);
      } catch (IllegalArgumentException e) {
        log.warn("the venue sent something that is not JSON; ignored");
        return;
      }
      if (message.has("event")) {
        events.accept(message);
        return;
      }
      CompletableFuture<JsonNode> answer = pending.remove(message.path("id").asLong(-1));
      if (answer == null) {
        return; // its caller timed out: never hand this answer to anyone else
      }
      if (message.path("ok").asBoolean(false)) {
        answer.complete(message.path("result"));
      } else {
        JsonNode error = message.path("error");
        long retryAfterMs = error.path("retry_after_ms").asLong(0);
        if (retryAfterMs > 0) {
          long waitNanos = retryAfterMs * 1_000_000L;
          quietUntilNanos = System.nanoTime() + waitNanos;
          answer.completeExceptionally(rateLimited(waitNanos));
          return;
        }
        answer.completeExceptionally(RemoteError.of(error.path("type").asText("VenueError"),
            error.path("message").asText(""), "sim venue " + address).toException());
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      dropOnce(null);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      dropOnce(error);
    }

    /** A socket may report both an error and a close; reconnect once. */
    private synchronized void dropOnce(Throwable error) {
      if (!dropped) {
        dropped = true;
        watch.stop();
        onDropped(opened, error);
      }
    }
  }
}
