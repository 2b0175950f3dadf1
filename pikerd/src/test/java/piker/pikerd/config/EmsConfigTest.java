package piker.pikerd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.emsd.EmsSettings;
import piker.emsd.journal.OrderLog;

/** emsd's settings as conf.toml gives them. */
class EmsConfigTest {
  @TempDir
  Path dir;

  private EmsSettings read(String conf) throws IOException {
    Files.writeString(dir.resolve("conf.toml"), conf);
    return EmsConfig.read(dir, Set.of("sim"), OrderLog.Settings.in(dir.resolve("emsd")));
  }

  @Test
  void accountsRiskAndTheJournalsFsyncComeFromConfToml() throws IOException {
    EmsSettings settings = read("""
        [sim.accounts]
        main = "spot"
        [risk]
        max_order_size = 2
        [risk."sim.main"]
        max_notional = 1000.5
        [ems]
        journal_fsync = true
        """);
    assertEquals(Set.of("sim.main", "sim.paper"), settings.accounts());
    assertEquals(0, new BigDecimal("2").compareTo(settings.riskOf("sim.paper").maxOrderSize()));
    assertEquals(0, new BigDecimal("1000.5").compareTo(settings.riskOf("sim.main").maxNotional()));
    assertTrue(settings.journal().fsync());
    assertEquals(dir.resolve("emsd"), settings.journal().dir());
  }

  @Test
  void withoutAnEmsTableTheJournalIsNotForcedPerWrite() throws IOException {
    assertFalse(read("").journal().fsync());
  }

  @Test
  void aJournalFsyncThatIsNotABooleanIsAClearError() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> read("""
        [ems]
        journal_fsync = "yes"
        """));
    assertTrue(error.getMessage().contains("[ems] journal_fsync must be true or false"), error.getMessage());
  }
}
