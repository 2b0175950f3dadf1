package piker.contracts.market;

import java.math.BigDecimal;
import java.util.List;
import piker.contracts.names.Fqme;

/**
 * A market update: the ticks that happened since the previous quote, plus the latest last/bid/ask.
 *
 * @param fqme   the market
 * @param timeNs venue time of the newest tick, epoch nanoseconds
 * @param last   last trade price, null when unknown
 * @param bid    best bid, null when unknown
 * @param ask    best ask, null when unknown
 * @param ticks  the ticks in venue order
 */
public record Quote(Fqme fqme, long timeNs, BigDecimal last, BigDecimal bid, BigDecimal ask, List<Tick> ticks) {
  public Quote {
    ticks = ticks == null ? List.of() : List.copyOf(ticks);
  }
}
