package piker.emsd.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;

/**
 * The file journal ({@link JournalFile}) behind its {@link Journaller}: recovery reads the files at
 * open; from then on the journaller's thread is their only writer, committing every batch queued since
 * its last write together.
 */
final class FileOrderLog implements OrderLog {
  static final String JOURNAL = JournalFile.JOURNAL;
  static final String SNAPSHOT = JournalFile.SNAPSHOT;

  private final JournalFile file;
  private final OrderState recovered;
  private final Journaller journaller;

  private FileOrderLog(JournalFile file, JournalMeters meters) {
    this.file = file;
    // copied before the journaller's thread starts applying commits to the file's state
    this.recovered = file.state().copy();
    this.journaller = new Journaller(events -> file.commit(events, meters), "emsd-journaller", meters.lag());
  }

  /** Opens the journal in {@code dir} and recovers its state (see {@link JournalFile#open}). */
  static FileOrderLog open(Path dir, int snapshotEvery, boolean fsync) throws IOException {
    return open(dir, snapshotEvery, fsync, JournalMeters.none());
  }

  static FileOrderLog open(Path dir, int snapshotEvery, boolean fsync, JournalMeters meters) throws IOException {
    return new FileOrderLog(JournalFile.open(dir, snapshotEvery, fsync), meters);
  }

  @Override
  public OrderState recovered() {
    return recovered.copy();
  }

  @Override
  public CompletionStage<Void> write(List<OrderEvent> events) {
    return journaller.submit(events);
  }

  /** Writes one batch and waits until it is durable: for callers that may block (tests, tools). */
  @Override
  public void append(List<OrderEvent> events) throws IOException {
    try {
      write(events).toCompletableFuture().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException("emsd's journal failed a write", e);
    }
  }

  /** Commits every batch already queued, then closes the files. */
  @Override
  public void close() throws IOException {
    journaller.close();
    file.close();
  }
}
