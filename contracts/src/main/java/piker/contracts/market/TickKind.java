package piker.contracts.market;

/**
 * What a tick reports. Inside the JVM a tick's kind is this enum; its lower-case wire name
 * ({@code trade}, {@code bid}, ...) appears only at the JSON and CLI edges.
 */
public enum TickKind {
  /** A trade at a price, of a size. */
  TRADE("trade"),
  /** The best bid moved (price and the size there). */
  BID("bid"),
  /** The best ask moved (price and the size there). */
  ASK("ask"),
  /** The size at an unchanged best bid. */
  BSIZE("bsize"),
  /** The size at an unchanged best ask. */
  ASIZE("asize");

  private static final TickKind[] BY_ORDINAL = values();

  private final String wire;

  TickKind(String wire) {
    this.wire = wire;
  }

  /** The kind's name in quotes, JSON and CLI output. */
  public String wire() {
    return wire;
  }

  /** Whether a tick of this kind carries a price (size-only ticks do not). */
  public boolean pricing() {
    return this == TRADE || this == BID || this == ASK;
  }

  /** The kind a wire name names, or null for a name this project does not know. */
  public static TickKind parse(String wire) {
    if (wire == null) {
      return null;
    }
    return switch (wire) {
      case "trade" -> TRADE;
      case "bid" -> BID;
      case "ask" -> ASK;
      case "bsize" -> BSIZE;
      case "asize" -> ASIZE;
      default -> null;
    };
  }

  /** The kind at {@code ordinal}, for packed (primitive) tick storage. */
  public static TickKind ofOrdinal(int ordinal) {
    return BY_ORDINAL[ordinal];
  }
}
