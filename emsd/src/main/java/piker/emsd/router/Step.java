package piker.emsd.router;

import java.util.ArrayList;
import java.util.List;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;

/** One input's decision as it is made: each event applies to the view at once (the next check sees it). */
final class Step {
  private final OrderState state;
  private final List<OrderEvent> events = new ArrayList<>();
  private final List<Effect> effects = new ArrayList<>();

  Step(OrderState state) {
    this.state = state;
  }

  void commit(OrderEvent event) {
    state.apply(event);
    events.add(event);
  }

  void effect(Effect effect) {
    effects.add(effect);
  }

  Decision decision() {
    return new Decision(events, effects);
  }
}
