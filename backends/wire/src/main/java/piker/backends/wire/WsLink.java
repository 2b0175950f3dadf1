package piker.backends.wire;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One websocket to a venue, the part every backend's market streams and private links share; each keeps only
 * its protocol. Whole text messages out of the JDK's parts, the next one asked for before this one is handled
 * (a handler that fails skips its message, never stalls the link); sends one at a time (the JDK allows one
 * outstanding), paced where the venue counts our messages (Binance counts pings and pongs too); and a
 * watchdog. A dropped TCP connection is not always heard of (no FIN or RST reaches us when the network itself
 * fails, and JDK 17's client can lose a close that races a message), and venues ping rarely, so silence alone
 * cannot tell a dead link quickly: we ping once the link is open and after {@code pingAfter} of silence, and
 * once the server has answered a ping of ours, {@code deadAfter} of silence (no frame, not even the pong)
 * means the link is dead. A pong is what RFC 6455 asks, but a venue's docs may promise only their own pings:
 * until a pong is seen the link is dead only after {@code quietDeadAfter} of silence. A link older than
 * {@code renewAfter} asks its owner for a successor (Binance ends connections at 24 h).
 */
public final class WsLink implements WebSocket.Listener {
  private static final Logger log = LoggerFactory.getLogger(WsLink.class);
  private static final long CLOSE_GRACE_SECONDS = 2;
  /** How long a venue's close waits for our answering close before the socket is dropped and the owner told. */
  private static final long CLOSE_ANSWER_GRACE_MS = 1_000;
  /** The code the JDK reports when the connection ended with no close frame (RFC 6455 7.1.5). */
  private static final int CONNECTION_ENDED_WITHOUT_CLOSE = 1006;

  /** What a link tells its owner; one {@link #onDown} at most, then nothing. */
  public interface Handler {
    void onText(WsLink link, String message);

    /**
     * The link is gone (closed by the venue, failed, or silent): it has been aborted. A venue's close is
     * answered with ours first, for at most a second.
     */
    void onDown(WsLink link, String why);

    /** The link has reached its renewal age; asked once. */
    default void onAged(WsLink link) {
    }
  }

  /**
   * The watchdog's clocks: ping after {@code pingAfter} of silence, dead after {@code deadAfter} of silence
   * once a pong has been seen, else after {@code quietDeadAfter}; renewal asked for at {@code renewAfter}.
   * {@code applicationPing}, when not null, is a text message sent after each WebSocket ping, for a venue that
   * documents a ping of its own (Kraken's {@code {"method":"ping"}}): its answer is a frame heard like any.
   */
  public record Keepalive(Duration pingAfter, Duration deadAfter, Duration renewAfter, Duration quietDeadAfter,
                          String applicationPing) {
    /** Clocks with WebSocket pings alone. */
    public Keepalive(Duration pingAfter, Duration deadAfter, Duration renewAfter, Duration quietDeadAfter) {
      this(pingAfter, deadAfter, renewAfter, quietDeadAfter, null);
    }

    /** The same clocks, with {@code message} sent after each WebSocket ping. */
    public Keepalive withApplicationPing(String message) {
      return new Keepalive(pingAfter, deadAfter, renewAfter, quietDeadAfter, message);
    }

    long checkEveryMs() {
      long shortest = Math.min(pingAfter.toMillis(), Math.min(deadAfter.toMillis(), renewAfter.toMillis()));
      return Math.max(10, shortest / 4);
    }
  }

  private final ScheduledExecutorService timers;
  private final Handler handler;
  private final Keepalive keepalive;
  private final Pacer pacer;
  private final StringBuilder partial = new StringBuilder();
  private final AtomicBoolean over = new AtomicBoolean();
  private final long openedNanos = System.nanoTime();
  private volatile long heardNanos = openedNanos;
  private volatile long pingedNanos = openedNanos;
  private volatile boolean aged;
  private volatile boolean pinging;
  /** The server has answered a ping of ours: its silence past {@code deadAfter} means the link is dead. */
  private volatile boolean pongSeen;
  private volatile WebSocket socket;
  private ScheduledFuture<?> watchdog;
  private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);

  private WsLink(ScheduledExecutorService timers, Handler handler, Keepalive keepalive, int messagesPerSecond) {
    this.timers = timers;
    this.handler = handler;
    this.keepalive = keepalive;
    this.pacer = messagesPerSecond > 0 ? new Pacer(messagesPerSecond) : null;
  }

  /**
   * Opens a link; {@code messagesPerSecond} 0 sends unpaced. The handler may hear from the link before the
   * future completes. Fails when the handshake fails or takes longer than {@code connectTimeout}.
   */
  public static CompletableFuture<WsLink> open(HttpClient http, URI uri, Duration connectTimeout, Keepalive keepalive,
                                               int messagesPerSecond, ScheduledExecutorService timers,
                                               Handler handler) {
    WsLink link = new WsLink(timers, handler, keepalive, messagesPerSecond);
    return http.newWebSocketBuilder().connectTimeout(connectTimeout).buildAsync(uri, link).thenApply(socket -> {
      link.socket = socket;
      link.watch();
      return link;
    });
  }

  /** Since when the link is open, by {@link System#nanoTime()}. */
  public long openedNanos() {
    return openedNanos;
  }

  public boolean isDown() {
    return over.get();
  }

  /** Sends a text message after the ones before it, at its paced time; fails if the link is down by then. */
  public synchronized CompletableFuture<Void> send(String text) {
    return enqueue(() -> socket.sendText(text, true));
  }

  private synchronized CompletableFuture<Void> enqueue(Supplier<CompletableFuture<WebSocket>> sending) {
    long delay = reserveSlot();
    CompletableFuture<Void> sent = sends.handle((ok, error) -> null).thenCompose(ignored -> due(delay))
        .thenCompose(ignored -> over.get()
            ? CompletableFuture.failedFuture(new java.io.IOException("the websocket is down"))
            : sending.get())
        .thenApply(ignored -> null);
    sends = sent;
    return sent;
  }

  /** Milliseconds until our next message may go; its slot is taken. */
  private synchronized long reserveSlot() {
    if (pacer == null) {
      return 0;
    }
    long now = System.nanoTime() / 1_000_000;
    return pacer.reserve(now) - now;
  }

  private CompletableFuture<Void> due(long delayMs) {
    CompletableFuture<Void> due = new CompletableFuture<>();
    if (delayMs <= 0) {
      due.complete(null);
      return due;
    }
    try {
      timers.schedule(() -> due.complete(null), delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shutDown) {
      due.completeExceptionally(shutDown);
    }
    return due;
  }

  private synchronized void watch() {
    if (over.get()) {
      abortSocket();
      return;
    }
    long every = keepalive.checkEveryMs();
    try {
      watchdog = timers.scheduleAtFixedRate(this::check, every, every, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shutDown) {
      abort();
      return;
    }
    ping(System.nanoTime()); // at once: whether the server answers decides how soon its silence is death
  }

  private void check() {
    if (over.get()) {
      return;
    }
    long now = System.nanoTime();
    long silentMs = (now - heardNanos) / 1_000_000;
    if (pongSeen && silentMs >= keepalive.deadAfter().toMillis()) {
      down("nothing heard for " + silentMs + " ms, not even a pong to our ping");
      return;
    }
    if (silentMs >= keepalive.quietDeadAfter().toMillis()) {
      down("nothing heard for " + silentMs + " ms, not even the server's ping (it has not answered ours)");
      return;
    }
    if (silentMs >= keepalive.pingAfter().toMillis() && (now - pingedNanos) / 1_000_000 >= keepalive.pingAfter().toMillis()) {
      ping(now);
    }
    if (!aged && (now - openedNanos) / 1_000_000 >= keepalive.renewAfter().toMillis()) {
      aged = true;
      handler.onAged(this);
    }
  }

  private synchronized void ping(long now) {
    if (pinging) {
      return; // one ping queued at a time: pacing must not build a backlog of them
    }
    pingedNanos = now;
    pinging = true;
    CompletableFuture<Void> sent = enqueue(() -> socket.sendPing(ByteBuffer.allocate(0)));
    if (keepalive.applicationPing() != null) {
      // queued now, behind the ping: never from the ping's completion, which runs on the JDK's I/O thread and
      // must not wait for this link's lock (a send holding it may be waiting for that thread)
      String message = keepalive.applicationPing();
      sent = enqueue(() -> socket.sendText(message, true));
    }
    sent.whenComplete((done, error) -> pinging = false);
  }

  /** Closes politely (a close frame, then the socket); no {@link Handler#onDown} follows. */
  public void close() {
    if (stop()) {
      WebSocket open = socket;
      if (open != null) {
        open.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS)
            .whenComplete((ok, error) -> open.abort());
      }
    }
  }

  /** Drops the connection at once; no {@link Handler#onDown} follows. */
  public void abort() {
    if (stop()) {
      abortSocket();
    }
  }

  private boolean stop() {
    if (!over.compareAndSet(false, true)) {
      return false;
    }
    synchronized (this) {
      if (watchdog != null) {
        watchdog.cancel(false);
      }
    }
    return true;
  }

  private void abortSocket() {
    WebSocket open = socket;
    if (open != null) {
      open.abort();
    }
  }

  private void down(String why) {
    if (stop()) {
      abortSocket();
      handler.onDown(this, why);
    }
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    socket = webSocket;
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    heardNanos = System.nanoTime();
    // the next message is asked for first: one whose handling fails must not stop the link (nor hide a drop)
    webSocket.request(1);
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      if (!over.get()) {
        try {
          handler.onText(this, text);
        } catch (RuntimeException e) {
          log.warn("a websocket message could not be handled ({}); skipped", e.toString());
        }
      }
    }
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    heardNanos = System.nanoTime();
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    heardNanos = System.nanoTime();
    reserveSlot(); // the JDK answers with a pong itself, and a pacing venue counts that pong: its slot is taken
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    heardNanos = System.nanoTime();
    pongSeen = true;
    webSocket.request(1);
    return null;
  }

  /**
   * The venue closed the link. RFC 6455 (5.5.1) asks for a close frame back before the connection goes;
   * dropping it at once shows the venue an abnormal end (1006). So the close is answered, echoing the venue's
   * code, and only then, or after {@link #CLOSE_ANSWER_GRACE_MS} when the answer cannot go out, is the socket
   * dropped and the owner told. After our own close or an abort there is nothing to answer.
   */
  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    String why = "closed " + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason);
    if (statusCode == CONNECTION_ENDED_WITHOUT_CLOSE) {
      down(why); // no close frame came, only the end of the connection: there is nothing to answer
      return null;
    }
    if (!stop()) {
      return null;
    }
    AtomicBoolean gone = new AtomicBoolean();
    Runnable letGo = () -> {
      if (gone.compareAndSet(false, true)) {
        webSocket.abort(); // the JDK has closed the connection itself once the answer is sent; this is sure
        handler.onDown(this, why);
      }
    };
    CompletableFuture<WebSocket> answered = answerClose(webSocket, statusCode);
    // off the JDK's thread that completes the send: the owner's handling must not hold up its I/O
    answered.whenComplete((ok, error) -> onTimers(letGo, 0));
    onTimers(letGo, CLOSE_ANSWER_GRACE_MS);
    return answered; // the JDK closes our output when it completes; ours is closed by then
  }

  /**
   * Our close in answer to the venue's: its code echoed, as RFC 6455 suggests, where the JDK lets a client
   * send it (not 1005 "none given", nor codes only servers send, such as 1012 "restarting"), else 1000.
   */
  private static CompletableFuture<WebSocket> answerClose(WebSocket webSocket, int venueCode) {
    return webSocket.sendClose(venueCode, "").exceptionallyCompose(refused ->
        refused instanceof IllegalArgumentException || refused.getCause() instanceof IllegalArgumentException
            ? webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "")
            : CompletableFuture.failedFuture(refused));
  }

  /** Runs on the timers after {@code delayMs}; at once on this thread when they are shut down. */
  private void onTimers(Runnable task, long delayMs) {
    try {
      timers.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shutDown) {
      task.run();
    }
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    down(String.valueOf(error));
  }
}
