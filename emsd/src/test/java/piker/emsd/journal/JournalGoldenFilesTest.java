package piker.emsd.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.OrderResp;
import piker.emsd.orders.Dialog;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;

/**
 * Architecture rule 12: a journal and snapshot written by a released format stay readable. The files
 * under {@code src/test/resources/golden/journal-v<N>/} were written by the code of that format with
 * {@link #writeGoldenFiles} ({@code -Dpiker.golden.write=<dir>}); a new format adds a folder, never
 * rewrites an old one.
 */
class JournalGoldenFilesTest {
  /** The state every golden journal (snapshot plus the records after it) recovers. */
  private static final String EXPECTED = expected().activeDialogs() + " done " + expected().doneOids();

  @TempDir
  Path dir;

  private static Dialog dialog(String oid, OrderAction action, String price) {
    return new Dialog(oid, "sim.paper", action, "btcusdt.spot.sim", new BigDecimal(price), new BigDecimal("0.003"),
        false, false, OrderResp.PENDING, BigDecimal.ZERO, null, null, false, false, List.of(),
        1_764_290_400_000_000_000L);
  }

  /** Five events up to a snapshot (every 5), then four records after it. */
  private static List<List<OrderEvent>> batches() {
    return List.of(
        List.of(new OrderEvent.Accepted(dialog("a", OrderAction.BUY, "60000.10")),
            new OrderEvent.Acked("a", "paper-a")),
        List.of(new OrderEvent.Accepted(dialog("b", OrderAction.SELL, "61000")), new OrderEvent.Acked("b", "paper-b"),
            new OrderEvent.Opened("b", true)),
        List.of(new OrderEvent.Filled("a", "paper-a", new BigDecimal("60000.01"), new BigDecimal("0.003")),
            new OrderEvent.Ended("a", OrderResp.CLOSED, null)),
        List.of(new OrderEvent.Accepted(dialog("c", OrderAction.BUY, "59000.5"))),
        List.of(new OrderEvent.Modified("b", new BigDecimal("61500.25"), new BigDecimal("0.002"), false)));
  }

  private static OrderState expected() {
    OrderState state = new OrderState();
    batches().forEach(state::applyAll);
    return state;
  }

  private void copyGolden(String folder) throws IOException {
    for (String name : List.of(FileOrderLog.JOURNAL, FileOrderLog.SNAPSHOT)) {
      try (InputStream in = getClass().getResourceAsStream("/golden/" + folder + "/" + name)) {
        if (in != null) {
          Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  @Test
  void aJournalAndSnapshotOfFormatVersion1AreRecovered() throws IOException {
    recoversAndTakesNewRecords("journal-v1");
  }

  @Test
  void aJournalAndSnapshotOfFormatVersion2AreRecovered() throws IOException {
    recoversAndTakesNewRecords("journal-v2");
  }

  private void recoversAndTakesNewRecords(String folder) throws IOException {
    copyGolden(folder);
    assertTrue(Files.exists(dir.resolve(FileOrderLog.SNAPSHOT)) && Files.size(dir.resolve(FileOrderLog.JOURNAL)) > 8,
        "the golden folder holds a snapshot and records after it");
    try (OrderLog log = new OrderLog.Settings(dir, 5, false).open()) {
      OrderState recovered = log.recovered();
      assertEquals(EXPECTED, recovered.activeDialogs() + " done " + recovered.doneOids());
      log.append(List.of(new OrderEvent.CancelRequested("c")));
    }
    for (String name : List.of(FileOrderLog.JOURNAL, FileOrderLog.SNAPSHOT)) {
      assertEquals(JournalFormat.VERSION, ByteBuffer.wrap(Files.readAllBytes(dir.resolve(name))).getInt(4),
          name + " is of the current format once opened");
    }
    try (OrderLog log = new OrderLog.Settings(dir, 5, false).open()) {
      assertTrue(log.recovered().get("c").orElseThrow().cancelRequested(), "a golden journal takes new records");
      OrderState after = expected().apply(new OrderEvent.CancelRequested("c"));
      assertEquals(after.activeDialogs() + " done " + after.doneOids(),
          log.recovered().activeDialogs() + " done " + log.recovered().doneOids(), "and loses nothing it held");
    }
  }

  /** Writes the golden files of the current format: run once, by hand, when a format is released. */
  @Test
  @EnabledIfSystemProperty(named = "piker.golden.write", matches = ".+")
  void writeGoldenFiles() throws IOException {
    Path out = Path.of(System.getProperty("piker.golden.write"));
    Files.createDirectories(out);
    try (OrderLog log = new OrderLog.Settings(out, 5, false).open()) {
      for (List<OrderEvent> batch : batches()) {
        log.append(batch);
      }
    }
  }
}
