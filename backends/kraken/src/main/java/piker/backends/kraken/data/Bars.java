package piker.backends.kraken.data;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import piker.contracts.market.Bar;

/** Bar lists as piker keeps them: one per period, oldest first, a period without trades flat at the last close. */
final class Bars {
  private Bars() {}

  /** {@code bars} (oldest first, aligned) with every missing period between two of them filled flat. */
  static List<Bar> filled(List<Bar> bars, int periodSeconds) {
    List<Bar> out = new ArrayList<>(bars.size());
    for (Bar bar : bars) {
      if (!out.isEmpty()) {
        Bar previous = out.get(out.size() - 1);
        for (long t = previous.time() + periodSeconds; t < bar.time(); t += periodSeconds) {
          out.add(flat(t, previous.close()));
        }
      }
      out.add(bar);
    }
    return out;
  }

  static Bar flat(long time, BigDecimal close) {
    return new Bar(time, close, close, close, close, BigDecimal.ZERO);
  }
}
