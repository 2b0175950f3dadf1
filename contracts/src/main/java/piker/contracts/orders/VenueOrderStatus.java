package piker.contracts.orders;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
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

  @JsonValue
  public String wire() {
    return wire;
  }

  public boolean done() {
    return this != OPEN;
  }

  public static Optional<VenueOrderStatus> parse(String word) {
    return Words.find(values(), VenueOrderStatus::wire, word);
  }

  /** The word as JSON reads it: anything else is refused with an IllegalArgumentException. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static VenueOrderStatus of(String word) {
    return Words.require(values(), VenueOrderStatus::wire, word, "a venue order status");
  }
}
