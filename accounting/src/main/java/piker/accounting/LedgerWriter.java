package piker.accounting;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ledger appends (a write and an fsync each) on one thread of their own, so that a slow disk holds up
 * no actor: the caller hands over ledger files and gets a stage that completes once the clears are
 * durable. Appends run, and complete, in the order they were asked for; appends of one ledger that
 * queued up while the disk was busy go out as one write and one fsync (group commit). After one fails
 * every later one fails too, so a stage that completed says every earlier append is on disk.
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

  private record Request(LedgerFile ledger, List<Clear> clears, CompletableFuture<List<Clear>> done) {}

  private final Append step;
  private final ExecutorService thread;
  /** Appends asked for and not taken by the writer's thread yet; guarded by itself, like the flags. */
  private final Deque<Request> queue = new ArrayDeque<>();
  private boolean draining;
  private boolean closed;
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
    Request request = new Request(ledger, List.copyOf(clears), new CompletableFuture<>());
    synchronized (queue) {
      if (closed) {
        request.done().completeExceptionally(new IOException("the ledger writer is closed; " + clears.size()
            + " fills of " + ledger.path() + " were not written"));
        return request.done();
      }
      queue.add(request);
      if (!draining) {
        // under the lock: close() cannot shut the thread between the check and this
        draining = true;
        thread.execute(this::drain);
      }
    }
    return request.done();
  }

  /** Writes what has queued, batch after batch, until the queue is empty. */
  private void drain() {
    while (true) {
      List<Request> batch;
      synchronized (queue) {
        if (queue.isEmpty()) {
          draining = false;
          return;
        }
        batch = new ArrayList<>(queue);
        queue.clear();
      }
      int from = 0;
      while (from < batch.size()) {
        LedgerFile ledger = batch.get(from).ledger();
        int to = from;
        while (to < batch.size() && batch.get(to).ledger() == ledger) {
          to++;
        }
        write(ledger, batch.subList(from, to));
        from = to;
      }
    }
  }

  /** One write and fsync for consecutive appends of one ledger; each learns which of its clears went in. */
  private void write(LedgerFile ledger, List<Request> requests) {
    if (failed != null) {
      IOException refused = new IOException("not written: an earlier ledger append failed (" + failed.getMessage()
          + ")", failed);
      requests.forEach(request -> request.done().completeExceptionally(refused));
      return;
    }
    List<Clear> all = new ArrayList<>();
    requests.forEach(request -> all.addAll(request.clears()));
    try {
      Set<String> fresh = new HashSet<>();
      step.append(ledger, all).forEach(clear -> fresh.add(clear.tid()));
      // a trade id asked for twice went in with the first request that named it
      requests.forEach(request -> request.done().complete(request.clears().stream()
          .filter(clear -> fresh.remove(clear.tid())).toList()));
    } catch (IOException | RuntimeException e) {
      failed = e instanceof IOException io ? io : new IOException(e.toString(), e);
      requests.forEach(request -> request.done().completeExceptionally(failed));
    }
  }

  /**
   * Finishes the appends asked for so far, then stops the thread. It waits as long as they take: whoever
   * opens the ledger next (a restarted daemon) must read it with them in, or it would clear again an
   * order whose fill is still on its way to the disk.
   */
  @Override
  public void close() {
    synchronized (queue) {
      closed = true;
    }
    thread.shutdown();
    boolean interrupted = false;
    long waited = 0;
    while (true) {
      try {
        if (thread.awaitTermination(5, TimeUnit.SECONDS)) {
          break;
        }
        waited += 5;
        LOG.warn("ledger appends still running after {} s (a slow disk); waiting for them before the ledger is "
            + "read again", waited);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
