package piker.backends.binance.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.contracts.market.Bar;

class KlinesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theDocsRowIsABarWithExactDecimals() throws Exception {
    JsonNode row = JSON.readTree("""
        [1499040000000, "0.01634790", "0.80000000", "0.01575800", "0.01577100", "148976.11427815", 1499644799999,
         "2434.19055334", 308, "1756.87402397", "28.46694368", "0"]""");
    assertEquals(new Bar(1499040000L, new BigDecimal("0.01634790"), new BigDecimal("0.80000000"),
        new BigDecimal("0.01575800"), new BigDecimal("0.01577100"), new BigDecimal("148976.11427815")), Klines.bar(row));
    assertEquals(1499644799999L, Klines.closeTimeMs(row));
  }

  @Test
  void aRowNoMarketCanHaveOrThatCannotBeReadIsRefusedNamingIt() throws Exception {
    for (String row : List.of(
        "[1499040000000, \"2.10\", \"2.00\", \"2.20\", \"2.05\", \"1.0\", 1499040059999]", // high under low
        "[1499040000000, \"-5\", \"2.00\", \"-5\", \"2.00\", \"1.0\", 1499040059999]", // a negative price
        "[1499040000000, \"2.0\", \"2.0\", \"2.0\", \"2.0\", \"-1\", 1499040059999]", // a negative volume
        "[1499040000000, \"2.0\", null, \"2.0\", \"2.0\", \"1\", 1499040059999]", // no high
        "[\"soon\", \"2.0\", \"2.0\", \"2.0\", \"2.0\", \"1\", 1499040059999]")) { // no open time
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> Klines.bar(JSON.readTree(row)), row);
      assertTrue(refused.getMessage().startsWith("binance answered a kline"), refused.getMessage());
    }
  }

  @Test
  void onlyOneSecondAndOneMinuteIntervalsAreServed() {
    assertEquals("1s", Klines.interval(1));
    assertEquals("1m", Klines.interval(60));
    assertThrows(IllegalArgumentException.class, () -> Klines.interval(5));
  }

  @Test
  void oneFrameIsOneRequestEndingAMillisecondBeforeTheEnd() {
    Klines.Paging paging = new Klines.Paging(1_700_000_000_000L, 3);
    Klines.Page page = paging.next();
    assertEquals(new Klines.Page(1_699_999_999_999L, 3), page);
    assertEquals("symbol=BTCUSDT&interval=1s&endTime=1699999999999&limit=3", page.query("BTCUSDT", 1));
    paging.accept(page, rows(1_699_999_997_000L, 1_699_999_998_000L, 1_699_999_999_000L));
    assertTrue(paging.done());
    assertEquals(List.of(1_699_999_997L, 1_699_999_998L, 1_699_999_999L), times(paging.bars()));
  }

  @Test
  void moreThanAPageIsFetchedNewestFirstOverlapsTakenOnceAndGapsKept() {
    long end = 10_000_000L;
    Klines.Paging paging = new Klines.Paging(end, 1500);
    Klines.Page first = paging.next();
    assertEquals(1000, first.limit());
    paging.accept(first, rowsFrom(end - 1000 * 1000, 1000, 1000)); // 1000 one-second rows
    assertFalse(paging.done());
    Klines.Page second = paging.next();
    assertEquals(new Klines.Page(end - 1000 * 1000 - 1, 500), second);
    // the host sends one row it had already sent (a paging on close time would) and skips an empty second
    ArrayNode overlapping = rowsFrom(end - 1500 * 1000 - 1000, 500, 1000);
    overlapping.remove(3);
    overlapping.add(row(end - 1000 * 1000));
    paging.accept(second, overlapping);
    List<Bar> bars = paging.bars();
    assertEquals(1499, bars.size(), "one empty second, no duplicate");
    assertTrue(times(bars).stream().sorted().toList().equals(times(bars)), "oldest first");
    assertEquals((end - 1000) / 1000, bars.get(bars.size() - 1).time());
  }

  @Test
  void aShortOrEmptyPageEndsThePaging() {
    Klines.Paging short_ = new Klines.Paging(5_000_000L, 2000);
    short_.accept(short_.next(), rowsFrom(4_000_000L, 10, 1000));
    assertTrue(short_.done());
    assertEquals(10, short_.bars().size());
    Klines.Paging empty = new Klines.Paging(5_000_000L, 10);
    empty.accept(empty.next(), JSON.createArrayNode());
    assertTrue(empty.done());
    assertTrue(empty.bars().isEmpty());
  }

  private static List<Long> times(List<Bar> bars) {
    return bars.stream().map(Bar::time).toList();
  }

  private static ArrayNode rows(long... openTimes) {
    ArrayNode rows = JSON.createArrayNode();
    for (long open : openTimes) {
      rows.add(row(open));
    }
    return rows;
  }

  private static ArrayNode rowsFrom(long firstOpen, int count, long stepMs) {
    ArrayNode rows = JSON.createArrayNode();
    for (int i = 0; i < count; i++) {
      rows.add(row(firstOpen + i * stepMs));
    }
    return rows;
  }

  static ArrayNode row(long open) {
    ArrayNode row = JSON.createArrayNode();
    row.add(open).add("1.00").add("2.00").add("0.50").add("1.50").add("3.0").add(open + 999).add("4.5").add(3)
        .add("1.0").add("1.5").add("0");
    return row;
  }
}
