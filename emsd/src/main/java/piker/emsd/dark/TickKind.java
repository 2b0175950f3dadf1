package piker.emsd.dark;

import java.util.Optional;

/** The tick types that can fire a dark trigger; size-only ticks never carry a price worth firing on. */
public enum TickKind {
  TRADE, BID, ASK;

  /** Maps a feed tick type; anything else (bsize, asize, ...) is empty and fires nothing. */
  public static Optional<TickKind> of(String type) {
    if (type == null) {
      return Optional.empty();
    }
    return switch (type) {
      case "trade" -> Optional.of(TRADE);
      case "bid" -> Optional.of(BID);
      case "ask" -> Optional.of(ASK);
      default -> Optional.empty();
    };
  }
}
