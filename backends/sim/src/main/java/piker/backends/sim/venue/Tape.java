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
 * The venue's tape of injected ticks: one JSON line per tick in {@code tape/<market>.jsonl}, flushed
 * line by line on a {@link VenueWriter}'s thread (the exchange log's, in the venue), never on the
 * engine's. The walk is a function of time and is recomputed, never stored. Read as {@link JsonLines} on
 * the engine's thread, once per market and before the engine queues any tick of it: a torn last line is
 * cut, a damaged one before it refuses the tape.
 */
final class Tape implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Tape.class);

  private final Path dir;
  /** Each market's open file: the writer's thread only. */
  private final Map<String, Writer> writers = new HashMap<>();
  private final VenueWriter writer;
  /** A tape on its own writer (tests) closes it; one on the exchange log's leaves that to the log. */
  private final boolean ownsWriter;

  /** A tape written on {@code writer}'s thread; whoever owns the writer closes it before this tape. */
  Tape(Path venueDir, VenueWriter writer) {
    this(venueDir, writer, false);
  }

  /** A tape with a writer of its own. */
  Tape(Path venueDir) {
    this(venueDir, new VenueWriter(), true);
  }

  private Tape(Path venueDir, VenueWriter writer, boolean ownsWriter) {
    this.dir = venueDir.resolve("tape");
    this.writer = writer;
    this.ownsWriter = ownsWriter;
  }

  /** Queues one tick's line; the writer's thread appends and flushes it. */
  void append(String market, String jsonLine) {
    writer.tape(market, () -> {
      Writer file = writers.get(market);
      if (file == null) {
        Files.createDirectories(dir);
        file = Files.newBufferedWriter(dir.resolve(market + ".jsonl"), StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        writers.put(market, file);
      }
      file.write(jsonLine);
      file.write('\n');
      file.flush();
    });
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

  /** Closes the files once the writer has written every queued line (closing it first if it is the tape's own). */
  @Override
  public void close() {
    if (ownsWriter) {
      writer.close();
    }
    for (Writer file : writers.values()) {
      try {
        file.close();
      } catch (IOException e) {
        // closing after a flush: nothing is lost
      }
    }
    writers.clear();
  }
}
