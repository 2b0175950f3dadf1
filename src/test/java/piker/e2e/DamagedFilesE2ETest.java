package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.e2e.support.CliResult;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;

/**
 * A real pikerd over damaged files, as a user meets them: an emptied emsd journal and a paper ledger with
 * garbage in the middle. Each is a clear error for the command that needs it (exit 1, naming the file),
 * pikerd keeps serving the rest, and once the file is dealt with the same commands work.
 */
class DamagedFilesE2ETest {
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);
  /**
   * The order's error must come from paperboi's refusal, well before the command's own timeout (a client
   * JVM alone takes 3-15 s on a loaded two-core machine).
   */
  private static final Duration PROMPTLY = Duration.ofSeconds(45);

  @TempDir
  Path configDir;

  private CliResult piker(PikerdProcess pikerd, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-c", configDir.toString(), "--registry", pikerd.address()));
    return Processes.piker(CLI_TIMEOUT, all.toArray(String[]::new));
  }

  @Test
  void anEmptiedJournalAndAnUnreadableLedgerAreClearErrorsUntilTheyAreDealtWith() throws Exception {
    Processes.writeConf(configDir, """
        [sim]
        seed = 42
        tick_rate = 0
        venue = ""
        [sim.accounts]
        main = "SIM-001"
        """);
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

    try (PikerdProcess pikerd = Processes.startPikerd(configDir, "127.0.0.1:0")) {
      // the emptied journal: emsd refuses to start, the command that needed it says why, pikerd serves on
      CliResult orders = piker(pikerd, "orders", "--json");
      assertEquals(1, orders.exitCode(), orders.toString());
      assertTrue(orders.stderr().contains(journal + " is empty (0 bytes)") && orders.stderr().contains("restore it"),
          orders.toString());
      assertEquals(1, orders.stderrLines().size(), orders.toString());
      assertEquals(0, Files.size(journal), "left as it is");
      assertTrue(pikerd.stderr().contains(journal + " is empty"), "pikerd's log says it too");
      CliResult services = piker(pikerd, "services", "--json");
      assertEquals(0, services.exitCode(), services.toString());
      Files.move(journal, journal.resolveSibling("orders.journal.emptied"));

      // the ledger with garbage on line 7: the same clear error for every command that depends on it
      String where = ledger + ":7: ";
      CliResult positions = piker(pikerd, "positions", "--json");
      assertEquals(1, positions.exitCode(), positions.toString());
      assertTrue(positions.stderr().contains(where) && positions.stdout().isEmpty(), positions.toString());
      CliResult load = piker(pikerd, "ledger", "sim.paper", "--json");
      assertEquals(1, load.exitCode(), load.toString());
      assertTrue(load.stderr().contains(where), load.toString());
      long start = System.nanoTime();
      CliResult order = piker(pikerd, "order", "buy", "ethusdt.spot.sim", "--size", "0.01", "--price", "3000.05",
          "--json", "--timeout", "120s");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertEquals(1, order.exitCode(), order.toString());
      assertTrue(order.stdout().contains("\"resp\":\"error\"") && order.stdout().contains(where), order.toString());
      assertTrue(took.compareTo(PROMPTLY) < 0, "ended in error after " + took);

      // repaired: the next commands work, and the ledger is the user's alone
      Files.writeString(ledger, good);
      CliResult filled = piker(pikerd, "order", "buy", "ethusdt.spot.sim", "--size", "0.01", "--price", "3000.05",
          "--json");
      assertEquals(0, filled.exitCode(), filled.toString());
      assertTrue(filled.stdout().contains("\"resp\":\"closed\""), filled.toString());
      CliResult after = piker(pikerd, "positions", "--json");
      assertEquals(0, after.exitCode(), after.toString());
      assertTrue(after.stdout().contains("\"size\":0.02"), after.toString());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ledger)));
    }
  }
}
