package piker.bench.jmh;

import java.math.BigDecimal;
import piker.contracts.market.TickKind;

/** One market tick a benchmark feeds to a trigger book: its price in the market's units (cents). */
record Tick(TickKind kind, long price) {

  static Tick of(TickKind kind, String price) {
    return new Tick(kind, MarketTriggers.SCALE.units(new BigDecimal(price)));
  }
}
