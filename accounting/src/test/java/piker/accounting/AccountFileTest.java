package piker.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piker.accounting.Fills.ACCOUNT;
import static piker.accounting.Fills.BTC;
import static piker.accounting.Fills.ETH;
import static piker.accounting.Fills.dec;
import static piker.accounting.Fills.fill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.names.AccountName;

class AccountFileTest {
  @TempDir Path dataDir;

  private static List<Path> filesUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void pathFollowsTheAccountName() {
    assertEquals(dataDir.resolve("accounting/account.sim.paper.toml"), AccountFile.path(dataDir, ACCOUNT));
  }

  @Test
  void missingFileReadsAsNoPositions() throws IOException {
    assertEquals(List.of(), AccountFile.read(dataDir, ACCOUNT));
  }

  @Test
  void writeThenReadGivesEqualPositions() throws IOException {
    Positions positions = new Positions(ACCOUNT);
    positions.apply(fill("t1", ETH, "2.50", "3000.10"));
    positions.apply(fill("t2", BTC, "0.001", "60000"));
    positions.apply(fill("t3", BTC, "0.003", "60001"));
    positions.apply(fill("t4", BTC, "-0.0195", "60020.5"));
    positions.apply(new Clear("t5", ETH, dec("1"), dec("2999.99"), dec("0"), Instant.EPOCH, "ETH-OTHER-ID"));
    List<Position> open = positions.open();

    AccountFile.write(dataDir, ACCOUNT, open);
    assertEquals(open, AccountFile.read(dataDir, ACCOUNT));

    String text = Files.readString(AccountFile.path(dataDir, ACCOUNT));
    assertTrue(text.contains("""
        ["btcusdt.spot.sim"]
        fqme = "btcusdt.spot.sim"
        bs_mktid = "BTCUSDT"
        size = -0.0155
        avg_price = 60020.5
        """), text);
    assertTrue(text.contains("[[\"ethusdt.spot.sim\".clears]]\ntid = \"t1\"\nsize = 2.50\nprice = 3000.10\n"), text);
    assertFalse(text.contains("E+") || text.contains("E-"), text);
  }

  @Test
  void zeroSizePositionsAreNeverWrittenAndEmptyAccountsGetAHeaderOnly() throws IOException {
    Position flat = new Position(ACCOUNT, BTC, dec("0"), dec("1"), dec("1"), dec("0"), "BTCUSDT", List.of());
    AccountFile.write(dataDir, ACCOUNT, List.of(flat));
    String text = Files.readString(AccountFile.path(dataDir, ACCOUNT));
    assertTrue(text.startsWith("#"), text);
    assertFalse(text.contains("["), text);
    assertEquals(1, text.lines().count(), text);
    assertEquals(List.of(), AccountFile.read(dataDir, ACCOUNT));
  }

  @Test
  void rewritesReplaceTheFileAndLeaveNoTempFiles() throws IOException {
    Positions positions = new Positions(ACCOUNT);
    positions.apply(fill("t1", "1", "10"));
    AccountFile.write(dataDir, ACCOUNT, positions.open());
    positions.apply(fill("t2", ETH, "2", "20"));
    AccountFile.write(dataDir, ACCOUNT, positions.open());
    positions.apply(fill("t3", "-1", "11"));
    AccountFile.write(dataDir, ACCOUNT, positions.open());

    assertEquals(positions.open(), AccountFile.read(dataDir, ACCOUNT));
    assertEquals(List.of(ETH), AccountFile.read(dataDir, ACCOUNT).stream().map(Position::fqme).toList());
    assertEquals(List.of(AccountFile.path(dataDir, ACCOUNT)), filesUnder(dataDir));
  }

  @Test
  void rejectsPositionsOfAnotherAccountWithoutTouchingTheFile() throws IOException {
    Position other = new Position("binance.main", BTC, dec("1"), dec("1"), dec("1"), dec("0"), "B", List.of());
    assertThrows(IllegalArgumentException.class, () -> AccountFile.write(dataDir, ACCOUNT, List.of(other)));
    assertFalse(Files.exists(AccountFile.path(dataDir, ACCOUNT)));
  }

  @Test
  void unreadableFileNamesThePath() throws IOException {
    Path file = AccountFile.path(dataDir, ACCOUNT);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "[\"btcusdt.spot.sim\"]\nfqme = \"btcusdt.spot.sim\"\nsize = = 1\n");
    IOException e = assertThrows(IOException.class, () -> AccountFile.read(dataDir, ACCOUNT));
    assertTrue(e.getMessage().contains("account.sim.paper.toml"), e.getMessage());
  }
}
