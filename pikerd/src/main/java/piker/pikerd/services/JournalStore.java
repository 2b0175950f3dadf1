package piker.pikerd.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import piker.contracts.daemon.RuntimeSettings;
import piker.emsd.journal.OrderJournal;

/** Where emsd's journal lives: an H2 file and a snapshot folder under {@code <data-dir>/emsd/}. */
public final class JournalStore {
  /** The plugins journal.conf configures. */
  public static final OrderJournal.Settings DURABLE = new OrderJournal.Settings("emsd-orders", "piker.journal",
      "pekko.persistence.snapshot-store.local", 1_000, true);

  private JournalStore() {}

  /** The H2 file under the data dir, commits written out at once (pekko-notes item 9). */
  public static String url(Path dataDir) {
    return "jdbc:h2:file:" + dataDir.resolve("emsd").resolve("journal").toAbsolutePath() + ";WRITE_DELAY=0";
  }

  /** The settings journal.conf leaves to the data dir. */
  public static Map<String, Object> overrides(Path dataDir) {
    return Map.of("piker.journal.url", url(dataDir),
        "pekko.persistence.snapshot-store.local.dir", dataDir.resolve("emsd").resolve("snapshots").toString());
  }

  /** Makes the journal's folder; the plugin makes its tables on first use. */
  public static CompletionStage<?> prepare(RuntimeSettings settings) {
    try {
      Files.createDirectories(settings.dataDir().resolve("emsd"));
      return CompletableFuture.completedFuture(null);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new UncheckedIOException(e));
    }
  }
}
