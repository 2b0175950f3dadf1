package piker.backends.sim.venue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the venue has done with orders, one JSON line per event in {@code <dir>/exchange.jsonl}: an
 * order taken, a fill, a cancel. Replaying it rebuilds the venue's orders, trades and positions, so a
 * restarted venue is the same exchange. A line is written (one write call) before the venue answers;
 * a torn last line, left by a kill, is cut off on open.
 */
final class ExchangeLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExchangeLog.class);

  private final FileChannel channel;
  private final VenueJson json;
  private final List<JsonNode> replay;

  ExchangeLog(Path venueDir, VenueJson json) {
    this.json = json;
    Path file = venueDir.resolve("exchange.jsonl");
    try {
      Files.createDirectories(venueDir);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      replay = read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the venue's exchange log " + file + ": " + e.getMessage(), e);
    }
  }

  /** The events written before this open, in order. */
  List<JsonNode> replay() {
    return replay;
  }

  private List<JsonNode> read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<JsonNode> events = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
        if (!line.isBlank()) {
          try {
            events.add(json.parse(line));
          } catch (IllegalArgumentException e) {
            throw new IOException("line " + (events.size() + 1) + " is damaged (" + e.getMessage()
                + "); the venue does not start from it", e);
          }
        }
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      // a kill in the middle of a write: the line was never answered, so it goes
      LOG.warn("{}: cutting a torn last line ({} bytes)", file, bytes.length - start);
      channel.truncate(start);
    }
    channel.position(start);
    return events;
  }

  void append(ObjectNode event) {
    ByteBuffer line = ByteBuffer.wrap((json.write(event) + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      while (line.hasRemaining()) {
        channel.write(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the venue's exchange log: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("closing the exchange log: {}", e.getMessage());
    }
  }
}
