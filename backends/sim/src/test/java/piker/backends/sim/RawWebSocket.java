package piker.backends.sim;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A websocket client by hand, for tests that need one misbehaving in ways the JDK's never would: one
 * that never answers pings, or answers them with the wrong payload. Blocking, with a read bound.
 */
final class RawWebSocket implements AutoCloseable {
  static final int PING = 0x9;
  static final int PONG = 0xA;

  /** A frame read; {@code null} from {@link #read()} means the venue closed the connection. */
  record Frame(int opcode, byte[] payload) {}

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  RawWebSocket(String address, int readBoundMillis) throws IOException {
    String[] hostPort = address.split(":");
    socket = new Socket();
    socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 5_000);
    socket.setSoTimeout(readBoundMillis);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    String key = Base64.getEncoder().encodeToString("piker-raw-client!".substring(0, 16).getBytes(StandardCharsets.US_ASCII));
    out.write(("GET /ws HTTP/1.1\r\nHost: " + address + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String head = readHead();
    if (!head.startsWith("HTTP/1.1 101")) {
      throw new IOException("the venue did not switch to a websocket: " + head);
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      head.write(in.readUnsignedByte());
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** The next frame, or null once the venue has closed the connection (EOF or reset). */
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
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      return new Frame(first & 0x0F, payload);
    } catch (EOFException | SocketException closed) {
      return null;
    }
  }

  /** Sends a frame as a client must: masked. */
  void send(int opcode, byte[] payload) throws IOException {
    byte[] mask = {0x1b, 0x2c, 0x3d, 0x4e};
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | opcode);
    frame.write(0x80 | payload.length);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
