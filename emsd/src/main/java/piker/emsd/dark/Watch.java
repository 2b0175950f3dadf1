package piker.emsd.dark;

import piker.contracts.market.TickKind;

/**
 * Which side of the market a trigger listens to. A buy fills against the ask, a sell against the bid,
 * and both also react to prints; an alert is about what actually traded, so prints only. Size-only
 * ticks (bsize, asize) carry no price and are watched by none.
 */
public enum Watch {
  BUY, SELL, ALERT;

  public boolean watches(TickKind kind) {
    return switch (this) {
      case BUY -> kind == TickKind.ASK || kind == TickKind.TRADE;
      case SELL -> kind == TickKind.BID || kind == TickKind.TRADE;
      case ALERT -> kind == TickKind.TRADE;
    };
  }
}
