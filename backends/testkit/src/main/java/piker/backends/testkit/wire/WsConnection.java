package piker.backends.testkit.wire;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One server side websocket (RFC 6455) after the handshake: reads masked client frames on its own thread,
 * writes unmasked server frames under a lock, answers pings, tracks the last pong and the incoming rate.
 */
public final class WsConnection {
  /** What a path serves over a connection. */
  public interface Session {
    void onText(WsConnection connection, String text);

    default void onClosed(WsConnection connection) {}
  }

  private static final int TEXT = 1;
  private static final int CONTINUATION = 0;
  private static final int CLOSE = 8;
  private static final int PING = 9;
  private static final int PONG = 10;

  public final String path;
  public final long connectedAt;
  private final Socket socket;
  private final OutputStream out;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Set once the 101 is on the wire: a frame published before it would corrupt the handshake. */
  private volatile boolean upgraded;
  /** Set by {@link #stall()}: nothing goes out, nothing is answered, the socket stays open. */
  private volatile boolean stalled;
  private final int maxIncomingPerSecond;
  private Session session;
  private final java.util.Map<String, Long> unanswered = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile long lastPingAt;
  /** Whether a client's ping gets its pong (RFC 6455 says it must; a server may be slow or not): the server's. */
  private java.util.function.BooleanSupplier answersPings = () -> true;
  /** Told after each pong to a client's ping is on the wire. */
  private Runnable pongSent = () -> { };
  private volatile boolean answeredAPing;
  private long pings;
  private long rateSecond = -1;
  private int rateCount;

  WsConnection(Socket socket, String path, int maxIncomingPerSecond, long connectedAt) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.path = path;
    this.maxIncomingPerSecond = maxIncomingPerSecond;
    this.connectedAt = connectedAt;
    this.lastPingAt = connectedAt;
  }

  void attach(Session session) {
    this.session = session;
  }

  /** How this connection treats the client's pings: set before {@link #readLoop} starts. */
  void pings(java.util.function.BooleanSupplier answer, Runnable sent) {
    this.answersPings = answer;
    this.pongSent = sent;
  }

  /** A pong to one of the client's pings has been sent on this connection. */
  public boolean answeredAPing() {
    return answeredAPing;
  }

  public boolean isOpen() {
    return !closed.get();
  }

  /** Reads frames until the peer closes, breaks a rule or the socket goes; runs on the connection's thread. */
  void readLoop() {
    try (DataInputStream in = new DataInputStream(socket.getInputStream())) {
      ByteArrayOutputStream message = new ByteArrayOutputStream();
      while (isOpen()) {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        boolean fin = (first & 0x80) != 0;
        int opcode = first & 0x0F;
        long length = second & 0x7F;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        if ((second & 0x80) == 0 || length > 1 << 20) {
          close(1002, "protocol error");
          return;
        }
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes((int) length);
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i % 4];
        }
        if (stalled) {
          continue; // a dead network: what the client sends is lost
        }
        if (opcode != CONTINUATION && !countIncoming()) {
          return;
        }
        switch (opcode) {
          case PING -> {
            if (answersPings.getAsBoolean()) {
              send(PONG, payload);
              answeredAPing = true;
              pongSent.run();
            }
          }
          case PONG -> pong(new String(payload, StandardCharsets.UTF_8));
          case CLOSE -> {
            close(1000, "");
            return;
          }
          case TEXT, CONTINUATION -> {
            message.write(payload);
            if (fin) {
              String text = message.toString(StandardCharsets.UTF_8);
              message.reset();
              session.onText(this, text);
            }
          }
          default -> {
            close(1003, "unsupported data");
            return;
          }
        }
      }
    } catch (IOException e) {
      // The peer went away or dropConnections() closed the socket: the connection is over either way.
    } finally {
      abort();
    }
  }

  /** Market streams allow a few incoming messages a second (pings and pongs count); beyond it: disconnect. */
  private synchronized boolean countIncoming() {
    if (maxIncomingPerSecond <= 0) {
      return true;
    }
    long second = System.currentTimeMillis() / 1000;
    if (second != rateSecond) {
      rateSecond = second;
      rateCount = 0;
    }
    if (++rateCount > maxIncomingPerSecond) {
      close(1008, "Too many requests");
      return false;
    }
    return true;
  }

  private void pong(String payload) {
    // Only a pong carrying a ping's payload answers it; unsolicited pongs do not keep the link alive.
    unanswered.remove(payload);
  }

  /**
   * Sends a ping when one is due; drops the connection (true) when a ping has gone unanswered for
   * {@code pongTimeoutMs}.
   */
  boolean keepalive(long now, long pingIntervalMs, long pongTimeoutMs) {
    if (stalled) {
      return false; // its FIN would not reach the client anyway
    }
    Long oldest = unanswered.values().stream().min(Long::compare).orElse(null);
    if (oldest != null && now - oldest >= pongTimeoutMs) {
      abort();
      return true;
    }
    if (now - lastPingAt >= pingIntervalMs) {
      lastPingAt = now;
      String payload = Long.toString(++pings);
      unanswered.put(payload, now);
      send(PING, payload.getBytes(StandardCharsets.UTF_8));
    }
    return false;
  }

  public void sendText(String text) {
    send(TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Frames already encoded (the firehose's), in one write. */
  public synchronized void sendFrames(byte[] frames) {
    if (closed.get() || !upgraded) {
      return;
    }
    try {
      out.write(frames);
      out.flush();
    } catch (IOException e) {
      abort();
    }
  }

  /** A close frame, then the socket closes. */
  public void close(int code, String reason) {
    byte[] why = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + why.length];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(why, 0, payload, 2, why.length);
    send(CLOSE, payload);
    abort();
  }

  /** Drops the TCP connection with no close frame, as a network failure would. */
  public void abort() {
    if (closed.compareAndSet(false, true)) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Closing a socket that is already gone.
      }
      if (session != null) {
        session.onClosed(this);
      }
    }
  }

  /** The network goes dead under the connection: no FIN, no RST, no frame either way, the socket left open. */
  public void stall() {
    stalled = true;
  }

  /** The handshake's 101 has been written: frames may follow. */
  void upgraded() {
    upgraded = true;
  }

  private synchronized void send(int opcode, byte[] payload) {
    if (closed.get() || !upgraded || stalled) {
      return; // before the 101 the client is not listening yet: what happens then is not its to see
    }
    try {
      out.write(0x80 | opcode);
      if (payload.length < 126) {
        out.write(payload.length);
      } else if (payload.length < 65536) {
        out.write(126);
        out.write(payload.length >> 8);
        out.write(payload.length);
      } else {
        out.write(127);
        for (int shift = 56; shift >= 0; shift -= 8) {
          out.write((int) ((long) payload.length >> shift));
        }
      }
      out.write(payload);
      out.flush();
    } catch (IOException e) {
      abort();
    }
  }
}
