package piker.accounting;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ledger appends (a write and an fsync each) on one thread of their own, so that a slow disk holds up
 * no actor: the caller hands over ledger files and gets a stage that completes once the clears are
 * durable. Appends run, and complete, in the order they were asked for; after one fails every later
 * one fails too, so a stage that completed says every earlier append is on disk.
 *
 * <p>A {@link LedgerFile} handed over here is the writer's until every append of it has completed:
 * the caller must not read or append to it meanwhile.
 */
public final class LedgerWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);

  /** The append step itself: {@link LedgerFile#append}, or a test's slow disk around it. */
  @FunctionalInterface
  public interface Append {
    List<Clear> append(LedgerFile ledger, List<Clear> clears) throws IOException;
  }

  public static final Append DIRECT = LedgerFile::append;

  private final Append step;
  private final ExecutorService thread;
  /** Set on the writer's thread when an append failed; read only there. */
  private IOException failed;

  public LedgerWriter(String threadName, Append step) {
    this.step = step;
    this.thread = Executors.newSingleThreadExecutor(runnable -> {
      Thread worker = new Thread(runnable, threadName);
      worker.setDaemon(true);
      return worker;
    });
  }

  /** Appends the clears (those not in the ledger yet) off the caller's thread; completes with what was appended. */
  public CompletionStage<List<Clear>> append(LedgerFile ledger, List<Clear> clears) {
    CompletableFuture<List<Clear>> done = new CompletableFuture<>();
    try {
      thread.execute(() -> run(ledger, clears, done));
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(new IOException("the ledger writer is closed; " + clears.size()
          + " fills of " + ledger.path() + " were not written", e));
    }
    return done;
  }

  private void run(LedgerFile ledger, List<Clear> clears, CompletableFuture<List<Clear>> done) {
    if (failed != null) {
      done.completeExceptionally(new IOException("not written: an earlier ledger append failed ("
          + failed.getMessage() + ")", failed));
      return;
    }
    try {
      done.complete(step.append(ledger, clears));
    } catch (IOException e) {
      failed = e;
      done.completeExceptionally(e);
    } catch (RuntimeException e) {
      failed = new IOException(e.toString(), e);
      done.completeExceptionally(failed);
    }
  }

  /** Finishes the appends asked for so far (for a while), then stops the thread. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("ledger appends still running after 5 s; what they held was never reported");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
