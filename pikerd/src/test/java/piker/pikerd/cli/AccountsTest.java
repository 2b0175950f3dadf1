package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.spi.BackendCatalog;

/**
 * {@code --account}: folded to lower case, checked against conf.toml or, in a dir no pikerd has used, its template.
 */
class AccountsTest {
  private static final BackendCatalog BACKENDS = BackendCatalog.load(AccountsTest.class.getClassLoader());

  @TempDir
  Path dir;

  @Test
  void paperInAnyCaseIsTheOrdersBrokersPaperAccount() {
    assertEquals("paper", Accounts.check("paper", dir, BACKENDS));
    assertEquals("paper", Accounts.check("PAPER", dir, BACKENDS));
    assertEquals("paper", Accounts.check(" Paper ", dir, BACKENDS));
    assertEquals("paper", Accounts.check(null, dir, BACKENDS));
    assertEquals("sim.paper", Accounts.check("SIM.PAPER", dir, BACKENDS));
  }

  @Test
  void aDirNoPikerdHasUsedKnowsTheTemplatesAccountsAndGetsNoFile() {
    assertEquals("sim.main", Accounts.check("sim.main", dir, BACKENDS));
    assertEquals("binance.main", Accounts.check("binance.main", dir, BACKENDS));
    assertFalse(Files.exists(dir.resolve("conf.toml")), "a check creates nothing");
    BadInputException unknown = assertThrows(BadInputException.class, () -> Accounts.check("sim.other", dir,
        BACKENDS));
    assertTrue(unknown.getMessage().startsWith("unknown account 'sim.other'; known: "), unknown.getMessage());
  }

  @Test
  void aUsedDirWhoseFileWasRemovedHasTheDefaultsAsItsDaemonsDo() throws Exception {
    Files.writeString(dir.resolve("cookie"), "0123\n");
    assertEquals("sim.paper", Accounts.check("sim.paper", dir, BACKENDS));
    assertThrows(BadInputException.class, () -> Accounts.check("sim.main", dir, BACKENDS));
  }

  @Test
  void oncePikerdsFileIsThereItAloneCounts() throws Exception {
    Files.writeString(dir.resolve("conf.toml"), "[sim.accounts]\nother = \"SIM-002\"\n");
    assertEquals("sim.other", Accounts.check("sim.other", dir, BACKENDS));
    assertThrows(BadInputException.class, () -> Accounts.check("sim.main", dir, BACKENDS));
  }
}
