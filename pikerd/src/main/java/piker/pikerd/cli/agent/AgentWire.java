package piker.pikerd.cli.agent;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the thin client and the client agent say to each other over the agent's Unix socket (docs/cli.md, "The
 * client agent"). The agent speaks first, HELLO or DECLINED; the client then sends a version word, the encoding
 * of its stdout and its command line; the agent answers with frames: a kind byte, a length, that many bytes.
 * JDK classes only: the thin client must start in a bare JVM.
 */
final class AgentWire {
  static final String VERSION = "piker-agent/1";
  /** The agent is free and listens for a command line. */
  static final byte HELLO = 'H';
  /** The agent took the command: from here on it runs, whatever happens to the client. */
  static final byte STARTED = 'S';
  /** Bytes the command wrote to its standard output. */
  static final byte STDOUT = 'O';
  /** Bytes the command wrote to its standard error. */
  static final byte STDERR = 'E';
  /** The command's exit code (4 bytes), the last frame. */
  static final byte EXIT = 'X';
  /** Not taken (busy, or a command the agent does not run): the client runs it itself. Words follow. */
  static final byte DECLINED = 'D';

  /** Bounds on a command line a client may send: a hostile one is declined, not read into memory. */
  static final int MAX_ARGS = 4096;
  static final int MAX_LINE_BYTES = 1 << 20;
  /** Bounds on a frame an agent may send: a client reads no more than this per frame. */
  static final int MAX_FRAME_BYTES = 1 << 20;

  private AgentWire() {}

  /** A command line, and the encoding the caller's own JVM would write its stdout in. */
  record Request(String encoding, String[] args) {}

  static void writeRequest(DataOutputStream out, Request request) throws IOException {
    out.writeUTF(VERSION);
    out.writeUTF(request.encoding());
    out.writeInt(request.args().length);
    for (String arg : request.args()) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
    }
    out.flush();
  }

  /** The request a client sent; throws {@link IOException} on another version or a line past the bounds. */
  static Request readRequest(DataInputStream in) throws IOException {
    String version = in.readUTF();
    if (!VERSION.equals(version)) {
      throw new IOException("speaks " + version + ", not " + VERSION);
    }
    String encoding = in.readUTF();
    int count = in.readInt();
    if (count < 0 || count > MAX_ARGS) {
      throw new IOException(count + " arguments");
    }
    List<String> args = new ArrayList<>(count);
    long total = 0;
    for (int i = 0; i < count; i++) {
      int length = in.readInt();
      total += length;
      if (length < 0 || total > MAX_LINE_BYTES) {
        throw new IOException("a command line over " + MAX_LINE_BYTES + " bytes");
      }
      byte[] bytes = in.readNBytes(length);
      if (bytes.length != length) {
        throw new EOFException();
      }
      args.add(new String(bytes, StandardCharsets.UTF_8));
    }
    return new Request(encoding, args.toArray(String[]::new));
  }

  static void writeFrame(DataOutputStream out, byte kind, byte[] bytes, int offset, int length) throws IOException {
    out.writeByte(kind);
    out.writeInt(length);
    out.write(bytes, offset, length);
  }

  static void writeExit(DataOutputStream out, int code) throws IOException {
    synchronized (out) { // a late write of the command's (a logger's thread) is one whole frame before it
      out.writeByte(EXIT);
      out.writeInt(4);
      out.writeInt(code);
      out.flush();
    }
  }

  /** A frame that says its kind alone (HELLO, STARTED), sent at once. */
  static void writeSignal(DataOutputStream out, byte kind) throws IOException {
    writeFrame(out, kind, new byte[0], 0, 0);
    out.flush();
  }

  /** Closes a socket whose other end may be gone already. */
  static void closeQuietly(java.nio.channels.SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing is all it was for
    }
  }

  static void writeDeclined(DataOutputStream out, String why) throws IOException {
    byte[] bytes = why.getBytes(StandardCharsets.UTF_8);
    writeFrame(out, DECLINED, bytes, 0, bytes.length);
    out.flush();
  }

  /** One frame as read: its kind and its bytes. */
  record Frame(byte kind, byte[] bytes) {
    int exitCode() {
      return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
    }
  }

  /** The next frame, or null at the end of the stream. */
  static Frame readFrame(DataInputStream in) throws IOException {
    int kind = in.read();
    if (kind < 0) {
      return null;
    }
    int length = in.readInt();
    if (length < 0 || length > MAX_FRAME_BYTES || kind == EXIT && length != 4) {
      throw new IOException("a bad frame from the agent");
    }
    byte[] bytes = in.readNBytes(length);
    if (bytes.length != length) {
      throw new EOFException();
    }
    return new Frame((byte) kind, bytes);
  }

  /** An output stream that sends what is written to it as frames of one kind; it never closes the socket. */
  static final class FrameStream extends OutputStream {
    private final DataOutputStream out;
    private final byte kind;

    FrameStream(DataOutputStream out, byte kind) {
      this.out = out;
      this.kind = kind;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      synchronized (out) {
        for (int sent = 0; sent < length; sent += MAX_FRAME_BYTES) {
          writeFrame(out, kind, bytes, offset + sent, Math.min(MAX_FRAME_BYTES, length - sent));
        }
      }
    }

    @Override
    public void flush() throws IOException {
      synchronized (out) {
        out.flush();
      }
    }
  }
}
