package piker.pikerd.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import piker.contracts.daemon.RuntimeSettings;

/** emsd's journal store: an H2 file under the data dir whose tables are created on first use. */
final class JournalStore {
  private JournalStore() {}

  static CompletionStage<?> prepare(ActorSystem<?> system, RuntimeSettings settings) {
    try {
      Files.createDirectories(settings.dataDir().resolve("emsd"));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new UncheckedIOException(e));
    }
    // the plugin's own DDL, applied only where the tables are missing
    return SchemaUtils.createIfNotExists(system);
  }
}
