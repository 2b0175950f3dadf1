package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.contracts.market.Bar;

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
}
