package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.e2e.support.CliResult;
import piker.e2e.support.SimSession;

/**
 * A real pikerd over damaged files, as a user meets them: an emptied emsd journal and a paper ledger with
 * garbage in the middle. Each is a clear error for the command that needs it (exit 1, naming the file),
 * pikerd keeps serving the rest, and once the file is dealt with the same commands work.
 */
class DamagedFilesE2ETest {
  /**
   * The order's error must come from paperboi's refusal, well before the command's own timeout (a client
   * JVM alone takes 3-15 s on a loaded two-core machine).
   */
  private static final Duration PROMPTLY = Duration.ofSeconds(45);

  @TempDir
  Path configDir;

  @Test
  void anEmptiedJournalAndAnUnreadableLedgerAreClearErrorsUntilTheyAreDealtWith() throws Exception {
    Path journal = configDir.resolve("emsd/orders.journal");
    Files.createDirectories(journal.getParent());
    Files.write(journal, new byte[0]);
    Path ledger = configDir.resolve("accounting/ledgers/trades_sim_paper.toml");
    Files.createDirectories(ledger.getParent());
    String good = """
        # trade ledger of account sim.paper: append-only, one table per trade id

        ["paper-earlier"]
        tid = "paper-earlier"
        fqme = "ethusdt.spot.sim"
        size = 0.01
        price = 3000.01
        cost = 0.0300001
        dt = "2026-03-01T12:00:00Z"
        etype = "clear"
        bs_mktid = "ETHUSDT-SPOT"

        """;
    Files.writeString(ledger, good.replace("price = ", "this is garbage\nprice = "));
    Files.setPosixFilePermissions(ledger, PosixFilePermissions.fromString("rw-r--r--"));

    try (SimSession sim = SimSession.start(configDir, SimSession.QUIET_WITH_LIVE_ACCOUNT)) {
      // the emptied journal: emsd refuses to start, the command that needed it says why, pikerd serves on
      CliResult orders = sim.piker("orders", "--json");
      assertEquals(1, orders.exitCode(), orders.toString());
      assertTrue(orders.stderr().contains(journal + " is empty (0 bytes)") && orders.stderr().contains("restore it"),
          orders.toString());
      assertEquals(1, orders.stderrLines().size(), orders.toString());
      assertEquals(0, Files.size(journal), "left as it is");
      assertTrue(sim.pikerd().stderr().contains(journal + " is empty"), "pikerd's log says it too");
      assertTrue(sim.serviceKinds().contains("pikerd"), "the service manager serves on");
      Files.move(journal, journal.resolveSibling("orders.journal.emptied"));

      // the ledger with garbage on line 7: the same clear error for every command that depends on it
      String where = ledger + ":7: ";
      CliResult positions = sim.piker("positions", "--json");
      assertEquals(1, positions.exitCode(), positions.toString());
      assertTrue(positions.stderr().contains(where) && positions.stdout().isEmpty(), positions.toString());
      CliResult load = sim.piker("ledger", "sim.paper", "--json");
      assertEquals(1, load.exitCode(), load.toString());
      assertTrue(load.stderr().contains(where), load.toString());
      long start = System.nanoTime();
      CliResult order = sim.piker("order", "buy", "ethusdt.spot.sim", "--size", "0.01", "--price", "3000.05",
          "--json", "--timeout", "50s");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertEquals(1, order.exitCode(), order.toString());
      assertTrue(order.stdout().contains("\"resp\":\"error\"") && order.stdout().contains(where), order.toString());
      assertTrue(took.compareTo(PROMPTLY) < 0, "ended in error after " + took);

      // repaired: the next commands work, and the ledger is the user's alone
      Files.writeString(ledger, good);
      CliResult filled = sim.piker("order", "buy", "ethusdt.spot.sim", "--size", "0.01", "--price", "3000.05",
          "--json");
      assertEquals(0, filled.exitCode(), filled.toString());
      assertTrue(filled.stdout().contains("\"resp\":\"closed\""), filled.toString());
      CliResult after = sim.piker("positions", "--json");
      assertEquals(0, after.exitCode(), after.toString());
      assertTrue(after.stdout().contains("\"size\":0.02"), after.toString());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ledger)));
    }
  }
}
