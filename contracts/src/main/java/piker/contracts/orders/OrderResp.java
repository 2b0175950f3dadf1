package piker.contracts.orders;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * The steps of an order's dialog as clients see them (cli.md's {@code resp}). Inside the JVM statuses carry
 * this; the lower-case word is its form at the JSON and CLI edge.
 */
public enum OrderResp {
  PENDING("pending"),
  OPEN("open"),
  DARK_OPEN("dark_open"),
  TRIGGERED("triggered"),
  FILL("fill"),
  CLOSED("closed"),
  CANCELED("canceled"),
  ERROR("error");

  private final String wire;

  OrderResp(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  /** True for the statuses after which the order is done. */
  public boolean terminal() {
    return this == CLOSED || this == CANCELED || this == ERROR;
  }

  public static Optional<OrderResp> parse(String word) {
    return Words.find(values(), OrderResp::wire, word);
  }

  /** The word as JSON reads it: anything else is refused with an IllegalArgumentException. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static OrderResp of(String word) {
    return Words.require(values(), OrderResp::wire, word, "an order status");
  }
}
