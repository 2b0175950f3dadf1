package piker.backends.binance.fake;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A hand-made websocket client that never answers pings: what the JDK's client cannot be made to do. */
final class SilentWsClient implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;

  SilentWsClient(URI uri) throws IOException {
    socket = new Socket(uri.getHost(), uri.getPort());
    socket.setSoTimeout(5_000);
    in = new DataInputStream(socket.getInputStream());
    socket.getOutputStream().write(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: c2lsZW50LWNsaWVudC0xMg==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    int tail = 0;
    StringBuilder head = new StringBuilder();
    while (tail != 0x0D0A0D0A) {
      int b = in.readUnsignedByte();
      tail = tail << 8 | b;
      head.append((char) b);
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException(head.toString());
    }
  }

  /** The opcode of the next frame from the server, or -1 once it has closed the connection. */
  int nextOpcode() throws IOException {
    try {
      int first = in.readUnsignedByte();
      int length = in.readUnsignedByte() & 0x7F;
      long skip = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
      in.skipNBytes(skip);
      return first & 0x0F;
    } catch (EOFException | SocketException gone) {
      return -1;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
