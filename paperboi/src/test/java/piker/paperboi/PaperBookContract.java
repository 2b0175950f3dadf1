package piker.paperboi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import piker.contracts.market.Quote;
import piker.contracts.market.Tick;
import piker.contracts.names.AccountName;
import piker.contracts.orders.OrderAction;
import piker.contracts.testkit.Markets;

/**
 * The sim venue's matching rules, as paper clears by them (docs/clearing.md, "paper clearing"): every
 * PaperBook must keep them; one subclass per implementation runs this suite.
 */
abstract class PaperBookContract {
  private static final AccountName SIM_PAPER = AccountName.parse("sim.paper");

  /** A book for the btcusdt market (0.01 price tick, 0.00001 size tick). */
  protected abstract PaperBook newBook();

  private PaperBook btcBook() {
    PaperBook book = newBook();
    book.market(Markets.BTC_MKT);
    return book;
  }

  private static BigDecimal d(String text) {
    return new BigDecimal(text);
  }

  static PaperBook.Resting buy(String oid, String price, String size) {
    return new PaperBook.Resting(oid, "paper-" + oid, SIM_PAPER, OrderAction.BUY, d(price), d(size), BigDecimal.ZERO, 0);
  }

  private static PaperBook.Resting sell(String oid, String price, String size) {
    return new PaperBook.Resting(oid, "paper-" + oid, SIM_PAPER, OrderAction.SELL, d(price), d(size), BigDecimal.ZERO, 0);
  }

  /** One tick with its size, as the venue sends it. */
  static Quote tick(String type, String price, String size) {
    return new Quote(Markets.BTC, 1L, null, null, null, List.of(new Tick(type, d(price), d(size))));
  }

  /** The quiet btcusdt market with sizes shown: bid 59999.99 and ask 60000.01, 0.003 each. */
  PaperBook quietBook() {
    PaperBook book = btcBook();
    book.startup(d("59999.99"), d("60000.01"));
    book.onQuote(tick("bid", "59999.99", "0.003"));
    book.onQuote(tick("ask", "60000.01", "0.003"));
    return book;
  }

  static void assertFill(PaperBook.Match match, String oid, String price, String size) {
    assertEquals(oid, match.order().oid());
    assertEquals(0, d(price).compareTo(match.price()), "price " + match.price() + " != " + price);
    assertEquals(0, d(size).compareTo(match.size()), "size " + match.size() + " != " + size);
  }

  @Test
  void anArrivingBuyThroughTheAskTakesAtTheAskNotAtItsLimit() {
    PaperBook book = quietBook();
    PaperBook.Match match = book.arrive(buy("b", "60100", "0.001")).orElseThrow();
    assertFill(match, "b", "60000.01", "0.001");
    assertTrue(match.completes());
    assertFalse(match.maker(), "it took the touch: a taker");
    assertTrue(book.isEmpty());
  }

  @Test
  void anArrivingSellThroughTheBidTakesAtTheBid() {
    PaperBook book = quietBook();
    assertFill(book.arrive(sell("s", "59000", "0.002")).orElseThrow(), "s", "59999.99", "0.002");
    assertTrue(book.isEmpty());
  }

  @Test
  void aLimitAtTheTouchTakesAndOneShortOfItRests() {
    PaperBook book = quietBook();
    assertFill(book.arrive(buy("at", "60000.01", "0.001")).orElseThrow(), "at", "60000.01", "0.001");
    assertTrue(book.arrive(buy("below", "60000", "0.001")).isEmpty());
    assertTrue(book.arrive(sell("above", "60000", "0.001")).isEmpty());
    assertEquals(List.of("below", "above"), book.resting().stream().map(PaperBook.Resting::oid).toList());
  }

  @Test
  void aTradePrintFarThroughTheBookGivesNoArrivalABetterPriceThanTheTouch() {
    PaperBook book = quietBook();
    assertTrue(book.onQuote(tick("trade", "0.01", "5")).isEmpty());
    assertFill(book.arrive(buy("b", "60000.05", "0.001")).orElseThrow(), "b", "60000.01", "0.001");
    assertTrue(book.onQuote(tick("trade", "99999", "5")).isEmpty());
    assertFill(book.arrive(sell("s", "59999", "0.001")).orElseThrow(), "s", "59999.99", "0.001");
  }

  @Test
  void aRestingBuyCrossedByATradeFillsAtItsOwnLimitNotAtThePrint() {
    PaperBook book = quietBook();
    assertTrue(book.arrive(buy("b", "50000", "0.002")).isEmpty());
    List<PaperBook.Match> fills = book.onQuote(tick("trade", "0.01", "5"));
    assertEquals(1, fills.size());
    assertFill(fills.get(0), "b", "50000", "0.002");
    assertTrue(fills.get(0).maker(), "it rested first: a maker");
    assertTrue(book.isEmpty());
  }

  @Test
  void aRestingOrderCrossedByTheOtherSidesQuoteFillsAtItsOwnLimit() {
    PaperBook book = quietBook();
    book.arrive(buy("b", "59990", "0.001"));
    book.arrive(sell("s", "60010", "0.001"));
    assertTrue(book.onQuote(tick("ask", "59995", "1")).isEmpty(), "not through the buy's limit");
    assertTrue(book.onQuote(tick("bid", "59980", "1")).isEmpty(), "a bid never fills a buy");
    assertFill(book.onQuote(tick("ask", "59985", "1")).get(0), "b", "59990", "0.001");
    assertTrue(book.onQuote(tick("ask", "60020", "1")).isEmpty(), "an ask never fills a sell");
    assertFill(book.onQuote(tick("bid", "60020.5", "1")).get(0), "s", "60010", "0.001");
    assertTrue(book.isEmpty());
  }

  @Test
  void aThinTouchFillsAnArrivalPartlyTheRestRestsAndTheNextArrivalFindsOnlyWhatIsLeft() {
    PaperBook book = quietBook();
    PaperBook.Match first = book.arrive(buy("big", "60000.05", "0.005")).orElseThrow();
    assertFill(first, "big", "60000.01", "0.003");
    assertEquals(false, first.completes());
    assertEquals(0, d("0.002").compareTo(book.get("big").orElseThrow().remaining()), "the rest rests at its limit");
    assertTrue(book.arrive(buy("next", "60000.05", "0.001")).isEmpty(), "the touch's size is used up");
    // a tick showing the touch again fills the resting ones at their limits, oldest first, up to its size
    List<PaperBook.Match> fills = book.onQuote(tick("ask", "60000.01", "0.0025"));
    assertEquals(2, fills.size());
    assertFill(fills.get(0), "big", "60000.05", "0.002");
    assertEquals(2, fills.get(0).order().fills(), "its second fill");
    assertTrue(fills.get(0).completes());
    assertFill(fills.get(1), "next", "60000.05", "0.0005");
    assertEquals(false, fills.get(1).completes());
    // a maker's fill leaves the touch's size for takers, as at the venue
    assertFill(book.arrive(buy("taker", "60000.01", "0.001")).orElseThrow(), "taker", "60000.01", "0.001");
  }

  @Test
  void aTickFillsTheBestLimitFirstThenTheOldestUpToItsSize() {
    PaperBook book = quietBook();
    book.arrive(buy("old", "59990", "0.002"));
    book.arrive(buy("young", "59990", "0.002"));
    book.arrive(buy("best", "59995", "0.002"));
    List<PaperBook.Match> fills = book.onQuote(tick("ask", "59990", "0.005"));
    assertEquals(3, fills.size());
    assertFill(fills.get(0), "best", "59995", "0.002");
    assertFill(fills.get(1), "old", "59990", "0.002");
    assertFill(fills.get(2), "young", "59990", "0.001");
    assertEquals(0, d("0.001").compareTo(book.get("young").orElseThrow().remaining()));
  }

  @Test
  void aTradeFillsBuysFirstAndSellsWithWhatIsLeft() {
    PaperBook book = quietBook();
    book.arrive(buy("b", "60000", "0.002"));
    book.arrive(sell("s", "60000", "0.002"));
    List<PaperBook.Match> fills = book.onQuote(tick("trade", "60000", "0.003"));
    assertEquals(2, fills.size());
    assertFill(fills.get(0), "b", "60000", "0.002");
    assertFill(fills.get(1), "s", "60000", "0.001");
  }

  @Test
  void aTouchWhoseSizePaperHasNotSeenIsTakenAsDeepEnough() {
    PaperBook book = btcBook();
    book.startup(d("59999.99"), d("60000.01"));
    assertFill(book.arrive(buy("whole", "60000.01", "7")).orElseThrow(), "whole", "60000.01", "7");
    book.onQuote(tick("ask", "60000.01", "0.001"));
    // a quote whose ask moved with no tick showing it: its size is unknown again
    book.onQuote(new Quote(Markets.BTC, 2L, null, null, d("60000.02"), List.of()));
    assertFill(book.arrive(buy("again", "60000.02", "3")).orElseThrow(), "again", "60000.02", "3");
    // a size tick alone shows the touch's size
    book.onQuote(new Quote(Markets.BTC, 3L, null, null, null, List.of(new Tick("asize", null, d("0.5")))));
    assertFill(book.arrive(buy("sized", "60000.02", "3")).orElseThrow(), "sized", "60000.02", "0.5");
  }

  @Test
  void aModifiedOrderRestsOnlyAtItsNewPriceKeepsWhatFilledAndARemovedOneNeverFills() {
    PaperBook book = quietBook();
    book.arrive(buy("m", "59900", "0.002"));
    book.onQuote(tick("trade", "59900", "0.001"));
    PaperBook.Resting partly = book.remove("m").orElseThrow();
    book.arrive(new PaperBook.Resting("m", partly.reqid(), partly.account(), OrderAction.BUY, d("59800"), d("0.002"),
        partly.filled(), partly.fills()));
    book.arrive(buy("gone", "59950", "0.001"));
    assertTrue(book.remove("gone").isPresent());
    assertTrue(book.onQuote(tick("ask", "59850", "1")).isEmpty());
    List<PaperBook.Match> fills = book.onQuote(tick("ask", "59800", "1"));
    assertFill(fills.get(0), "m", "59800", "0.001");
    assertTrue(fills.get(0).completes());
    assertEquals(2, fills.get(0).order().fills());
    assertEquals(Optional.empty(), book.get("m"));
  }
}
