package piker.contracts.orders;

import java.util.Optional;

/** A clearing daemon's word on one of its orders ({@code ClearingProtocol.OrderStatus}): open, closed or canceled. */
public enum VenueOrderStatus {
  OPEN("open"),
  CLOSED("closed"),
  CANCELED("canceled");

  private final String wire;

  VenueOrderStatus(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public boolean done() {
    return this != OPEN;
  }

  public static Optional<VenueOrderStatus> parse(String word) {
    for (VenueOrderStatus status : values()) {
      if (status.wire.equals(word)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
