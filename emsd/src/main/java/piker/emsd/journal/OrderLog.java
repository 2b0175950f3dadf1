package piker.emsd.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import piker.contracts.metrics.Metrics;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;

/**
 * emsd's order journal: the events of one step of emsd's go in as one batch, durable before emsd acts
 * on them; opening it recovers the state they built. emsd is its single writer: it hands batches to
 * {@link #write} and acts on each when its stage completes; the file journal commits them on its own
 * thread, many batches per write and fsync (group commit), so the disk never stalls emsd's thread.
 */
public interface OrderLog extends AutoCloseable {
  int DEFAULT_SNAPSHOT_EVERY = 1_000;

  /** The state the journal held when it was opened: a copy the caller owns. */
  OrderState recovered();

  /**
   * Appends one batch and returns once the OS holds it (and the device, with {@code fsync}): it may block,
   * so not for emsd's thread (use {@link #write}).
   */
  void append(List<OrderEvent> events) throws IOException;

  /**
   * Hands one batch to the journal. The stages complete in the order the batches were written, each once
   * its batch is durable to the configured level (failed if it cannot be, and then every later one fails
   * too): emsd acts on a batch only then. This default writes inline (the in-memory journal).
   */
  default CompletionStage<Void> write(List<OrderEvent> events) {
    try {
      append(events);
      return CompletableFuture.completedFuture(null);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  void close() throws IOException;

  /**
   * Where the journal lives: a folder on disk, or memory (the in-memory benchmark; it does not outlive
   * its emsd). {@code fsync} forces each batch to the device: without it a batch survives a killed
   * process (it is in the page cache) but not a power cut.
   */
  record Settings(Path dir, int snapshotEvery, boolean fsync) {
    public static Settings inMemory() {
      return new Settings(null, DEFAULT_SNAPSHOT_EVERY, false);
    }

    public static Settings in(Path dir) {
      return new Settings(dir, DEFAULT_SNAPSHOT_EVERY, false);
    }

    public Settings withFsync(boolean fsync) {
      return new Settings(dir, snapshotEvery, fsync);
    }

    /** Whether a journal (or its snapshot) is on disk here already; it reads the folder, so not on an actor's thread. */
    public boolean existsOnDisk() {
      return dir != null && (Files.exists(dir.resolve(JournalFile.JOURNAL))
          || Files.exists(dir.resolve(JournalFile.SNAPSHOT)));
    }

    /** Opens the journal and recovers its state; it reads files, so not on an actor's thread. */
    public OrderLog open() throws IOException {
      return dir == null ? new MemoryOrderLog() : FileOrderLog.open(dir, snapshotEvery, fsync, JournalMeters.none());
    }

    /** As {@link #open()}, its write, fsync and lag timed in the system's {@link Metrics} registry. */
    public OrderLog open(ActorSystem<?> system) throws IOException {
      return dir == null ? new MemoryOrderLog()
          : FileOrderLog.open(dir, snapshotEvery, fsync, JournalMeters.of(Metrics.registry(system)));
    }
  }
}
