package piker.paperboi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.contracts.testkit.Markets;

class PaperBookTest {
  private static BigDecimal d(String text) {
    return new BigDecimal(text);
  }

  private static PaperBook.Resting buy(String oid, String price) {
    return new PaperBook.Resting(oid, "paper-" + oid, "sim.paper", true, d(price), d("0.001"));
  }

  private static PaperBook.Resting sell(String oid, String price) {
    return new PaperBook.Resting(oid, "paper-" + oid, "sim.paper", false, d(price), d("0.001"));
  }

  @Test
  void aBuyIsMarketableAtTheAskWhenTheAskIsAtOrBelowItsPrice() {
    PaperBook book = new PaperBook();
    book.mark(d("59999.99"), d("60000.01"));
    assertEquals(d("60000.01"), book.marketable(true, d("60000.01")).orElseThrow());
    assertEquals(d("60000.01"), book.marketable(true, d("60100")).orElseThrow());
    assertTrue(book.marketable(true, d("60000.00")).isEmpty());
    assertEquals(d("59999.99"), book.marketable(false, d("59999.99")).orElseThrow());
    assertTrue(book.marketable(false, d("60000")).isEmpty());
  }

  @Test
  void restingBuysFillOnTheFirstAskOrTradeAtOrBelowThemAtTheTicksPrice() {
    PaperBook book = new PaperBook();
    book.rest(buy("a", "59990"));
    book.rest(buy("b", "59980"));
    assertTrue(book.onQuote(Markets.tick("ask", "59995")).isEmpty());
    assertTrue(book.onQuote(Markets.tick("bid", "59970")).isEmpty(), "bids never fill buys");
    List<PaperBook.Match> first = book.onQuote(Markets.tick("ask", "59985"));
    assertEquals(1, first.size());
    assertEquals("a", first.get(0).order().oid());
    assertEquals(d("59985"), first.get(0).price());
    List<PaperBook.Match> second = book.onQuote(Markets.tick("trade", "59980"));
    assertEquals("b", second.get(0).order().oid());
    assertEquals(d("59980"), second.get(0).price());
    assertTrue(book.isEmpty());
  }

  @Test
  void restingSellsMirrorWithBidsAndTrades() {
    PaperBook book = new PaperBook();
    book.rest(sell("s1", "60010"));
    book.rest(sell("s2", "60020"));
    assertTrue(book.onQuote(Markets.tick("ask", "60050")).isEmpty(), "asks never fill sells");
    List<PaperBook.Match> both = book.onQuote(Markets.tick("bid", "60020.5"));
    assertEquals(List.of("s1", "s2"), both.stream().map(m -> m.order().oid()).toList());
    assertTrue(both.stream().allMatch(m -> m.price().equals(d("60020.5"))));
  }

  @Test
  void aModifiedOrderRestsOnlyAtItsNewPriceAndARemovedOneNeverFills() {
    PaperBook book = new PaperBook();
    book.rest(buy("m", "59900"));
    book.rest(buy("m", "59800"));
    book.rest(buy("gone", "59950"));
    assertTrue(book.remove("gone").isPresent());
    assertTrue(book.onQuote(Markets.tick("ask", "59850")).isEmpty());
    assertEquals("m", book.onQuote(Markets.tick("ask", "59800")).get(0).order().oid());
  }
}
