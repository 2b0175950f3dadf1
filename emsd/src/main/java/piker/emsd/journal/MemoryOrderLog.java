package piker.emsd.journal;

import java.util.List;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;

/** The journal in memory: the state its events build, and nothing on disk. */
final class MemoryOrderLog implements OrderLog {
  private final OrderState state = new OrderState();

  @Override
  public OrderState recovered() {
    return state.copy();
  }

  @Override
  public void append(List<OrderEvent> events) {
    state.applyAll(events);
  }

  @Override
  public void close() {}
}
