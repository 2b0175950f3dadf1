package piker.brokerd.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.accounting.LedgerFile;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.VenuePosition;

/** A live account's books on real files: syncs are idempotent, a fill is ledgered once, mismatches named. */
class AccountBookTest {
  @TempDir
  Path dir;

  private static NormTrade trade(String id, String side, String size) {
    return new NormTrade(id, "SIM-1", "o-1", "solusdt.spot", "SOLUSDT-SPOT", side, new BigDecimal("150.001"),
        new BigDecimal(size), new BigDecimal("0.015"), 1_795_000_000_000_000_000L);
  }

  @Test
  void syncingTheSameTradesTwiceAddsThemOnceAndAFillAlreadyThereIsNotTold() throws Exception {
    try (AccountBook book = new AccountBook(dir, "sim.main")) {
      List<NormTrade> trades = List.of(trade("T-1", "buy", "0.3"), trade("T-2", "sell", "0.1"));
      assertEquals(2, book.sync(trades));
      assertEquals(0, book.sync(trades));
      assertTrue(book.record(trade("T-2", "sell", "0.1")).isEmpty(), "ledgered already");
      var update = book.record(trade("T-3", "buy", "0.05")).orElseThrow();
      assertEquals(0, new BigDecimal("0.25").compareTo(update.size()));
      assertEquals("solusdt.spot.sim", update.fqme().toString());
    }
    var clears = LedgerFile.open(dir, "sim.main").clears();
    assertEquals(List.of("T-1", "T-2", "T-3"), clears.stream().map(clear -> clear.tid()).toList());
    // the venue's own market id, as paper trades and mkt-info spell it; not the bs_fqme
    assertEquals(List.of("SOLUSDT-SPOT"), clears.stream().map(clear -> clear.bsMktid()).distinct().toList());
  }

  @Test
  void aFeeTakenInTheBaseAssetMovesThePositionAsTheBalanceAndKeepsItsCostInTheBreakEven() throws Exception {
    // a buy of 0.01 at 40000 whose commission, 0.00001, was taken in the base: the balance grew by 0.00999
    NormTrade buy = new NormTrade("T-1", "V-1", "o-1", "btcusdt.spot", "BTCUSDT", "buy", new BigDecimal("40000"),
        new BigDecimal("0.01"), new BigDecimal("0.4"), 1_795_000_000_000_000_000L, new BigDecimal("0.00001"));
    try (AccountBook book = new AccountBook(dir, "binance.main")) {
      var update = book.record(buy).orElseThrow();
      assertEquals(0, new BigDecimal("0.00999").compareTo(update.size()), update.toString());
      assertEquals(0, new BigDecimal("40000").compareTo(update.avgPrice()), update.toString());
      // 400 paid for 0.00999: the break-even is 400 / 0.00999
      assertEquals(0, new BigDecimal("400").divide(new BigDecimal("0.00999"), java.math.MathContext.DECIMAL64)
          .compareTo(update.breakEven().round(java.math.MathContext.DECIMAL64)), update.toString());
      assertNull(book.mismatch(List.of(new VenuePosition("btcusdt.spot", new BigDecimal("0.00999")))),
          "the ledger holds what the venue holds");
      // selling it back, with the fee in the quote, leaves nothing
      var sold = book.record(new NormTrade("T-2", "V-2", "o-2", "btcusdt.spot", "BTCUSDT", "sell",
          new BigDecimal("40000"), new BigDecimal("0.00999"), new BigDecimal("0.3996"), 1_795_000_001_000_000_000L))
          .orElseThrow();
      assertEquals(0, sold.size().signum(), sold.toString());
    }
  }

  @Test
  void positionsThatDifferFromTheVenuesAreNamedMarketByMarketWithTheLedgerFile() throws Exception {
    try (AccountBook book = new AccountBook(dir, "sim.main")) {
      book.sync(List.of(trade("T-1", "buy", "0.3")));
      assertNull(book.mismatch(List.of(new VenuePosition("solusdt.spot", new BigDecimal("0.300")))));
      String mismatch = book.mismatch(List.of(new VenuePosition("solusdt.spot", new BigDecimal("0.2")),
          new VenuePosition("btcusdt.spot", new BigDecimal("1"))));
      assertTrue(mismatch.contains("btcusdt.spot: ledger 0, venue 1") && mismatch.contains(
          "solusdt.spot: ledger 0.3, venue 0.2") && mismatch.contains("trades_sim_main.toml"), mismatch);
    }
    assertTrue(Files.exists(LedgerFile.path(dir, "sim.main")));
  }
}
