package piker.emsd.dark;

/**
 * Which side of the market a trigger listens to. A buy fills against the ask, a sell against the bid,
 * and both also react to prints; an alert is about what actually traded, so prints only.
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
