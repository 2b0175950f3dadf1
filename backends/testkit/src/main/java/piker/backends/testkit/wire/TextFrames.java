package piker.backends.testkit.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server text frames (RFC 6455 5.2: final, unmasked) encoded back to back for one
 * {@link WsConnection#sendFrames} write: how a firehose hands a reader many messages per socket write.
 * Not thread-safe.
 */
public final class TextFrames {
  private final ByteArrayOutputStream frames = new ByteArrayOutputStream(64 * 1024);

  /** Starts a new batch. */
  public void reset() {
    frames.reset();
  }

  /** Appends one text frame (payloads up to 64 KiB: a firehose's messages are small). */
  public void add(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    if (payload.length > 0xFFFF) {
      throw new IllegalArgumentException("a firehose frame over 64 KiB");
    }
    frames.write(0x81);
    if (payload.length < 126) {
      frames.write(payload.length);
    } else {
      frames.write(126);
      frames.write(payload.length >> 8);
      frames.write(payload.length);
    }
    frames.writeBytes(payload);
  }

  /** The batch so far, ready to write; empty when nothing was added. */
  public byte[] bytes() {
    return frames.toByteArray();
  }
}
