package piker.contracts.orders;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * What an order does: buy, sell, or alert (a dark trigger that only notifies). Inside the JVM orders carry
 * this; the lower-case word is its form at the JSON and CLI edge ({@link #wire()}, {@link #parse}).
 */
public enum OrderAction {
  BUY("buy"),
  SELL("sell"),
  ALERT("alert");

  private final String wire;

  OrderAction(String wire) {
    this.wire = wire;
  }

  /** The word clients and files use. */
  @JsonValue
  public String wire() {
    return wire;
  }

  /** The action a client's word names; empty for anything else (the caller says what was wrong). */
  public static Optional<OrderAction> parse(String word) {
    return Words.find(values(), OrderAction::wire, word);
  }

  /** The word as JSON reads it: anything else is refused with an IllegalArgumentException. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static OrderAction of(String word) {
    return Words.require(values(), OrderAction::wire, word, "an order action");
  }

  /** True for the actions a venue clears; an alert only notifies. */
  public boolean trades() {
    return this != ALERT;
  }

  /** +1 for a buy, -1 for a sell (position arithmetic); an alert has no side. */
  public int sign() {
    return switch (this) {
      case BUY -> 1;
      case SELL -> -1;
      case ALERT -> throw new IllegalStateException("an alert has no side");
    };
  }
}
