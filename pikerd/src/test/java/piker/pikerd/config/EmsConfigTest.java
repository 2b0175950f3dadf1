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
import piker.backends.sim.SimBackend;
import piker.contracts.spi.BackendCatalog;
import piker.emsd.EmsSettings;
import piker.emsd.journal.OrderLog;

/** emsd's settings as conf.toml gives them. */
class EmsConfigTest {
  @TempDir
  Path dir;

  private EmsSettings read(String conf) throws IOException {
    Files.writeString(dir.resolve("conf.toml"), conf);
    return EmsConfig.from(PikerConfig.read(dir, BackendCatalog.of(new SimBackend())), Set.of("sim"),
        OrderLog.Settings.in(dir.resolve("emsd")));
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
    BadConfigException error = assertThrows(BadConfigException.class, () -> read("""
        [ems]
        journal_fsync = "yes"
        """));
    assertTrue(error.getMessage().endsWith("conf.toml line 2: [ems] journal_fsync must be true or false, not the text "
        + "\"yes\""), error.getMessage());
  }

  @Test
  void riskLimitsAreTheExactDecimalsOfTheText() throws IOException {
    EmsSettings settings = read("""
        [risk]
        max_notional = 0.1
        max_order_size = 1e3
        price_band = 0.30000000000000004441
        [risk."sim.paper"]
        max_notional = 123456789012345678901234567890.000000001
        price_band = 1000000000000000001
        """);
    assertEquals("0.1", settings.riskOf("sim.main").maxNotional().toPlainString());
    assertEquals("1000", settings.riskOf("sim.main").maxOrderSize().toPlainString());
    assertEquals("0.30000000000000004441", settings.riskOf("sim.main").priceBand().toPlainString());
    assertEquals("123456789012345678901234567890.000000001", settings.riskOf("sim.paper").maxNotional().toPlainString());
    // 19 digits: Jackson's TOML parser (2.21) reads such an integer wrongly; the text is what counts
    assertEquals("1000000000000000001", settings.riskOf("sim.paper").priceBand().toPlainString());
    assertEquals("1000", settings.riskOf("sim.paper").maxOrderSize().toPlainString(), "the defaults fill the rest");
  }
}
