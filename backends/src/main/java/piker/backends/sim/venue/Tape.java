package piker.backends.sim.venue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The venue's tape of injected ticks: one JSON line per tick in {@code tape/<market>.jsonl}. The walk
 * is a function of time and is recomputed, never stored. Owned by the venue engine's actor.
 */
final class Tape implements AutoCloseable {
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

  /** The trades on a market's tape, in the order they were written. */
  List<Klines.TapeTrade> trades(String market, VenueJson json) {
    Path file = dir.resolve(market + ".jsonl");
    if (!Files.exists(file)) {
      return List.of();
    }
    List<Klines.TapeTrade> trades = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        com.fasterxml.jackson.databind.JsonNode tick;
        try {
          tick = json.parse(line);
        } catch (IllegalArgumentException torn) {
          continue; // a line torn by a crash mid-write: the rest of the tape still counts
        }
        if (tick.path("type").asText().equals("trade")) {
          trades.add(new Klines.TapeTrade(tick.path("time_ns").asLong(), VenueJson.decimal(tick, "price"),
              VenueJson.decimal(tick, "size")));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tape of " + market + ": " + e.getMessage(), e);
    }
    return trades;
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
