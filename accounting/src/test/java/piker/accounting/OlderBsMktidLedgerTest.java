package piker.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static piker.accounting.Fills.BTC;
import static piker.accounting.Fills.ETH;
import static piker.accounting.Fills.dec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live ledgers written before {@code bs_mktid} had one form spell it as the market's bs_fqme
 * ({@code btcusdt.spot}); paper ones, and live ones since, as the venue does ({@code BTCUSDT-SPOT}). Such
 * a ledger (a golden file of the older release) still loads as written, and trades appended in the
 * venue's form join the same positions instead of opening a second one per spelling.
 */
class OlderBsMktidLedgerTest {
  private static final String ACCOUNT = "sim.main";

  @TempDir Path dataDir;

  private LedgerFile goldenLedger() throws IOException {
    Path file = LedgerFile.path(dataDir, ACCOUNT);
    Files.createDirectories(file.getParent());
    try (InputStream golden = getClass().getResourceAsStream("/golden/trades_sim_main-bs_mktid-as-bs_fqme.toml")) {
      Files.copy(golden, file);
    }
    return LedgerFile.open(dataDir, ACCOUNT);
  }

  @Test
  void theOlderFormLoadsAsWritten() throws IOException {
    List<Clear> clears = goldenLedger().clears();
    assertEquals(List.of("btcusdt.spot", "ethusdt.spot"), clears.stream().map(Clear::bsMktid).toList());
    assertEquals(List.of(BTC, ETH), clears.stream().map(Clear::fqme).toList());
  }

  @Test
  void tradesInTheVenuesFormJoinThePositionsOfTheOlderOnes() throws IOException {
    LedgerFile ledger = goldenLedger();
    ledger.append(List.of(new Clear("SIMT-3", BTC, dec("0.001"), dec("60010"), dec("0.06001"),
        Instant.parse("2026-12-02T09:00:00Z"), "BTCUSDT-SPOT")));

    Positions positions = Positions.replay(ACCOUNT, LedgerFile.open(dataDir, ACCOUNT).clears());
    assertEquals(List.of(BTC, ETH), positions.open().stream().map(Position::fqme).toList());
    Position btc = positions.position(BTC).orElseThrow();
    assertEquals(0, dec("0.003").compareTo(btc.size()));
    assertEquals(List.of("SIMT-1", "SIMT-3"), btc.clears().stream().map(Clear::tid).toList());
    assertEquals("BTCUSDT-SPOT", btc.bsMktid(), "a position is named as its latest clear names the market");
    assertEquals("ethusdt.spot", positions.position(ETH).orElseThrow().bsMktid());

    // the account file keeps each clear's own spelling
    AccountFile.write(dataDir, ACCOUNT, positions.open());
    assertEquals(positions.open(), AccountFile.read(dataDir, ACCOUNT));
  }
}
