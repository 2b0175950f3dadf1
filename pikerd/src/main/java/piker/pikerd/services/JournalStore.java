package piker.pikerd.services;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.contracts.daemon.RuntimeSettings;
import piker.emsd.journal.OrderLog;

/** Where emsd's journal lives: {@code <data-dir>/emsd/}. */
public final class JournalStore {
  private static final Logger LOG = LoggerFactory.getLogger(JournalStore.class);

  private JournalStore() {}

  public static OrderLog.Settings of(RuntimeSettings settings) {
    Path dir = settings.dataDir().resolve("emsd");
    if (Files.exists(dir.resolve("journal.mv.db"))) {
      // builds before the file journal kept orders in H2: its open orders are not carried over
      LOG.warn("{} is an order journal of an earlier build (H2); emsd no longer reads it", dir.resolve("journal.mv.db"));
    }
    return OrderLog.Settings.in(dir);
  }
}
