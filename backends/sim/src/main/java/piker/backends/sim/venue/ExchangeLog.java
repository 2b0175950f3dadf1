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
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the venue has done with orders, one JSON line per event in {@code <dir>/exchange.jsonl}: an
 * order taken, a fill, a cancel. Replaying it rebuilds the venue's orders, trades and positions, so a
 * restarted venue is the same exchange. A line is written (one write call, on the log's {@link VenueWriter}
 * thread) before the venue answers (the engine queues its answers behind it); a torn last line, left by
 * a kill, is cut off on open (with a warning naming it); a damaged line before it refuses the log, naming
 * the file and the line (see {@link JsonLines}). The log owns its writer: the engine's tape shares it.
 */
final class ExchangeLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExchangeLog.class);

  private final FileChannel channel;
  private final VenueJson json;
  private final List<JsonNode> replay;
  private final VenueWriter writer = new VenueWriter();

  /** @throws JsonLines.DamagedFile when a line before a torn last one cannot be read: the venue does not start */
  ExchangeLog(Path venueDir, VenueJson json) {
    this.json = json;
    Path file = venueDir.resolve("exchange.jsonl");
    FileChannel opened = null;
    try {
      Files.createDirectories(venueDir);
      opened = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      channel = opened;
      replay = read(file);
    } catch (IOException | RuntimeException e) {
      closeQuietly(opened);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot open the venue's exchange log " + file + ": " + e.getMessage(), io);
      }
      throw (RuntimeException) e;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // failing anyway: the open's own error is the one to report
    }
  }

  /** The events written before this open, in order. */
  List<JsonNode> replay() {
    return replay;
  }

  private List<JsonNode> read(Path file) throws IOException {
    JsonLines.Content content = JsonLines.read(file, json);
    // a kill in the middle of a write: the line was never answered, so it goes
    JsonLines.cutTornTail(file, channel, content, LOG);
    channel.position(content.wholeLength());
    return content.lines().stream().map(JsonLines.Line::value).toList();
  }

  /** The thread the log's lines are written on, in order; the tape's ticks and the answers queue there too. */
  VenueWriter writer() {
    return writer;
  }

  /** Queues one line: written on the writer's thread, before any answer queued after it. */
  void append(ObjectNode event) {
    ByteBuffer line = ByteBuffer.wrap((json.write(event) + "\n").getBytes(StandardCharsets.UTF_8));
    writer.log(() -> {
      while (line.hasRemaining()) {
        channel.write(line);
      }
    });
  }

  /** Writes every queued line (and the tape's, which share the writer), then closes the file. */
  @Override
  public void close() {
    writer.close();
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("closing the exchange log: {}", e.getMessage());
    }
  }
}
