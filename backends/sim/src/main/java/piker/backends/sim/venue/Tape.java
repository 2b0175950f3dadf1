package piker.backends.sim.venue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The venue's tape of injected ticks: one JSON line per tick in {@code tape/<market>.jsonl}. The walk
 * is a function of time and is recomputed, never stored. Owned by the venue engine's actor. Read as
 * {@link JsonLines}: a torn last line is cut, a damaged one before it refuses the tape.
 */
final class Tape implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Tape.class);

  private final Path dir;
  private final Map<String, Writer> writers = new HashMap<>();

  Tape(Path venueDir) {
    this.dir = venueDir.resolve("tape");
  }

  void append(String market, String jsonLine) {
    try {
      Writer writer = writers.get(market);
      if (writer == null) {
        Files.createDirectories(dir);
        writer = Files.newBufferedWriter(dir.resolve(market + ".jsonl"), StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        writers.put(market, writer);
      }
      writer.write(jsonLine);
      writer.write('\n');
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the tape of " + market + ": " + e.getMessage(), e);
    }
  }

  /**
   * The trades on a market's tape, in the order they were written. A torn last line is cut (with a
   * warning); a damaged line before it refuses the tape, naming the file and the line.
   *
   * @throws JsonLines.DamagedFile when a line other than a torn last one cannot be read
   */
  List<Klines.TapeTrade> trades(String market, VenueJson json) {
    Path file = dir.resolve(market + ".jsonl");
    List<Klines.TapeTrade> trades = new ArrayList<>();
    try {
      JsonLines.Content content = JsonLines.read(file, json);
      for (JsonLines.Line line : content.lines()) {
        JsonNode tick = line.value();
        if (tick.path("type").asText().equals("trade")) {
          try {
            trades.add(new Klines.TapeTrade(time(tick), VenueJson.decimal(tick, "price"),
                VenueJson.decimal(tick, "size")));
          } catch (IllegalArgumentException e) {
            throw new JsonLines.DamagedFile(file, line.number(), e.getMessage());
          }
        }
      }
      if (!content.tornTail().isEmpty()) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          JsonLines.cutTornTail(file, channel, content, LOG);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tape of " + market + " (" + file + "): " + e.getMessage(), e);
    }
    return trades;
  }

  private static long time(JsonNode tick) {
    JsonNode time = tick.get("time_ns");
    if (time == null || !time.canConvertToLong()) {
      throw new IllegalArgumentException("missing 'time_ns'");
    }
    return time.asLong();
  }

  @Override
  public void close() {
    for (Writer writer : writers.values()) {
      try {
        writer.close();
      } catch (IOException e) {
        // closing after a flush: nothing is lost
      }
    }
    writers.clear();
  }
}
