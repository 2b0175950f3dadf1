package piker.backends.sim.venue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Follows one direction of a websocket connection without changing a byte: the HTTP head first, then
 * frames (RFC 6455 section 5.2). It hands over each whole control frame (ping, pong, close) with its
 * unmasked payload, and tells whether the bytes so far end between two frames, where a frame of our
 * own may be slipped in. Pekko HTTP answers pings itself but never shows pongs to its user; this is
 * how the venue sees them.
 */
final class FrameScanner {
  static final int PING = 0x9;
  static final int PONG = 0xA;
  private static final int MAX_HEAD = 8192;
  private static final byte[] SWITCHED = "HTTP/1.1 101".getBytes(StandardCharsets.US_ASCII);

  /** Receives each whole control frame. */
  interface ControlFrames {
    void frame(int opcode, byte[] payload);
  }

  private enum Phase { HEAD, FRAMES, NOT_WEBSOCKET }

  private final boolean answer;
  private Phase phase = Phase.HEAD;
  private final byte[] head = new byte[SWITCHED.length];
  private int headLength;
  private int headEndMatched;

  private final byte[] header = new byte[14];
  private int headerFill;
  private int headerNeed = 2;
  private boolean inPayload;
  private long payloadLeft;
  private int opcode;
  private byte[] mask;
  private byte[] control;
  private int controlFill;

  /**
   * @param answer true for the server's side (its head must be a 101 answer for frames to follow),
   *               false for the client's side (frames follow its request head)
   */
  FrameScanner(boolean answer) {
    this.answer = answer;
  }

  /** True once the head is over and frames flow. */
  boolean upgraded() {
    return phase == Phase.FRAMES;
  }

  /** True when the bytes so far end exactly between two frames of an upgraded connection. */
  boolean atFrameBoundary() {
    return phase == Phase.FRAMES && !inPayload && headerFill == 0;
  }

  /** Follows the next bytes of this direction, in order. */
  void feed(ByteBuffer bytes, ControlFrames frames) {
    while (bytes.hasRemaining()) {
      switch (phase) {
        case NOT_WEBSOCKET -> {
          return;
        }
        case HEAD -> headByte(bytes.get());
        case FRAMES -> {
          if (inPayload) {
            payload(bytes, frames);
          } else {
            headerByte(bytes.get(), frames);
          }
        }
      }
    }
  }

  private void headByte(byte b) {
    if (headLength < head.length) {
      head[headLength] = b;
    }
    headLength++;
    byte expected = (byte) (headEndMatched % 2 == 0 ? '\r' : '\n');
    headEndMatched = b == expected ? headEndMatched + 1 : (b == '\r' ? 1 : 0);
    if (headEndMatched == 4) {
      phase = !answer || switched() ? Phase.FRAMES : Phase.NOT_WEBSOCKET;
    } else if (headLength > MAX_HEAD) {
      phase = Phase.NOT_WEBSOCKET;
    }
  }

  private boolean switched() {
    return headLength >= SWITCHED.length && java.util.Arrays.equals(head, SWITCHED);
  }

  private void headerByte(byte b, ControlFrames frames) {
    header[headerFill++] = b;
    if (headerFill == 2) {
      int length7 = header[1] & 0x7F;
      boolean masked = (header[1] & 0x80) != 0;
      headerNeed = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + (masked ? 4 : 0);
    }
    if (headerFill == headerNeed) {
      startFrame(frames);
    }
  }

  private void startFrame(ControlFrames frames) {
    opcode = header[0] & 0x0F;
    int length7 = header[1] & 0x7F;
    int at = 2;
    long length = length7;
    if (length7 == 126) {
      length = ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
      at = 4;
    } else if (length7 == 127) {
      length = 0;
      for (int i = 2; i < 10; i++) {
        length = (length << 8) | (header[i] & 0xFFL);
      }
      at = 10;
    }
    mask = (header[1] & 0x80) != 0 ? java.util.Arrays.copyOfRange(header, at, at + 4) : null;
    // control frames carry at most 125 bytes; a longer one is the peer's protocol error, left to Pekko
    control = opcode >= 0x8 && length <= 125 ? new byte[(int) length] : null;
    controlFill = 0;
    payloadLeft = length;
    inPayload = length > 0;
    if (!inPayload) {
      endFrame(frames);
    }
  }

  private void payload(ByteBuffer bytes, ControlFrames frames) {
    int n = (int) Math.min(payloadLeft, bytes.remaining());
    if (control != null) {
      for (int i = 0; i < n; i++) {
        byte b = bytes.get();
        control[controlFill] = mask == null ? b : (byte) (b ^ mask[controlFill % 4]);
        controlFill++;
      }
    } else {
      bytes.position(bytes.position() + n);
    }
    payloadLeft -= n;
    if (payloadLeft == 0) {
      endFrame(frames);
    }
  }

  private void endFrame(ControlFrames frames) {
    byte[] whole = control;
    int kind = opcode;
    inPayload = false;
    headerFill = 0;
    headerNeed = 2;
    control = null;
    mask = null;
    if (whole != null) {
      frames.frame(kind, whole);
    }
  }
}
