package piker.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piker.accounting.Fills.ACCOUNT;
import static piker.accounting.Fills.BTC;
import static piker.accounting.Fills.dec;
import static piker.accounting.Fills.fill;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: fills through positions, ledger and account file, then a replay from disk. */
class FillSequenceTest {
  @TempDir Path dataDir;

  /** Applies each fill like an owner would: ledger first (durable), then positions, then the snapshot. */
  private static Positions run(Path dataDir, List<Clear> fills) throws IOException {
    LedgerFile ledger = LedgerFile.open(dataDir, ACCOUNT);
    Positions positions = new Positions(ACCOUNT);
    for (Clear clear : fills) {
      assertEquals(List.of(clear), ledger.append(List.of(clear)));
      assertTrue(positions.apply(clear));
      AccountFile.write(dataDir, ACCOUNT, positions.open());
    }
    return positions;
  }

  @Test
  void elevenFillsThatNetToZeroLeaveNoPosition() throws IOException {
    String[] sizes = {"0.001", "0.002", "-0.001", "0.0015", "0.001", "0.002", "-0.001", "-0.025", "-0.0195",
        "0.001", "0.038"};
    String[] prices = {"60000.01", "60012.35", "59990.50", "60001.99", "60020.00", "59988.88", "60005.55",
        "59975.25", "59960.10", "60030.45", "60040.70"};
    List<Clear> fills = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      fills.add(fill("sim-" + (i + 1), sizes[i], prices[i]));
    }
    assertEquals(dec("0.06000001"), fills.get(0).cost()); // 0.001 * 60000.01 * 0.001, exact

    Positions positions = new Positions(ACCOUNT);
    for (int i = 0; i < 8; i++) {
      positions.apply(fills.get(i));
    }
    Position flipped = positions.position(BTC).orElseThrow(); // +0.0055 then -0.025: short 0.0195
    assertEquals(0, dec("-0.0195").compareTo(flipped.size()));
    assertEquals(dec("59975.25"), flipped.avgPrice());
    assertEquals(List.of(fills.get(7)), flipped.clears());

    Positions done = run(dataDir, fills);
    assertEquals(0, fills.stream().map(Clear::size).reduce(BigDecimal.ZERO, BigDecimal::add).signum());
    assertTrue(done.position(BTC).isEmpty());
    assertEquals(List.of(), done.open());

    assertEquals(List.of(), AccountFile.read(dataDir, ACCOUNT));
    assertFalse(Files.readString(AccountFile.path(dataDir, ACCOUNT)).contains("["));

    LedgerFile ledger = LedgerFile.open(dataDir, ACCOUNT);
    assertEquals(fills, ledger.clears());
    String text = Files.readString(ledger.path());
    assertEquals(11, text.split("etype = \"clear\"", -1).length - 1);
    Positions replayed = Positions.replay(ACCOUNT, ledger.clears());
    assertEquals(done.open(), replayed.open());
    assertTrue(fills.stream().allMatch(clear -> replayed.has(clear.tid())));
  }

  @Test
  void openSequenceSurvivesFilesAndReplaysIdentically() throws IOException {
    List<Clear> fills = List.of(fill("t1", "0.001", "60000"), fill("t2", "0.003", "60001"),
        fill("t3", "-0.002", "60010"), fill("t4", "-0.004", "60020"), fill("t5", "-0.0007", "60003.33"));
    Positions incremental = run(dataDir, fills);

    Position position = incremental.position(BTC).orElseThrow();
    assertEquals(0, dec("-0.0027").compareTo(position.size()));
    // Short 0.002 @ 60020 grown by 0.0007 @ 60003.33: (120.04 + 42.002331) / 0.0027
    BigDecimal expectedAvg = dec("162.042331").divide(dec("0.0027"), java.math.MathContext.DECIMAL128)
        .stripTrailingZeros();
    assertEquals(expectedAvg, position.avgPrice());
    assertEquals(dec("0.282082331"), position.fees()); // 0.24008 + 0.042002331
    assertEquals(0, position.avgPrice().add(dec("0.282082331")
        .divide(dec("-0.0027"), java.math.MathContext.DECIMAL128)).compareTo(position.breakEven()));

    assertEquals(incremental.open(), AccountFile.read(dataDir, ACCOUNT));
    LedgerFile reopened = LedgerFile.open(dataDir, ACCOUNT);
    assertEquals(fills, reopened.clears());
    assertEquals(incremental.open(), Positions.replay(ACCOUNT, reopened.clears()).open());
  }
}
