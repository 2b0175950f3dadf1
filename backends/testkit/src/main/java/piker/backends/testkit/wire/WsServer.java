package piker.backends.testkit.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A small RFC 6455 server on 127.0.0.1 (ephemeral port), a thread per connection: enough for the fake's
 * market streams and WS API. Pings every connection on a schedule and drops those that do not answer.
 */
public final class WsServer implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** Chooses what a request path serves; null refuses the upgrade with 404. */
  public interface Router extends BiFunction<URI, WsConnection, WsConnection.Session> {}

  private final ServerSocket server;
  private final Router router;
  private final Set<WsConnection> connections = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fake-ws-ping"));
  private volatile long pingIntervalMs;
  private volatile long pongTimeoutMs;
  private volatile int maxIncomingPerSecond;
  private volatile boolean answersPings = true;
  private final java.util.concurrent.atomic.AtomicLong pongsSent = new java.util.concurrent.atomic.AtomicLong();

  public WsServer(Router router, long pingIntervalMs, long pongTimeoutMs, int maxIncomingPerSecond)
      throws IOException {
    this.router = router;
    this.pingIntervalMs = pingIntervalMs;
    this.pongTimeoutMs = pongTimeoutMs;
    this.maxIncomingPerSecond = maxIncomingPerSecond;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon(this::acceptLoop, "fake-ws-accept").start();
    // A fine-grained tick so short test intervals work; each connection is pinged only when its interval is due.
    pinger.scheduleWithFixedDelay(this::pingAll, 10, 10, TimeUnit.MILLISECONDS);
  }

  private static Thread daemon(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  public int port() {
    return server.getLocalPort();
  }

  public void keepalive(long pingIntervalMs, long pongTimeoutMs) {
    this.pingIntervalMs = pingIntervalMs;
    this.pongTimeoutMs = pongTimeoutMs;
  }

  public void maxIncomingPerSecond(int limit) {
    this.maxIncomingPerSecond = limit;
  }

  public void answersPings(boolean answer) {
    this.answersPings = answer;
  }

  public long pongsSent() {
    return pongsSent.get();
  }

  /** Every open connection has answered a ping of its client. */
  public boolean everyConnectionAnsweredAPing() {
    return connections.stream().filter(WsConnection::isOpen).allMatch(WsConnection::answeredAPing);
  }

  public int connectionCount() {
    return (int) connections.stream().filter(WsConnection::isOpen).count();
  }

  /** Closes every TCP connection at once, no close frame: what a network failure looks like. */
  public void dropConnections() {
    connections.forEach(WsConnection::abort);
  }

  /** Leaves every connection open but silent both ways: what a dead network with no FIN or RST looks like. */
  public void stallConnections() {
    connections.forEach(WsConnection::stall);
  }

  /** Closes every connection properly, close frame first: what the 24 hour limit looks like. */
  public void closeConnections() {
    connections.forEach(connection -> connection.close(1000, ""));
  }

  private void pingAll() {
    long now = System.currentTimeMillis();
    for (WsConnection connection : connections) {
      if (!connection.isOpen() || connection.keepalive(now, pingIntervalMs, pongTimeoutMs)) {
        connections.remove(connection);
      }
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        daemon(() -> serve(socket), "fake-ws-conn").start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try {
      socket.setTcpNoDelay(true);
      Map<String, String> headers = new HashMap<>();
      String requestLine = readHead(socket.getInputStream(), headers);
      String[] parts = requestLine.split(" ");
      String key = headers.get("sec-websocket-key");
      if (parts.length < 2 || !"GET".equals(parts[0]) || key == null
          || !"websocket".equalsIgnoreCase(headers.getOrDefault("upgrade", ""))) {
        refuse(socket.getOutputStream(), "400 Bad Request");
        return;
      }
      URI uri = URI.create(parts[1]);
      boolean stream = !uri.getPath().startsWith("/ws-api");
      WsConnection connection = new WsConnection(socket, uri.getPath(), stream ? maxIncomingPerSecond : 0,
          System.currentTimeMillis());
      WsConnection.Session session = router.apply(uri, connection);
      if (session == null) {
        refuse(socket.getOutputStream(), "404 Not Found");
        return;
      }
      connection.attach(session);
      connection.pings(() -> answersPings, pongsSent::incrementAndGet);
      connections.add(connection); // before the 101: a client that saw it open is one dropConnections() drops
      OutputStream out = socket.getOutputStream();
      out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      connection.upgraded();
      connection.readLoop();
    } catch (IOException | IllegalArgumentException e) {
      closeQuietly(socket);
    }
  }

  /** Reads the HTTP head byte by byte up to its blank line, so no frame byte after it is swallowed. */
  private static String readHead(InputStream in, Map<String, String> headers) throws IOException {
    StringBuilder head = new StringBuilder();
    int tail = 0;
    while (tail != 0x0D0A0D0A) {
      int b = in.read();
      if (b < 0 || head.length() > 16_384) {
        throw new IOException("no HTTP head");
      }
      tail = tail << 8 | b;
      head.append((char) b);
    }
    String[] lines = head.toString().split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    return lines[0];
  }

  static String accept(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void refuse(OutputStream out, String status) throws IOException {
    out.write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Already closed.
    }
  }

  @Override
  public void close() {
    pinger.shutdownNow();
    try {
      server.close();
    } catch (IOException ignored) {
      // Already closed.
    }
    dropConnections();
  }
}
