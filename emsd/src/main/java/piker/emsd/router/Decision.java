package piker.emsd.router;

import java.util.List;
import piker.emsd.orders.OrderEvent;

/**
 * The router's answer to one input: the events to journal (already applied to its view) and the effects
 * to run, in order, once the journal holds those events.
 */
public record Decision(List<OrderEvent> events, List<Effect> effects) {
  public Decision {
    events = List.copyOf(events);
    effects = List.copyOf(effects);
  }

  public boolean isEmpty() {
    return events.isEmpty() && effects.isEmpty();
  }
}
