package piker.paperboi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import piker.contracts.market.Quote;
import piker.contracts.market.Tick;
import piker.contracts.names.AccountName;
import piker.contracts.orders.OrderAction;
import piker.contracts.testkit.Markets;

class ScaledPaperBookTest extends PaperBookContract {

  @Override
  protected PaperBook newBook() {
    return new ScaledPaperBook();
  }

  @Test
  void aTickOffTheMarketsScaleMovesNothing() {
    PaperBook book = quietBook();
    book.arrive(buy("b", "59990", "0.001"));
    assertTrue(book.onQuote(tick("ask", "59980.001", "1")).isEmpty(), "a price finer than the tick");
    assertTrue(book.onQuote(tick("trade", "59980", "0.0000001")).isEmpty(), "a size finer than the lot");
    assertFill(book.onQuote(tick("ask", "59980", "1")).get(0), "b", "59990", "0.001");
  }

  /** The scaled book must match as the decimal one does under a long random mix of orders and ticks. */
  @ParameterizedTest
  @ValueSource(longs = {1L, 18L, 20240611L})
  void matchesTheReferenceBook(long seed) {
    Random random = new Random(seed);
    PaperBook scaled = newBook();
    PaperBook reference = new ReferencePaperBook();
    BigDecimal bid = price(random);
    BigDecimal ask = price(random);
    for (PaperBook book : List.of(scaled, reference)) {
      book.market(Markets.BTC_MKT);
      book.startup(bid, ask);
    }
    int fills = 0;
    for (int op = 0; op < 10_000; op++) {
      int roll = random.nextInt(100);
      if (roll < 35) {
        PaperBook.Resting order = new PaperBook.Resting("o" + random.nextInt(60), "r", AccountName.parse("sim.paper"),
            random.nextBoolean() ? OrderAction.BUY : OrderAction.SELL, price(random), size(random), BigDecimal.ZERO, 0);
        assertSameMatches(reference.arrive(order).stream().toList(), scaled.arrive(order).stream().toList(), op);
      } else if (roll < 45) {
        String oid = "o" + random.nextInt(60);
        assertEquals(reference.remove(oid), scaled.remove(oid), "remove at op " + op);
      } else {
        Quote quote = quote(random);
        List<PaperBook.Match> expected = reference.onQuote(quote);
        assertSameMatches(expected, scaled.onQuote(quote), op);
        fills += expected.size();
      }
      assertEquals(List.copyOf(reference.resting()).size(), scaled.resting().size(), "resting at op " + op);
    }
    assertTrue(fills > 1_000, "fills " + fills);
  }

  private static void assertSameMatches(List<PaperBook.Match> expected, List<PaperBook.Match> actual, int op) {
    assertEquals(expected.size(), actual.size(), "matches at op " + op);
    for (int i = 0; i < expected.size(); i++) {
      PaperBook.Match want = expected.get(i);
      PaperBook.Match got = actual.get(i);
      String where = "match " + i + " at op " + op;
      assertEquals(want.order().oid(), got.order().oid(), where);
      assertEquals(0, want.price().compareTo(got.price()), where + ": " + want.price() + " vs " + got.price());
      assertEquals(0, want.size().compareTo(got.size()), where + ": " + want.size() + " vs " + got.size());
      assertEquals(0, want.order().filled().compareTo(got.order().filled()), where);
      assertEquals(want.order().fills(), got.order().fills(), where);
    }
  }

  private static Quote quote(Random random) {
    String[] kinds = {"bid", "ask", "trade", "bsize", "asize", "other"};
    String kind = kinds[random.nextInt(kinds.length)];
    BigDecimal price = kind.endsWith("size") ? null : price(random);
    BigDecimal size = random.nextInt(5) == 0 ? null : size(random);
    BigDecimal bid = random.nextInt(4) == 0 ? price(random) : null;
    BigDecimal ask = random.nextInt(4) == 0 ? price(random) : null;
    return new Quote(Markets.BTC, 1L, null, bid, ask, List.of(new Tick(kind, price, size)));
  }

  /** A price on a narrow grid around 100, written at random trailing zeros. */
  private static BigDecimal price(Random random) {
    return BigDecimal.valueOf(9_990 + random.nextInt(20), 2).setScale(2 + random.nextInt(2));
  }

  private static BigDecimal size(Random random) {
    return BigDecimal.valueOf(1 + random.nextInt(400), 5);
  }
}
