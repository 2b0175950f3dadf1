package piker.backends.kraken.trade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import piker.backends.kraken.Reconnects;
import piker.backends.kraken.rest.Envelope;
import piker.backends.kraken.rest.KrakenErrors;
import piker.backends.kraken.rest.KrakenRest;
import piker.backends.kraken.rest.Refusals;
import piker.backends.wire.WsLink;
import piker.contracts.ErrorKind;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.metrics.VenueMeters;

/**
 * The private WebSocket v2 connection (docs/venues/kraken.md 9): a fresh token from {@code GetWebSocketsToken}
 * for every connection ("Tokens are short-lived; obtain a fresh token on each connection"), then {@code executions}
 * subscribed; requests ({@code add_order}, {@code cancel_order}, {@code cancel_all_orders_after}) carry the token
 * and a {@code req_id} of their own, never reused, so a late answer finds nothing waiting and completes nothing.
 * A drop reports down, fails what was outstanding as in doubt, reconnects with backoff (new token, re-subscribed)
 * and reports up. A key refused on a reconnect is reported down as {@code InvalidKey} and ends the retries.
 */
final class PrivateLink implements AutoCloseable {
  /** What the link tells its owner, on its own threads. */
  interface Events {
    void onExecutions(JsonNode message);

    void onDown(RemoteError error);

    void onUp();
  }

  /** Decimals go out as plain JSON numbers ({@code 0.00000001}, never {@code 1E-8}). */
  private static final com.fasterxml.jackson.databind.ObjectWriter WRITER = Envelope.JSON.writer()
      .with(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private final HttpClient http;
  private final URI uri;
  private final Supplier<CompletableFuture<String>> tokens;
  private final TradeTiming timing;
  private final Events events;
  /** Where a subscribed connection is installed: at once in production; a test delays it to stage a drop first. */
  private final Executor installer;
  private final ScheduledExecutorService timer = newTimer();
  private final AtomicLong nextReqId = new AtomicLong(1);
  private final java.util.concurrent.atomic.AtomicInteger drops = new java.util.concurrent.atomic.AtomicInteger();
  private volatile Connection current;
  private volatile boolean closed;
  /** When the link may connect: backoff kept through short ups, attempts under the window's budget. */
  private final Reconnects reconnects;

  PrivateLink(HttpClient http, URI uri, Supplier<CompletableFuture<String>> tokens, TradeTiming timing, Events events) {
    this(http, uri, tokens, timing, events, Runnable::run);
  }

  PrivateLink(HttpClient http, URI uri, Supplier<CompletableFuture<String>> tokens, TradeTiming timing, Events events,
              Executor installer) {
    this(http, uri, tokens, timing, events, installer, Reconnects.Budget.forHost(uri));
  }

  /** As above, the connection attempts counted in {@code connects} (tests give a small one of their own). */
  PrivateLink(HttpClient http, URI uri, Supplier<CompletableFuture<String>> tokens, TradeTiming timing, Events events,
              Executor installer, Reconnects.Budget connects) {
    this.installer = installer;
    this.http = http;
    this.uri = uri;
    this.tokens = tokens;
    this.timing = timing;
    this.events = events;
    // shared by every link of the process to this host: Kraken's limit is per IP, not per account or login
    this.reconnects = new Reconnects(timing::backoffMs, timing.stableAfter(), connects, System::currentTimeMillis);
  }

  /** Gets a token, connects and subscribes; fails with Kraken's refusal (or the connection's error). */
  CompletableFuture<Void> start() {
    long wait = reconnects.firstDelayMs(); // a first connection counts against Kraken's limit too
    CompletableFuture<Connection> opening = wait <= 0 ? open() : CompletableFuture.runAsync(() -> { },
        CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS)).thenCompose(waited -> open());
    return opening.thenAcceptAsync(connection -> {
      if (!install(connection)) {
        throw droppedBeforeInstalled().toException();
      }
    }, installer);
  }

  private static RemoteError droppedBeforeInstalled() {
    return ErrorKind.VENUE_DISCONNECTED.error("kraken private websocket dropped right after subscribing",
        Refusals.SOURCE);
  }

  /**
   * Sends {@code method} with {@code params} (the token added) and completes with Kraken's reply once
   * {@code success} is true; a {@code success:false} reply fails with its {@code error} as a {@link RemoteException}
   * ({@link KrakenErrors}); no reply in time is {@code VenueTimeout}, a drop {@code VenueDisconnected}.
   */
  CompletableFuture<JsonNode> request(String method, ObjectNode params) {
    Connection connection = current;
    if (connection == null || connection.down) {
      return CompletableFuture.failedFuture(ErrorKind.VENUE_DISCONNECTED.error(method
          + ": not connected to kraken's private websocket", Refusals.SOURCE).toException());
    }
    return connection.request(method, params, timing.requestTimeout());
  }

  private CompletableFuture<Connection> open() {
    return tokens.get().thenCompose(token -> {
      Connection connection = new Connection(token);
      WsLink.Keepalive keepalive = new WsLink.Keepalive(timing.pingAfter(), timing.deadAfter(),
          Duration.ofDays(3650), timing.quietDeadAfter()).withApplicationPing(Envelope.PING);
      return WsLink.open(http, uri, timing.connectAndRestTimeout(), keepalive, 0, timer, connection)
          .thenCompose(link -> {
            connection.link = link;
            ObjectNode params = Envelope.JSON.createObjectNode().put("channel", "executions")
                .put("snap_orders", true).put("snap_trades", true).put("order_status", true);
            return connection.request("subscribe", params, timing.connectAndRestTimeout());
          })
          .thenApply(subscribed -> connection)
          .whenComplete((ok, error) -> {
            if (error != null) {
              connection.abort();
            }
          });
    });
  }

  /**
   * Makes {@code connection} the current one unless it dropped already: decided under the lock its
   * {@link Connection#dropped} takes, so a drop either finds it current (and reconnects) or keeps it out.
   */
  private boolean install(Connection connection) {
    synchronized (this) {
      if (connection.down) {
        return false;
      }
      current = connection;
    }
    reconnects.up(); // the backoff starts again only once the link stayed up a while
    if (closed) {
      connection.retire();
    }
    return true;
  }

  /** The link's one timer thread; a request's timeout is dropped from its queue once the request is answered. */
  private static ScheduledExecutorService newTimer() {
    java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
        runnable -> {
          Thread thread = new Thread(runnable, "kraken-private-ws");
          thread.setDaemon(true);
          return thread;
        });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /** Runs {@code task} after {@code wait} on the link's timer; false once {@link #close()} has shut it. */
  private boolean schedule(Runnable task, long waitMs) {
    try {
      timer.schedule(task, waitMs, TimeUnit.MILLISECONDS);
      return true;
    } catch (RejectedExecutionException closing) {
      return false;
    }
  }

  private void reconnect() {
    if (closed) {
      return;
    }
    long wait = reconnects.nextDelayMs();
    schedule(() -> open().whenCompleteAsync((fresh, error) -> {
      if (error == null) {
        if (!install(fresh)) {
          reconnect(); // it dropped before it was installed: nobody else will
        } else if (!closed) {
          events.onUp();
        }
      } else if (KrakenRest.cause(error) instanceof RemoteException refused
          && ErrorKind.INVALID_KEY.is(refused.error())) {
        events.onDown(refused.error()); // nothing this key sends can pass: no more retries
      } else {
        reconnect();
      }
    }, installer), wait);
  }

  /** This link's pacing: for tests. */
  Reconnects reconnects() {
    return reconnects;
  }

  /** Connections that dropped so far (installed or not): for tests that stage a drop. */
  int drops() {
    return drops.get();
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

  /** One WebSocket, its token and the requests outstanding on it. */
  private final class Connection implements WsLink.Handler {
    private final String token;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private volatile WsLink link;
    private volatile boolean retired;
    private volatile boolean down;

    Connection(String token) {
      this.token = token;
    }

    CompletableFuture<JsonNode> request(String method, ObjectNode params, Duration timeout) {
      long reqId = nextReqId.getAndIncrement();
      CompletableFuture<JsonNode> answer = new CompletableFuture<>();
      pending.put(reqId, answer);
      ObjectNode frame = Envelope.JSON.createObjectNode().put("method", method);
      frame.set("params", params.deepCopy().put("token", token));
      frame.put("req_id", reqId);
      link.send(write(frame)).whenComplete((sent, error) -> {
        if (error != null) {
          fail(reqId, ErrorKind.VENUE_DISCONNECTED.error(method + ": the private websocket dropped before it was sent",
              Refusals.SOURCE));
        }
      });
      try {
        java.util.concurrent.ScheduledFuture<?> expiry = timer.schedule(() -> fail(reqId, ErrorKind.VENUE_TIMEOUT.error(
            method + ": no answer from kraken in " + timeout.toSeconds()
                + " s; whether it took effect is unknown", Refusals.SOURCE)),
            timeout.toMillis(), TimeUnit.MILLISECONDS);
        answer.whenComplete((done, error) -> expiry.cancel(false)); // answered: no timer task left behind
      } catch (RejectedExecutionException closing) {
        fail(reqId, ErrorKind.VENUE_DISCONNECTED.error(method + ": the private websocket is closed", Refusals.SOURCE));
      }
      return answer;
    }

    private String write(ObjectNode frame) {
      try {
        return WRITER.writeValueAsString(frame);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("a JSON tree always writes", e);
      }
    }

    private void fail(long reqId, RemoteError error) {
      CompletableFuture<JsonNode> answer = pending.remove(reqId);
      if (answer != null) {
        answer.completeExceptionally(error.toException());
      }
    }

    @Override
    public void onText(WsLink from, String text) {
      JsonNode message = Envelope.parse(text);
      if (message == null || !message.isObject()) {
        return;
      }
      if (message.has("method") && message.path("req_id").canConvertToLong()) {
        CompletableFuture<JsonNode> answer = pending.remove(message.path("req_id").asLong());
        if (answer != null) {
          if (message.path("success").asBoolean(false)) {
            answer.complete(message);
          } else {
            answer.completeExceptionally(Refusals.error(message.path("method").asText(null),
                message.path("error").asText("EGeneral:Internal error")).toException());
          }
        }
        return;
      }
      if (Executions.isExecutions(message) && !retired) {
        events.onExecutions(message);
      }
    }

    @Override
    public void onDown(WsLink from, String why) {
      dropped(ErrorKind.VENUE_DISCONNECTED.error("kraken private websocket lost (" + why + ")", Refusals.SOURCE));
    }

    void dropped(RemoteError error) {
      boolean live;
      synchronized (PrivateLink.this) { // the lock install() takes: see there
        if (down) {
          return;
        }
        down = true;
        live = !retired && current == this && !closed;
      }
      drops.incrementAndGet();
      abort();
      pending.keySet().forEach(id -> fail(id, ErrorKind.VENUE_DISCONNECTED.error(
          "the private websocket dropped with the request outstanding; whether it took effect is unknown",
          Refusals.SOURCE)));
      reconnects.down();
      if (live) {
        VenueMeters.reconnecting("kraken", "private");
        events.onDown(error);
        reconnect();
      }
    }

    void retire() {
      retired = true;
      down = true;
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
