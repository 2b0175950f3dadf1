package piker.backends.binance.trade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import piker.contracts.RemoteError;

/**
 * The user data stream over the WebSocket API (docs/venues/binance.md 9.4, 9.5, 13.5): one connection
 * subscribed with {@code userDataStream.subscribe.signature}, every request correlated by its id. A drop
 * (or a close, or {@code eventStreamTerminated}, or no frame for a while although we ping) reports down,
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

  UserDataLink(HttpClient http, URI uri, RequestSigner signer, LongSupplier serverNow, TradeTiming timing,
               Events events) {
    this.http = http;
    this.uri = uri;
    this.signer = signer;
    this.serverNow = serverNow;
    this.timing = timing;
    this.events = events;
    this.backoff = timing.reconnectMin();
  }

  /** Connects and subscribes; fails with Binance's refusal (or the connection's error) when it cannot. */
  CompletableFuture<Void> start() {
    long every = timing.keepalive().toMillis();
    timer.scheduleAtFixedRate(this::watch, every, every, TimeUnit.MILLISECONDS);
    return open().thenAccept(this::install);
  }

  /** One connection, subscribed. */
  private CompletableFuture<Connection> open() {
    Connection connection = new Connection();
    // A handshake that never answers must fail too, or a reconnect would wait forever.
    return http.newWebSocketBuilder().connectTimeout(timing.requestTimeout()).buildAsync(uri, connection)
        .thenCompose(socket -> {
          connection.socket = socket;
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

  /** Our pings, a dead link, and the connection's age. */
  private void watch() {
    Connection connection = current;
    if (connection == null || closed) {
      return;
    }
    long now = System.currentTimeMillis();
    if (now - connection.lastFrameMs > timing.deadAfter().toMillis()) {
      connection.dropped(RemoteError.of(ErrorKinds.TIMEOUT, "binance user data link silent for "
          + timing.deadAfter().toSeconds() + " s", "binance"));
    } else if (now - connection.openedMs > timing.rotateAfter().toMillis()) {
      rotate(connection);
    } else {
      // Our ping keeps a quiet link answering, so silence means dead; a ping still in flight is enough.
      connection.socket().ifPresent(socket -> {
        try {
          socket.sendPing(ByteBuffer.allocate(0));
        } catch (IllegalStateException stillSending) {
          // the previous ping has not gone out yet
        }
      });
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
    if (closed) {
      return;
    }
    Duration wait = backoff;
    backoff = backoff.multipliedBy(2).compareTo(timing.reconnectMax()) > 0 ? timing.reconnectMax() : backoff.multipliedBy(2);
    timer.schedule(() -> open().whenComplete((fresh, error) -> {
      if (error != null) {
        reconnect();
      } else {
        install(fresh);
        events.onUp();
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

  /** One WebSocket and the requests outstanding on it. */
  private final class Connection implements WebSocket.Listener {
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private final long openedMs = System.currentTimeMillis();
    private volatile long lastFrameMs = openedMs;
    private volatile WebSocket socket;
    private volatile boolean retired;
    private volatile boolean rotating;
    private volatile boolean down;

    java.util.Optional<WebSocket> socket() {
      return java.util.Optional.ofNullable(socket);
    }

    CompletableFuture<JsonNode> request(String method, Map<String, Object> params) {
      int id = nextId.getAndIncrement();
      CompletableFuture<JsonNode> answer = new CompletableFuture<>();
      pending.put(id, answer);
      String frame = JSON.createObjectNode().put("id", id).put("method", method)
          .set("params", JSON.valueToTree(params)).toString();
      socket.sendText(frame, true).whenComplete((sent, error) -> {
        if (error != null) {
          fail(id, error);
        }
      });
      return answer.orTimeout(timing.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void fail(int id, Throwable error) {
      CompletableFuture<JsonNode> answer = pending.remove(id);
      if (answer != null) {
        answer.completeExceptionally(error);
      }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      socket = webSocket;
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      lastFrameMs = System.currentTimeMillis();
      // Demand first: completing a request below runs its dependents here, and a close arriving meanwhile
      // must still be delivered (the JDK calls listeners one at a time, so this cannot overlap the next call).
      webSocket.request(1);
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        frame(text);
      }
      return null;
    }

    private void frame(String text) {
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
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      lastFrameMs = System.currentTimeMillis();
      webSocket.request(1);
      return null; // the JDK answers with a pong carrying the same payload
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      lastFrameMs = System.currentTimeMillis();
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      dropped(RemoteError.of("closed", "binance closed the user data link (" + statusCode + " " + reason + ")",
          "binance"));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      dropped(RemoteError.of("disconnected", "binance user data link lost: " + error.getMessage(), "binance"));
    }

    /** This connection is gone: outstanding requests are in doubt; if it was the live one, reconnect. */
    synchronized void dropped(RemoteError error) {
      if (down) {
        return;
      }
      down = true;
      abort();
      pending.keySet().forEach(id -> fail(id, new BinanceRest.Failure(ErrorKinds.timeout("user data request"))));
      if (!retired && current == this && !closed) {
        events.onDown(error);
        reconnect();
      }
    }

    /** Replaced or closed by us: no more events, no reconnect. */
    void retire() {
      retired = true;
      WebSocket open = socket;
      if (open != null) {
        open.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((ok, error) -> open.abort());
      }
    }

    void abort() {
      WebSocket open = socket;
      if (open != null) {
        open.abort();
      }
    }
  }
}
