package piker.paperboi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.accounting.AccountFile;
import piker.accounting.Position;

/**
 * Rewrites account files off the order path, on one thread of its own. The ledger (fsync'd before a
 * fill is reported) is the truth; an account file is its snapshot, so only the newest positions of an
 * account need writing: snapshots that pile up while a write runs collapse into one.
 */
final class AccountWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AccountWriter.class);

  private final Path dataDir;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
    Thread worker = new Thread(runnable, "piker-paperboi-accounts");
    worker.setDaemon(true);
    return worker;
  });
  /** The newest snapshot per account not written yet; guarded by itself. */
  private final Map<String, List<Position>> pending = new LinkedHashMap<>();

  AccountWriter(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** Queues the account's open positions for writing; an older queued snapshot of it is dropped. */
  void write(String account, List<Position> open) {
    boolean schedule;
    synchronized (pending) {
      schedule = pending.put(account, List.copyOf(open)) == null;
    }
    if (schedule) {
      thread.execute(() -> drain(account));
    }
  }

  private void drain(String account) {
    List<Position> open;
    synchronized (pending) {
      open = pending.remove(account);
    }
    if (open == null) {
      return;
    }
    try {
      AccountFile.write(dataDir, account, open);
    } catch (IOException | RuntimeException e) {
      // the ledger holds every trade; the next fill (or a restart) writes the file again
      LOG.error("cannot rewrite the account file of {}: {}", account, e.toString());
    }
  }

  /** Writes what is queued, then stops the thread. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("account files still being written after 5 s; the ledgers hold every trade");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
