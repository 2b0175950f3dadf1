package piker.backends.binance.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JDK websocket for tests of the fake: collects text messages and pings, awaits them with timeouts. */
final class WsProbe implements WebSocket.Listener, AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(5);
  final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  final BlockingQueue<String> pings = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private final WebSocket socket;

  WsProbe(URI uri) {
    socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, this).join();
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  /** Sends, false when the connection is gone: for bursts the server may cut off halfway. */
  boolean trySend(String text) {
    try {
      socket.sendText(text, true).join();
      return true;
    } catch (java.util.concurrent.CompletionException | IllegalStateException gone) {
      return false;
    }
  }

  /** The next message, failing the test when none comes in time. */
  JsonNode next() throws InterruptedException {
    JsonNode message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (message == null) {
      throw new AssertionError("no message within " + WAIT);
    }
    return message;
  }

  /** The next message satisfying the test, skipping others (kline pushes, for one). */
  JsonNode next(java.util.function.Predicate<JsonNode> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode message = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (message != null && wanted.test(message)) {
        return message;
      }
    }
    throw new AssertionError("no wanted message within " + WAIT);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        messages.add(Wire.JSON.readTree(partial.toString()));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    pings.add(java.nio.charset.StandardCharsets.UTF_8.decode(message.duplicate()).toString());
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(-1);
  }

  @Override
  public void close() {
    socket.abort();
  }
}
