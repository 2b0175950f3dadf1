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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerWriterTest {
  @TempDir Path dataDir;

  @Test
  void appendsOffTheCallersThreadInTheOrderAskedAndCompletesOnceDurable() throws Exception {
    CountDownLatch disk = new CountDownLatch(1);
    Thread caller = Thread.currentThread();
    Thread[] appendedOn = new Thread[1];
    LedgerWriter.Append held = (ledger, clears) -> {
      appendedOn[0] = Thread.currentThread();
      try {
        disk.await();
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      return ledger.append(clears);
    };
    try (LedgerWriter writer = new LedgerWriter("test-ledger", held)) {
      LedgerFile ledger = LedgerFile.open(dataDir, ACCOUNT);
      CompletableFuture<List<Clear>> first = writer.append(ledger, List.of(fill("t-1", "0.001", "60000"))).toCompletableFuture();
      CompletableFuture<List<Clear>> second = writer.append(ledger, List.of(fill("t-2", "0.002", "60001"),
          fill("t-1", "0.001", "60000"))).toCompletableFuture();
      assertFalse(first.isDone(), "the disk is held: append returned without waiting for it");
      disk.countDown();
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
    CountDownLatch disk = new CountDownLatch(1);
    CountDownLatch writing = new CountDownLatch(1);
    List<List<String>> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
    LedgerWriter.Append held = (ledger, clears) -> {
      writes.add(clears.stream().map(Clear::tid).toList());
      writing.countDown();
      try {
        disk.await();
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      return ledger.append(clears);
    };
    try (LedgerWriter writer = new LedgerWriter("test-ledger", held)) {
      LedgerFile ledger = LedgerFile.open(dataDir, ACCOUNT);
      CompletableFuture<List<Clear>> first = writer.append(ledger, List.of(fill("t-1", "0.001", "60000"))).toCompletableFuture();
      // t-2 and t-3 queue behind the held write of t-1 (t-2 twice: it goes in with the first that names it)
      assertTrue(writing.await(5, TimeUnit.SECONDS));
      CompletableFuture<List<Clear>> second = writer.append(ledger, List.of(fill("t-2", "0.002", "60001"))).toCompletableFuture();
      CompletableFuture<List<Clear>> third = writer.append(ledger, List.of(fill("t-3", "0.003", "60002"),
          fill("t-2", "0.002", "60001"))).toCompletableFuture();
      disk.countDown();
      assertEquals(List.of("t-3"), third.get(5, TimeUnit.SECONDS).stream().map(Clear::tid).toList());
      assertEquals(List.of("t-2"), second.get(5, TimeUnit.SECONDS).stream().map(Clear::tid).toList());
      assertEquals(List.of("t-1"), first.get(5, TimeUnit.SECONDS).stream().map(Clear::tid).toList());
      assertEquals(List.of(List.of("t-1"), List.of("t-2", "t-3", "t-2")), writes, "two writes for three appends");
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
