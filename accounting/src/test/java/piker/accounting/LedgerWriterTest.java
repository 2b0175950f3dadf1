package piker.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piker.accounting.Fills.ACCOUNT;
import static piker.accounting.Fills.fill;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerWriterTest {
  @TempDir Path dataDir;

  @Test
  void appendsOffTheCallersThreadInTheOrderAskedAndCompletesOnceDurable() throws Exception {
    Thread caller = Thread.currentThread();
    Thread[] appendedOn = new Thread[1];
    HeldDisk disk = new HeldDisk(() -> appendedOn[0] = Thread.currentThread());
    try (LedgerWriter writer = new LedgerWriter("test-ledger", disk)) {
      LedgerFile ledger = LedgerFile.open(dataDir, ACCOUNT);
      CompletableFuture<List<Clear>> first = writer.append(ledger, List.of(fill("t-1", "0.001", "60000"))).toCompletableFuture();
      assertEquals(List.of("t-1"), disk.nextWrite(Duration.ofSeconds(5)));
      CompletableFuture<List<Clear>> second = writer.append(ledger, List.of(fill("t-2", "0.002", "60001"),
          fill("t-1", "0.001", "60000"))).toCompletableFuture();
      assertFalse(first.isDone(), "the disk is held: append returned without waiting for it");
      disk.release();
      assertEquals(List.of("t-2"), second.get(5, TimeUnit.SECONDS).stream().map(Clear::tid).toList(),
          "t-1 was in the ledger already");
      assertTrue(first.isDone(), "appends complete in the order asked");
      assertNotEquals(caller, appendedOn[0]);
      assertEquals("test-ledger", appendedOn[0].getName());
    }
    assertEquals(List.of("t-1", "t-2"), LedgerFile.open(dataDir, ACCOUNT).clears().stream().map(Clear::tid).toList());
  }

  @Test
  void appendsOfOneLedgerThatQueueWhileTheDiskIsBusyShareOneWriteAndEachLearnsItsOwn() throws Exception {
    HeldDisk disk = new HeldDisk();
    try (LedgerWriter writer = new LedgerWriter("test-ledger", disk)) {
      LedgerFile ledger = LedgerFile.open(dataDir, ACCOUNT);
      CompletableFuture<List<Clear>> first = writer.append(ledger, List.of(fill("t-1", "0.001", "60000"))).toCompletableFuture();
      // t-2 and t-3 queue behind the held write of t-1 (t-2 twice: it goes in with the first that names it)
      assertEquals(List.of("t-1"), disk.nextWrite(Duration.ofSeconds(5)));
      CompletableFuture<List<Clear>> second = writer.append(ledger, List.of(fill("t-2", "0.002", "60001"))).toCompletableFuture();
      CompletableFuture<List<Clear>> third = writer.append(ledger, List.of(fill("t-3", "0.003", "60002"),
          fill("t-2", "0.002", "60001"))).toCompletableFuture();
      disk.release();
      assertEquals(List.of("t-3"), third.get(5, TimeUnit.SECONDS).stream().map(Clear::tid).toList());
      assertEquals(List.of("t-2"), second.get(5, TimeUnit.SECONDS).stream().map(Clear::tid).toList());
      assertEquals(List.of("t-1"), first.get(5, TimeUnit.SECONDS).stream().map(Clear::tid).toList());
      assertEquals(List.of("t-2", "t-3", "t-2"), disk.nextWrite(Duration.ofSeconds(5)), "one write for the two queued");
    }
    assertEquals(List.of("t-1", "t-2", "t-3"), LedgerFile.open(dataDir, ACCOUNT).clears().stream()
        .map(Clear::tid).toList());
  }

  @Test
  void afterAFailedAppendEveryLaterOneFailsSoACompletedOneMeansAllBeforeItAreOnDisk() throws Exception {
    int[] calls = {0};
    LedgerWriter.Append failingOnce = (ledger, clears) -> {
      if (calls[0]++ == 0) {
        throw new IOException("disk full");
      }
      return ledger.append(clears);
    };
    try (LedgerWriter writer = new LedgerWriter("test-ledger", failingOnce)) {
      LedgerFile ledger = LedgerFile.open(dataDir, ACCOUNT);
      CompletableFuture<List<Clear>> first = writer.append(ledger, List.of(fill("t-1", "0.001", "60000"))).toCompletableFuture();
      ExecutionException failed = assertThrows(ExecutionException.class, () -> first.get(5, TimeUnit.SECONDS));
      assertEquals("disk full", failed.getCause().getMessage());
      // the disk would take this one: it is refused all the same
      CompletableFuture<List<Clear>> second = writer.append(ledger, List.of(fill("t-2", "0.001", "60000"))).toCompletableFuture();
      ExecutionException refused = assertThrows(ExecutionException.class, () -> second.get(5, TimeUnit.SECONDS));
      assertTrue(refused.getCause().getMessage().contains("an earlier ledger append failed (disk full)"),
          refused.getCause().getMessage());
      assertEquals(1, calls[0], "never reached the disk");
    }
    assertEquals(List.of(), LedgerFile.open(dataDir, ACCOUNT).clears());
  }

  @Test
  void aClosedWriterRefusesAppends() throws Exception {
    LedgerWriter writer = new LedgerWriter("test-ledger", LedgerWriter.DIRECT);
    writer.close();
    CompletableFuture<List<Clear>> refused = writer.append(LedgerFile.open(dataDir, ACCOUNT),
        List.of(fill("t-1", "0.001", "60000"))).toCompletableFuture();
    ExecutionException error = assertThrows(ExecutionException.class, () -> refused.get(5, TimeUnit.SECONDS));
    assertInstanceOf(IOException.class, error.getCause());
    assertTrue(error.getCause().getMessage().contains("closed"), error.getCause().getMessage());
  }
}
