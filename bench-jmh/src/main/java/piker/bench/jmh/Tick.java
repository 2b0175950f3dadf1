package piker.bench.jmh;

import java.math.BigDecimal;
import piker.emsd.dark.TickKind;

/** One market tick a benchmark feeds to a trigger book. */
record Tick(TickKind kind, BigDecimal price) {

  static Tick of(TickKind kind, String price) {
    return new Tick(kind, new BigDecimal(price));
  }
}
