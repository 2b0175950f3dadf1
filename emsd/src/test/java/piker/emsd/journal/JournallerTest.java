package piker.emsd.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piker.emsd.orders.OrderEvent;

/**
 * The journaller alone, with a committer the test holds: batches queued while it writes go out together,
 * stages complete in order, a failure fails that group and every later batch, and close drains.
 */
class JournallerTest {
  /** Holds the journaller's thread inside its first commit until released. */
  private final CountDownLatch inFirstCommit = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<List<String>> commits = Collections.synchronizedList(new ArrayList<>());
  private Journaller journaller;

  @AfterEach
  void close() {
    release.countDown();
    if (journaller != null) {
      journaller.close();
    }
  }

  private static List<OrderEvent> batch(String... oids) {
    return java.util.Arrays.stream(oids).<OrderEvent>map(OrderEvent.CancelRequested::new).toList();
  }

  /** Records each commit's oids; the first commit waits for {@link #release}; {@code failAt} (1-based) throws. */
  private Journaller.Committer committer(int failAt) {
    return events -> {
      commits.add(events.stream().map(OrderEvent::oid).toList());
      if (commits.size() == 1) {
        inFirstCommit.countDown();
        await(release);
      }
      if (commits.size() == failAt) {
        throw new IOException("disk full");
      }
    };
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS), "timed out");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void batchesQueuedDuringAWriteGoOutInOneCommitAndCompleteInOrder() throws Exception {
    journaller = new Journaller(committer(0), "test-journaller");
    List<String> completed = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> first = journaller.submit(batch("a")).toCompletableFuture();
    first.thenRun(() -> completed.add("a"));
    await(inFirstCommit);
    List<CompletableFuture<Void>> later = new ArrayList<>();
    for (String oid : List.of("b", "c", "d")) {
      CompletableFuture<Void> stage = journaller.submit(batch(oid, oid + "2")).toCompletableFuture();
      stage.thenRun(() -> completed.add(oid));
      later.add(stage);
    }
    assertFalse(first.isDone(), "a batch completes only once it is written");
    assertTrue(later.stream().noneMatch(CompletableFuture::isDone));
    release.countDown();
    CompletableFuture.allOf(later.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    assertEquals(List.of(List.of("a"), List.of("b", "b2", "c", "c2", "d", "d2")), commits,
        "the three batches queued during the first write went out as one commit, in order");
    assertEquals(List.of("a", "b", "c", "d"), completed);
  }

  @Test
  void aLongStallIsCommittedInGroupsOfAtMostTheCapSoNoRecordOutgrowsWhatRecoveryReads() throws Exception {
    journaller = new Journaller(committer(0), "test-journaller");
    journaller.submit(batch("a"));
    await(inFirstCommit);
    int half = Journaller.MAX_GROUP_EVENTS / 2;
    List<CompletableFuture<Void>> queued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String[] oids = new String[half];
      java.util.Arrays.fill(oids, "x" + i);
      queued.add(journaller.submit(batch(oids)).toCompletableFuture());
    }
    release.countDown();
    CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    assertEquals(List.of(1, 2 * half, half), commits.stream().map(List::size).toList(),
        "three half-cap batches queued during a stall: two in one commit, the third in the next");
  }

  @Test
  void aFailedCommitFailsItsGroupAndEveryLaterBatchNeverAnEarlierOne() throws Exception {
    journaller = new Journaller(committer(2), "test-journaller");
    CompletableFuture<Void> first = journaller.submit(batch("a")).toCompletableFuture();
    await(inFirstCommit);
    CompletableFuture<Void> failing = journaller.submit(batch("b")).toCompletableFuture();
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    Throwable failure = failureOf(failing);
    assertInstanceOf(IOException.class, failure);
    assertEquals("disk full", failure.getMessage());

    CompletableFuture<Void> after = journaller.submit(batch("c")).toCompletableFuture();
    assertInstanceOf(IOException.class, failureOf(after), "no batch after a failed one completes");
    assertEquals(List.of(List.of("a"), List.of("b")), commits, "nothing is written after a failure");
  }

  @Test
  void closeWaitsForEveryQueuedBatchThenRefusesMore() throws Exception {
    journaller = new Journaller(committer(0), "test-journaller");
    journaller.submit(batch("a"));
    await(inFirstCommit);
    List<CompletableFuture<Void>> queued = List.of(journaller.submit(batch("b")).toCompletableFuture(),
        journaller.submit(batch("c")).toCompletableFuture());
    CompletableFuture<Void> closed = CompletableFuture.runAsync(journaller::close);
    release.countDown();
    closed.get(10, TimeUnit.SECONDS);
    assertTrue(queued.stream().allMatch(stage -> stage.isDone() && !stage.isCompletedExceptionally()),
        "close returned only after the queued batches were written");
    assertEquals(List.of(List.of("a"), List.of("b", "c")), commits);
    CompletableFuture<Void> late = journaller.submit(batch("d")).toCompletableFuture();
    assertTrue(failureOf(late).getMessage().contains("closed"));
  }

  /** What a stage failed with (it must fail). */
  private static Throwable failureOf(CompletableFuture<Void> stage) {
    return assertThrows(CompletionException.class, () -> stage.orTimeout(10, TimeUnit.SECONDS).join()).getCause();
  }
}
