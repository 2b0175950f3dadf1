package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import piker.contracts.market.Bar;
import piker.contracts.market.Quote;
import piker.contracts.market.Scale;
import piker.contracts.market.TickKind;
import piker.contracts.names.Fqme;

class ViewsTest {
  @Test
  void barsAreATableWithAHeaderAndIsoTimes() {
    List<Bar> bars = List.of(
        new Bar(1764290400L, new BigDecimal("60000.5"), new BigDecimal("60010"), new BigDecimal("59990.25"),
            new BigDecimal("60001"), new BigDecimal("1.25")),
        new Bar(1764290460L, new BigDecimal("60001"), new BigDecimal("60002"), new BigDecimal("60000"),
            new BigDecimal("60000"), new BigDecimal("0")));
    assertEquals(List.of(
        "time                     open   high       low  close  volume",
        "2025-11-28T00:40:00Z  60000.5  60010  59990.25  60001    1.25",
        "2025-11-28T00:41:00Z    60001  60002     60000  60000       0"), Views.barsText(bars));
  }

  /** A quote prints its exact values in the market's scale: the tick's and the lot's decimals, never an exponent. */
  @Test
  @SuppressWarnings("unchecked")
  void aQuoteShowsItsValuesInTheMarketsScale() {
    Quote quote = new Quote.Builder(Fqme.parse("btcusdt.spot.sim"), Scale.of(2), Scale.of(5))
        .tick(TickKind.TRADE, 6_000_010, 50_000).tick(TickKind.ASIZE, Scale.NONE, 1)
        .build(7L, 6_000_010, Scale.NONE, 6_000_020);
    assertEquals("btcusdt.spot.sim last=60000.10 bid=- ask=60000.20 trade 60000.10x0.50000 asize -x0.00001",
        Views.quoteText(quote));
    Map<String, Object> view = Views.quote(quote);
    assertEquals(List.of("fqme", "time_ns", "last", "ask", "ticks"), List.copyOf(view.keySet()), "no bid: unknown");
    assertEquals(new BigDecimal("60000.20"), view.get("ask"));
    assertEquals("0.00001", ((BigDecimal) ((List<Map<String, Object>>) view.get("ticks")).get(1).get("size"))
        .toPlainString());
  }
}
