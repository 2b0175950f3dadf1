package piker.backends.kraken.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.contracts.market.Quote;
import piker.contracts.market.Scale;
import piker.contracts.market.Tick;
import piker.contracts.names.Fqme;

/** One pair's live state: startup, bid/ask ticks on change, trades once by id, snapshots after a reconnect. */
class MarketTapeTest {
  /** XBT/USD's tick (0.1) and lot (0.00000001): quotes count these. */
  private final MarketTape tape = new MarketTape(Fqme.parse("btcusd.spot.kraken"), Scale.of(1), Scale.of(8));

  private static WsMessage.Ticker ticker(boolean snapshot, String bid, String bidQty, String ask, String askQty) {
    return new WsMessage.Ticker("BTC/USD", snapshot, new BigDecimal(bid), new BigDecimal(bidQty), new BigDecimal(ask),
        new BigDecimal(askQty), new BigDecimal("60000.0"), 1_000);
  }

  private static WsMessage.Trade trade(boolean snapshot, long id, String price) {
    return new WsMessage.Trade("BTC/USD", snapshot, new BigDecimal(price), new BigDecimal("0.1"), "buy", id, id * 10);
  }

  @Test
  void theFirstTickerIsTheStartupQuoteThenOnlyChangedSidesAreTicks() {
    Quote startup = tape.ticker(ticker(true, "59999.9", "1", "60000.1", "2")).orElseThrow();
    assertTrue(startup.ticks().isEmpty());
    assertEquals(new BigDecimal("60000.0"), startup.last());
    assertTrue(tape.ticker(ticker(false, "59999.9", "1.0", "60000.1", "2")).isEmpty(), "nothing changed");
    Quote moved = tape.ticker(ticker(false, "59999.9", "1", "60000.2", "3")).orElseThrow();
    assertEquals(List.of(new Tick("ask", new BigDecimal("60000.2"), new BigDecimal("3.00000000"))), moved.ticks());
  }

  @Test
  void theFirstTradeSnapshotIsHistoryAndALaterOneReplaysOnlyWhatWasMissed() {
    assertTrue(tape.trade(trade(true, 1, "1")).isEmpty());
    assertTrue(tape.trade(trade(true, 2, "2")).isEmpty());
    tape.tradeSnapshotDone();
    assertEquals(new BigDecimal("3.0"), tape.trade(trade(false, 3, "3")).orElseThrow().last());
    // a reconnect: the snapshot holds 2 and 3 (passed on or history) and 4 (missed while away)
    assertTrue(tape.trade(trade(true, 2, "2")).isEmpty());
    assertTrue(tape.trade(trade(true, 3, "3")).isEmpty());
    Quote missed = tape.trade(trade(true, 4, "4")).orElseThrow();
    assertEquals(List.of(new Tick("trade", new BigDecimal("4.0"), new BigDecimal("0.10000000"))), missed.ticks());
    assertTrue(tape.trade(trade(false, 4, "4")).isEmpty(), "never twice");
  }

  @Test
  void aJumpInTradeIdsIsAGapBetweenTheTimesOfTheTradesAroundIt() {
    assertTrue(tape.trade(trade(true, 1, "1")).isEmpty());
    assertTrue(tape.trade(trade(true, 2, "2")).isEmpty());
    tape.tradeSnapshotDone();
    tape.trade(trade(false, 3, "3")).orElseThrow();
    assertNull(tape.takeGap(), "the trade after the history snapshot's newest");
    // a reconnect whose snapshot no longer holds 4 and 5
    assertTrue(tape.trade(trade(true, 6, "6")).isPresent());
    assertEquals(new MarketTape.Gap(30, 60), tape.takeGap(), "trades 4 and 5 were missed");
    assertNull(tape.takeGap(), "told once");
    tape.trade(trade(true, 7, "7")).orElseThrow();
    assertNull(tape.takeGap(), "the snapshot's next trade");
    assertTrue(tape.trade(trade(false, 7, "7")).isEmpty());
    assertNull(tape.takeGap(), "a replay is no gap");
  }

  @Test
  void aValueOffThePairsScaleDropsItsTickNeverRounds() {
    tape.ticker(ticker(true, "59999.9", "1", "60000.1", "2"));
    tape.tradeSnapshotDone();
    assertTrue(tape.trade(trade(false, 5, "60000.05")).isEmpty(), "a price finer than the 0.1 tick");
    Quote bidOnly = tape.ticker(ticker(false, "59999.8", "1", "60000.15", "2")).orElseThrow();
    assertEquals(List.of(new Tick("bid", new BigDecimal("59999.8"), new BigDecimal("1.00000000"))), bidOnly.ticks());
    assertEquals(new BigDecimal("60000.1"), bidOnly.ask(), "the off-scale ask leaves the known one");
  }

  @Test
  void aBadTradeIsDroppedWithoutHoldingBackTheTradesAfterIt() {
    tape.ticker(ticker(true, "59999.9", "1", "60000.1", "2"));
    tape.tradeSnapshotDone();
    assertTrue(tape.trade(trade(false, 99_999_999_999L, "60000.05")).isEmpty(), "off the tick, under a huge id");
    assertTrue(tape.trade(new WsMessage.Trade("BTC/USD", false, new BigDecimal("60000.2"), new BigDecimal("0"),
        "buy", 6, 60)).isEmpty(), "a trade of nothing is no trade");
    assertEquals(new BigDecimal("60000.3"), tape.trade(trade(false, 7, "60000.3")).orElseThrow().last(),
        "the next good trade still counts");
    assertTrue(tape.ticker(ticker(false, "60010.2", "1", "60004.2", "2")).isEmpty(), "a crossed book is no touch");
    assertEquals(new BigDecimal("59999.9"), tape.ticker(ticker(false, "59999.9", "1", "60000.2", "2")).orElseThrow()
        .bid(), "the book as it was, and the next good update");
  }

  @Test
  void aNewerTradeUnderAnOlderIdIsANewSequenceButAReplayedOneIsNot() {
    tape.tradeSnapshotDone();
    assertEquals(new BigDecimal("10.0"), tape.trade(trade(false, 10, "10")).orElseThrow().last()); // at 100 ns
    assertTrue(tape.trade(trade(true, 10, "10")).isEmpty(), "a reconnect's snapshot replaying it");
    assertTrue(tape.trade(new WsMessage.Trade("BTC/USD", false, new BigDecimal("9"), new BigDecimal("0.1"), "buy",
        9, 100)).isEmpty(), "older id, no newer time: passed on already");
    Quote restarted = tape.trade(new WsMessage.Trade("BTC/USD", false, new BigDecimal("11"), new BigDecimal("0.1"),
        "buy", 1, 500)).orElseThrow();
    assertEquals(new BigDecimal("11.0"), restarted.last(), "a venue that restarted its sequence is still heard");
    assertEquals(new MarketTape.Gap(100, 500), tape.takeGap(), "what came between the sequences is a gap");
    assertEquals(new BigDecimal("12.0"), tape.trade(trade(false, 2, "12")).orElseThrow().last());
    assertNull(tape.takeGap(), "the new sequence's next trade");
  }
}
