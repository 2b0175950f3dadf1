package piker.backends.sim.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The venue's writer: the exchange log's and the tape's lines are written on its thread while the caller
 * goes on; an answer queued behind a line goes out only once the line is written, and never after a
 * failed one.
 */
class VenueWriterTest {
  @TempDir
  Path dir;

  private final VenueJson json = new VenueJson();
  /** Holds the writer's thread until released: a slow disk. */
  private final CountDownLatch release = new CountDownLatch(1);

  private void slowDisk(VenueWriter writer) {
    writer.tape("slow disk", () -> {
      try {
        assertTrue(release.await(10, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
    });
  }

  @Test
  void theLogAndTapeAreWrittenOnTheWritersThreadWhileTheCallerGoesOn() throws Exception {
    Path exchange = dir.resolve("exchange.jsonl");
    Path tapeFile = dir.resolve("tape").resolve("solusdt.spot.jsonl");
    ExchangeLog log = new ExchangeLog(dir, json);
    Tape tape = new Tape(dir, log.writer());
    slowDisk(log.writer());
    log.append(json.object().put("e", "order").put("order_id", "1"));
    tape.append("solusdt.spot", "{\"type\":\"trade\",\"price\":\"150\",\"size\":\"1\",\"time_ns\":1}");
    // the calls returned with the disk still held: nothing of theirs is in the files yet
    assertEquals("", Files.readString(exchange));
    assertFalse(Files.exists(tapeFile));
    assertFalse(log.writer().settled());
    release.countDown();
    log.close(); // drains the shared writer, as the engine's stop does, before the tape closes its files
    tape.close();
    assertEquals("{\"e\":\"order\",\"order_id\":\"1\"}\n", Files.readString(exchange, StandardCharsets.UTF_8));
    assertEquals("{\"type\":\"trade\",\"price\":\"150\",\"size\":\"1\",\"time_ns\":1}\n", Files.readString(tapeFile));
    try (ExchangeLog reopened = new ExchangeLog(dir, json)) {
      assertEquals(1, reopened.replay().size(), "the same file the venue replays");
    }
  }

  @Test
  void anAnswerQueuedBehindALineGoesOutOnlyOnceTheLineIsWritten() {
    VenueWriter writer = new VenueWriter();
    List<String> done = Collections.synchronizedList(new ArrayList<>());
    slowDisk(writer);
    writer.log(() -> done.add("line"));
    writer.afterLogged(() -> done.add("answer"));
    assertEquals(List.of(), done, "both wait for the disk");
    release.countDown();
    writer.close();
    assertEquals(List.of("line", "answer"), done);
    assertTrue(writer.settled());
  }

  @Test
  void afterAFailedLogLineNoLaterLineIsWrittenNorAnswerSent() {
    VenueWriter writer = new VenueWriter();
    List<String> done = Collections.synchronizedList(new ArrayList<>());
    writer.log(() -> done.add("first"));
    writer.afterLogged(() -> done.add("first answer"));
    writer.log(() -> {
      throw new IOException("disk full");
    });
    writer.afterLogged(() -> done.add("second answer"));
    writer.log(() -> done.add("third"));
    writer.tape("solusdt.spot", () -> done.add("tape"));
    writer.close();
    assertEquals(List.of("first", "first answer", "tape"), done, "the tape is history: it goes on");
    assertFalse(writer.settled(), "after a failed log line no send goes straight out: each goes through the "
        + "writer, which drops it (no answer the log lacks)");
  }
}
