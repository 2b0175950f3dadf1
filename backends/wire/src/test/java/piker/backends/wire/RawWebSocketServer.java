package piker.backends.wire;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A websocket server by hand, one connection, for tests that must see the frames a client sends, the close
 * handshake included, which a server library would answer on its own. Blocking, with a read bound.
 */
final class RawWebSocketServer implements AutoCloseable {
  static final int CLOSE = 0x8;
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");

  /** A frame read, unmasked; {@code null} from {@link #read()} means the client dropped the connection. */
  record Frame(int opcode, byte[] payload) {
    /** The status code of a close frame; 1005 when it carries none. */
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }
  }

  private final ServerSocket listening;
  private final int readBoundMillis;
  private Socket connection;
  private DataInputStream in;
  private OutputStream out;

  RawWebSocketServer(int readBoundMillis) throws IOException {
    this.listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    this.readBoundMillis = readBoundMillis;
  }

  URI uri() {
    return URI.create("ws://" + listening.getInetAddress().getHostAddress() + ":" + listening.getLocalPort() + "/ws");
  }

  /** Takes the one connection and switches it to a websocket. */
  void accept() throws IOException {
    listening.setSoTimeout(readBoundMillis);
    connection = listening.accept();
    connection.setSoTimeout(readBoundMillis);
    in = new DataInputStream(connection.getInputStream());
    out = connection.getOutputStream();
    String head = readHead();
    Matcher key = KEY.matcher(head);
    if (!key.find()) {
      throw new IOException("not a websocket handshake: " + head);
    }
    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + accept(key.group(1)) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String accept(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      head.write(in.readUnsignedByte());
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** Sends a close frame as a server does: unmasked, with the code and no reason. */
  void sendClose(int code) throws IOException {
    out.write(new byte[] {(byte) (0x80 | CLOSE), 2, (byte) (code >> 8), (byte) code});
    out.flush();
  }

  /** The next frame, or null once the client has dropped the connection (EOF or reset). */
  Frame read() throws IOException {
    try {
      int first = in.readUnsignedByte();
      int second = in.readUnsignedByte();
      long length = second & 0x7F;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] mask = new byte[4];
      if ((second & 0x80) != 0) {
        in.readFully(mask);
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i % 4];
      }
      return new Frame(first & 0x0F, payload);
    } catch (EOFException | SocketException dropped) {
      return null;
    }
  }

  /** The next close frame, past the client's other frames (its first ping); null when it drops the connection. */
  Frame readClose() throws IOException {
    for (Frame frame = read(); frame != null; frame = read()) {
      if (frame.opcode() == CLOSE) {
        return frame;
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    if (connection != null) {
      connection.close();
    }
    listening.close();
  }
}
