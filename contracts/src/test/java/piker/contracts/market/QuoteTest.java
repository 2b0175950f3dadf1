package piker.contracts.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.contracts.names.Fqme;

class QuoteTest {
  private static final Fqme BTC = Fqme.parse("btcusdt.spot.sim");
  private static final Scale CENTS = Scale.of(2);
  private static final Scale LOTS = Scale.of(5);

  private static BigDecimal d(String text) {
    return new BigDecimal(text);
  }

  @Test
  void decimalsPackIntoUnitsAndComeBackExact() {
    Quote quote = Quote.of(BTC, 7L, CENTS, LOTS, d("60000.1"), d("60000.00"), null,
        List.of(new Tick("trade", d("60000.1"), d("0.3")), new Tick("asize", null, d("1.25"))));
    assertEquals(6_000_010L, quote.lastUnits());
    assertEquals(6_000_000L, quote.bidUnits());
    assertEquals(Scale.NONE, quote.askUnits());
    assertEquals(2, quote.tickCount());
    assertEquals(TickKind.TRADE, quote.tickKind(0));
    assertEquals(6_000_010L, quote.tickPrice(0));
    assertEquals(30_000L, quote.tickSize(0));
    assertEquals(TickKind.ASIZE, quote.tickKind(1));
    assertEquals(Scale.NONE, quote.tickPrice(1));
    // the compatibility accessors give the values in the market's scale: equal, with its decimals
    assertEquals("60000.10", quote.last().toPlainString());
    assertEquals("60000.00", quote.bid().toPlainString());
    assertNull(quote.ask());
    assertEquals(List.of(new Tick("trade", d("60000.10"), d("0.30000")), new Tick("asize", null, d("1.25000"))),
        quote.ticks());
  }

  @Test
  void aValueOffTheScaleIsRefusedNeverRounded() {
    assertThrows(ArithmeticException.class,
        () -> Quote.of(BTC, 1L, CENTS, LOTS, d("60000.001"), null, null, List.of()));
    assertThrows(ArithmeticException.class, () -> Quote.of(BTC, 1L, CENTS, LOTS, null, null, null,
        List.of(new Tick("trade", d("60000.01"), d("0.000001")))));
    assertThrows(IllegalArgumentException.class, () -> Quote.of(BTC, 1L, CENTS, LOTS, null, null, null,
        List.of(new Tick("spread", d("1"), d("1")))));
  }

  @Test
  void theCompatibilityConstructorKeepsEachValueAsGiven() {
    Quote quote = new Quote(BTC, 1L, d("58999"), null, d("59000.5"), List.of(new Tick("ask", d("59000.5"), d("3"))));
    assertEquals(Scale.of(1), quote.priceScale());
    assertEquals(Scale.of(0), quote.sizeScale());
    assertEquals(0, quote.last().compareTo(d("58999")));
    assertEquals("59000.5", quote.ask().toPlainString());
    assertEquals("3", quote.ticks().get(0).size().toPlainString());
    assertEquals(quote, new Quote(BTC, 1L, d("58999"), null, d("59000.5"),
        List.of(new Tick("ask", d("59000.5"), d("3")), new Tick("other", d("1"), d("1")))),
        "a tick of no known kind cannot be carried: left out");
  }

  @Test
  void aBuilderMakesOneQuotePerBatchOfTicks() {
    Quote.Builder builder = new Quote.Builder(BTC, CENTS, LOTS);
    for (int i = 0; i < 3; i++) { // past the builder's first array
      builder.tick(TickKind.BID, 100 + i, 5);
    }
    Quote first = builder.build(9L, Scale.NONE, 102, Scale.NONE);
    assertEquals(3, first.tickCount());
    assertEquals(102L, first.tickPrice(2));
    Quote second = builder.tick(TickKind.TRADE, 101, 1).build(10L, 101, 102, Scale.NONE);
    assertEquals(1, second.tickCount());
    assertEquals(3, first.tickCount(), "an earlier quote is not changed by the builder's reuse");
    assertEquals(0, builder.build(11L, 101, 102, 103).tickCount());
    assertEquals(BTC, second.fqme());
  }

  @Test
  void equalityIsByContent() {
    Quote.Builder builder = new Quote.Builder(BTC, CENTS, LOTS);
    Quote one = builder.tick(TickKind.TRADE, 1, 2).build(3L, 1, Scale.NONE, Scale.NONE);
    Quote same = builder.tick(TickKind.TRADE, 1, 2).build(3L, 1, Scale.NONE, Scale.NONE);
    Quote other = builder.tick(TickKind.TRADE, 1, 3).build(3L, 1, Scale.NONE, Scale.NONE);
    assertEquals(one, same);
    assertEquals(one.hashCode(), same.hashCode());
    assertNotEquals(one, other);
    assertNotEquals(one, Quote.of(BTC, 3L, Scale.of(3), LOTS, 1, Scale.NONE, Scale.NONE));
  }
}
