package piker.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piker.accounting.Fills.ACCOUNT;
import static piker.accounting.Fills.BTC;
import static piker.accounting.Fills.ETH;
import static piker.accounting.Fills.dec;
import static piker.accounting.Fills.fill;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PositionsTest {
  private static void assertDecimal(String expected, BigDecimal actual) {
    assertEquals(0, dec(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual);
  }

  @Test
  void growShrinkAndFlipFollowTheHandComputedNumbers() {
    Positions positions = new Positions(ACCOUNT);
    Clear buy1 = fill("t1", "0.001", "60000");
    Clear buy2 = fill("t2", "0.003", "60001");
    Clear sell1 = fill("t3", "-0.002", "60010");
    Clear sell2 = fill("t4", "-0.004", "60020");

    positions.apply(buy1);
    positions.apply(buy2);
    Position grown = positions.position(BTC).orElseThrow();
    assertDecimal("0.004", grown.size());
    assertDecimal("60000.75", grown.avgPrice()); // (60000*0.001 + 60001*0.003) / 0.004
    assertDecimal("0.240003", grown.fees()); // 0.06 + 0.180003
    assertDecimal("60060.75075", grown.breakEven()); // 60000.75 + 0.240003/0.004
    assertEquals(List.of(buy1, buy2), grown.clears());

    positions.apply(sell1);
    Position shrunk = positions.position(BTC).orElseThrow();
    assertDecimal("0.002", shrunk.size());
    assertDecimal("60000.75", shrunk.avgPrice());
    assertDecimal("0.360023", shrunk.fees()); // + 0.12002
    assertDecimal("60180.7615", shrunk.breakEven()); // 60000.75 + 0.360023/0.002

    positions.apply(sell2);
    Position flipped = positions.position(BTC).orElseThrow();
    assertDecimal("-0.002", flipped.size());
    assertDecimal("60020", flipped.avgPrice());
    assertDecimal("0.24008", flipped.fees()); // only the flipping clear's cost
    assertDecimal("59899.96", flipped.breakEven()); // 60020 + 0.24008/-0.002: below avg for a short
    assertEquals(List.of(sell2), flipped.clears());
    assertEquals(ACCOUNT, flipped.account());
    assertEquals("BTCUSDT", flipped.bsMktid());
  }

  @Test
  void reachingZeroClosesAndTheNextClearOpensFresh() {
    Positions positions = new Positions(ACCOUNT);
    positions.apply(fill("t1", "0.5", "100"));
    positions.apply(fill("t2", "-0.5", "110"));
    assertTrue(positions.position(BTC).isEmpty());
    assertEquals(List.of(), positions.open());

    Clear reopen = fill("t3", "-0.25", "120");
    positions.apply(reopen);
    Position fresh = positions.position(BTC).orElseThrow();
    assertDecimal("-0.25", fresh.size());
    assertDecimal("120", fresh.avgPrice());
    assertEquals(reopen.cost(), fresh.fees());
    assertEquals(List.of(reopen), fresh.clears());
  }

  @Test
  void shortsAverageLikeLongs() {
    Positions positions = new Positions(ACCOUNT);
    positions.apply(fill("t1", "-1", "10"));
    positions.apply(fill("t2", "-3", "14"));
    Position shortPosition = positions.position(BTC).orElseThrow();
    assertDecimal("-4", shortPosition.size());
    assertDecimal("13", shortPosition.avgPrice()); // (10*1 + 14*3) / 4
    assertDecimal("0.052", shortPosition.fees()); // 0.01 + 0.042
    assertDecimal("12.987", shortPosition.breakEven()); // 13 + 0.052/-4
  }

  @Test
  void inexactDivisionRoundsToDecimal128AndStripsZeros() {
    Positions positions = new Positions(ACCOUNT);
    positions.apply(new Clear("t1", BTC, dec("1"), dec("1"), dec("0"), java.time.Instant.EPOCH, "B"));
    positions.apply(new Clear("t2", BTC, dec("2"), dec("2"), dec("0"), java.time.Instant.EPOCH, "B"));
    Position position = positions.position(BTC).orElseThrow();
    assertEquals(dec("1.666666666666666666666666666666667"), position.avgPrice()); // 34 digits, HALF_EVEN
    assertEquals(dec("1.666666666666666666666666666666667"), position.breakEven());

    Positions even = new Positions(ACCOUNT);
    even.apply(new Clear("t1", BTC, dec("1.0"), dec("2.50"), dec("0"), java.time.Instant.EPOCH, "B"));
    even.apply(new Clear("t2", BTC, dec("1.0"), dec("3.50"), dec("0"), java.time.Instant.EPOCH, "B"));
    assertEquals(dec("3"), even.position(BTC).orElseThrow().avgPrice()); // 6.000/2.0 stripped to 3
  }

  @Test
  void aReplayedTradeIdCountsOnce() {
    Positions positions = new Positions(ACCOUNT);
    Clear buy = fill("t1", "0.001", "60000");
    assertTrue(positions.apply(buy));
    assertFalse(positions.apply(buy));
    assertFalse(positions.apply(fill("t1", "5", "1"))); // same tid, other content: still a replay
    assertTrue(positions.has("t1"));
    assertFalse(positions.has("t2"));
    Position position = positions.position(BTC).orElseThrow();
    assertDecimal("0.001", position.size());
    assertEquals(List.of(buy), position.clears());
  }

  @Test
  void tradeIdsOfClosedPositionsStillDedup() {
    Positions positions = new Positions(ACCOUNT);
    Clear open = fill("t1", "1", "10");
    positions.apply(open);
    positions.apply(fill("t2", "-1", "11"));
    assertFalse(positions.apply(open));
    assertEquals(List.of(), positions.open());
  }

  @Test
  void openIsSortedByFqmeTextAndReplayEqualsIncremental() {
    List<Clear> ledger = List.of(fill("a", ETH, "2", "3000.5"), fill("b", BTC, "0.1", "60000.01"),
        fill("c", ETH, "-0.5", "3010"), fill("d", BTC, "-0.3", "60100.99"), fill("e", ETH, "0.7", "2990.33"));
    Positions incremental = new Positions(ACCOUNT);
    ledger.forEach(incremental::apply);
    assertEquals(List.of(BTC, ETH), incremental.open().stream().map(Position::fqme).toList());
    assertEquals(incremental.open(), Positions.replay(ACCOUNT, ledger).open());
  }
}
