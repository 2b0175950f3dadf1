package piker.emsd.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.OrderResp;
import piker.emsd.orders.Dialog;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;

/**
 * The file journal on real files: what a reopened journal recovers, across snapshots, torn tails, a
 * crash between a snapshot and the journal's truncation, and damage it must refuse without touching.
 */
class FileOrderLogTest {

  @TempDir
  Path dir;

  private OrderLog open(int snapshotEvery) throws IOException {
    return new OrderLog.Settings(dir, snapshotEvery, false).open();
  }

  private Path journal() {
    return dir.resolve(FileOrderLog.JOURNAL);
  }

  private static Dialog dialog(String oid) {
    return new Dialog(oid, "sim.paper", OrderAction.BUY, "btcusdt.spot.sim", new BigDecimal("60000.10"),
        new BigDecimal("0.003"), false, false, OrderResp.PENDING, BigDecimal.ZERO, null, null, false, false, List.of(),
        1L);
  }

  /** One order's life up to a fill: accepted, acked, filled once. */
  private static List<OrderEvent> order(String oid) {
    return List.of(new OrderEvent.Accepted(dialog(oid)), new OrderEvent.Acked(oid, "paper-" + oid),
        new OrderEvent.Filled(oid, "t-" + oid, new BigDecimal("60000.01"), new BigDecimal("0.001")));
  }

  private static String describe(OrderState state) {
    return state.activeDialogs() + " done " + state.doneOids();
  }

  @Test
  void aReopenedJournalRecoversWhatWasAppendedAcrossSnapshots() throws IOException {
    OrderState expected = new OrderState();
    try (OrderLog log = open(4)) {
      for (String oid : List.of("a", "b", "c", "d", "e")) {
        log.append(order(oid));
        expected.applyAll(order(oid));
      }
      List<OrderEvent> end = List.of(new OrderEvent.Ended("a", OrderResp.CLOSED, null),
          new OrderEvent.Ended("c", OrderResp.CANCELED,
          "on request"));
      log.append(end);
      expected.applyAll(end);
    }
    assertTrue(Files.exists(dir.resolve(FileOrderLog.SNAPSHOT)), "17 events with a snapshot every 4");
    assertTrue(Files.size(journal()) < 200, "the journal restarts after a snapshot: " + Files.size(journal()));
    try (OrderLog log = open(4)) {
      assertEquals(describe(expected), describe(log.recovered()));
      assertEquals(List.of("t-b"), log.recovered().get("b").orElseThrow().tids(), "each fill counted once");
    }
  }

  @Test
  void writeQueuesWithoutWaitingAndCloseCommitsEveryQueuedBatchInOrder() throws IOException {
    OrderState expected = new OrderState();
    List<CompletableFuture<Void>> stages = new ArrayList<>();
    OrderLog log = open(7);
    for (int i = 0; i < 40; i++) {
      stages.add(log.write(order("o" + i)).toCompletableFuture());
      expected.applyAll(order("o" + i));
    }
    List<OrderEvent> ends = List.of(new OrderEvent.Ended("o3", OrderResp.CLOSED, null));
    stages.add(log.write(ends).toCompletableFuture());
    expected.applyAll(ends);
    log.close();
    assertTrue(stages.stream().allMatch(stage -> stage.isDone() && !stage.isCompletedExceptionally()),
        "close returned once every queued batch was durable");
    try (OrderLog reopened = open(7)) {
      assertEquals(describe(expected), describe(reopened.recovered()));
    }
  }

  @Test
  void aTornLastRecordIsCutAndTheJournalGoesOnFromBeforeIt() throws IOException {
    try (OrderLog log = open(1_000)) {
      log.append(order("kept"));
    }
    long kept = Files.size(journal());
    try (OrderLog log = open(1_000)) {
      log.append(order("torn"));
    }
    byte[] whole = Files.readAllBytes(journal());
    Files.write(journal(), Arrays.copyOf(whole, whole.length - 3));
    try (OrderLog log = open(1_000)) {
      assertEquals(List.of("kept"), log.recovered().activeDialogs().stream().map(Dialog::oid).toList());
      assertEquals(kept, Files.size(journal()), "the torn record is gone");
      log.append(order("after"));
    }
    try (OrderLog log = open(1_000)) {
      assertEquals(List.of("kept", "after"), log.recovered().activeDialogs().stream().map(Dialog::oid).toList());
    }
  }

  @Test
  void zerosAfterTheLastRecordAreATornTailToo() throws IOException {
    try (OrderLog log = open(1_000)) {
      log.append(order("kept"));
    }
    long kept = Files.size(journal());
    Files.write(journal(), new byte[4096], java.nio.file.StandardOpenOption.APPEND);
    try (OrderLog log = open(1_000)) {
      assertEquals(1, log.recovered().activeDialogs().size());
      assertEquals(kept, Files.size(journal()));
    }
  }

  @Test
  void aDamagedRecordWithMoreAfterItIsRefusedAndTheFileLeftAsItIs() throws IOException {
    try (OrderLog log = open(1_000)) {
      log.append(order("first"));
      log.append(order("second"));
    }
    byte[] damaged = Files.readAllBytes(journal());
    damaged[40] ^= 0x5a;
    Files.write(journal(), damaged);
    IOException refused = assertThrows(IOException.class, () -> open(1_000));
    assertTrue(refused.getMessage().contains("damaged at byte 8"), refused.getMessage());
    assertArrayEquals(damaged, Files.readAllBytes(journal()), "nothing cut, nothing lost");
  }

  @Test
  void eventsASnapshotCoversAreNotCountedTwiceWhenTheJournalWasNotTruncated() throws IOException {
    try (OrderLog log = open(1_000)) {
      log.append(order("x"));
    }
    byte[] beforeSnapshot = Files.readAllBytes(journal());
    try (OrderLog log = open(1)) {
      // the snapshot after this batch covers x's events too; then the journal is truncated
      log.append(List.of(new OrderEvent.Filled("x", "t-x2", new BigDecimal("60000.02"), new BigDecimal("0.001"))));
    }
    // a crash between the snapshot's rename and the truncation leaves the old records in place
    Files.write(journal(), beforeSnapshot);
    try (OrderLog log = open(1_000)) {
      Dialog x = log.recovered().get("x").orElseThrow();
      assertEquals(List.of("t-x", "t-x2"), x.tids());
      assertEquals(0, new BigDecimal("0.002").compareTo(x.filled()));
    }
  }

  @Test
  void aDamagedSnapshotOrAForeignJournalIsRefused() throws IOException {
    try (OrderLog log = open(1)) {
      log.append(order("s"));
    }
    Path snapshot = dir.resolve(FileOrderLog.SNAPSHOT);
    byte[] bytes = Files.readAllBytes(snapshot);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(snapshot, bytes);
    assertTrue(assertThrows(IOException.class, () -> open(1)).getMessage().contains("damaged"));

    Files.delete(snapshot);
    Files.writeString(journal(), "[journal]\nnot = \"ours\"\n");
    assertTrue(assertThrows(IOException.class, () -> open(1)).getMessage().contains("not an emsd journal"));
    assertEquals("[journal]\nnot = \"ours\"\n", Files.readString(journal()));
  }

  @Test
  void noFilesAtAllIsAFreshStartWithTheHeaderWrittenAtOnce() throws IOException {
    try (OrderLog log = open(1_000)) {
      assertTrue(log.recovered().activeDialogs().isEmpty());
    }
    byte[] header = Files.readAllBytes(journal());
    assertEquals(8, header.length, "a new journal holds its header before any record");
    assertEquals("PKRJ", new String(header, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(2, java.nio.ByteBuffer.wrap(header).getInt(4), "format version 2");
  }

  @Test
  void anEmptiedJournalIsRefusedNotTakenForAFreshStart() throws IOException {
    try (OrderLog log = open(1_000)) {
      log.append(order("active"));
    }
    for (byte[] emptied : List.of(new byte[0], new byte[] {0x50, 0x4b, 0x52})) {
      Files.write(journal(), emptied);
      IOException refused = assertThrows(IOException.class, () -> open(1_000));
      assertTrue(refused.getMessage().startsWith(journal() + " is "), refused.getMessage());
      assertTrue(refused.getMessage().contains("header") && refused.getMessage().contains("restore it from a backup"),
          refused.getMessage());
      assertArrayEquals(emptied, Files.readAllBytes(journal()), "left as it is");
    }
    Files.write(journal(), new byte[0]);
    assertTrue(assertThrows(IOException.class, () -> open(1_000)).getMessage().contains("is empty (0 bytes)"));
  }

  @Test
  void aJournalOrSnapshotOfANewerFormatIsRefusedWithWhatToDo() throws IOException {
    try (OrderLog log = open(1)) {
      log.append(order("s"));
    }
    Path snapshot = dir.resolve(FileOrderLog.SNAPSHOT);
    byte[] journalBytes = Files.readAllBytes(journal());
    byte[] newer = journalBytes.clone();
    newer[7] = 3;
    Files.write(journal(), newer);
    String message = assertThrows(IOException.class, () -> open(1)).getMessage();
    assertTrue(message.contains("journal format version 3, newer than this piker reads (up to 2)")
        && message.contains("run the newer piker"), message);
    assertArrayEquals(newer, Files.readAllBytes(journal()));

    Files.write(journal(), journalBytes);
    byte[] snapshotBytes = Files.readAllBytes(snapshot);
    byte[] newerSnapshot = snapshotBytes.clone();
    newerSnapshot[7] = 4;
    Files.write(snapshot, newerSnapshot);
    message = assertThrows(IOException.class, () -> open(1)).getMessage();
    assertTrue(message.startsWith(snapshot + " has snapshot format version 4"), message);

    Files.write(snapshot, new byte[0]);
    message = assertThrows(IOException.class, () -> open(1)).getMessage();
    assertTrue(message.startsWith(snapshot + " is empty (0 bytes)"), message);
  }

  @Test
  void aMissingJournalBesideItsSnapshotIsRefused() throws IOException {
    try (OrderLog log = open(1)) {
      log.append(order("s"));
    }
    Files.delete(journal());
    String message = assertThrows(IOException.class, () -> open(1)).getMessage();
    assertTrue(message.startsWith(journal() + " is missing while orders.snapshot"), message);
    assertTrue(!Files.exists(journal()), "nothing created in its place");
  }
}
