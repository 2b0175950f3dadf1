package piker.contracts.orders;

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

  public String wire() {
    return wire;
  }

  /** True for the statuses after which the order is done. */
  public boolean terminal() {
    return this == CLOSED || this == CANCELED || this == ERROR;
  }

  public static Optional<OrderResp> parse(String word) {
    for (OrderResp resp : values()) {
      if (resp.wire.equals(word)) {
        return Optional.of(resp);
      }
    }
    return Optional.empty();
  }
}
