package piker.emsd.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.OrderResp;

class OrderLifeTest {
  private static Dialog dialog(String oid, OrderAction action, boolean dark) {
    return new Dialog(oid, "sim.paper", action, "btcusdt.spot.sim", new BigDecimal("60000.10"),
        new BigDecimal("0.003"), dark, false, dark ? OrderResp.DARK_OPEN : OrderResp.PENDING, BigDecimal.ZERO, null,
        null, false, false, List.of(), 1L);
  }

  @Test
  void aLiveOrderGoesPendingOpenFillClosed() {
    assertEquals(Optional.of(OrderResp.OPEN), OrderLife.next(OrderResp.PENDING, OrderLife.Step.OPENED));
    assertEquals(Optional.of(OrderResp.FILL), OrderLife.next(OrderResp.OPEN, OrderLife.Step.FILLED));
    assertEquals(Optional.of(OrderResp.CLOSED), OrderLife.next(OrderResp.FILL, OrderLife.Step.ENDED_CLOSED));
    assertEquals(Optional.of(OrderResp.PENDING), OrderLife.next(OrderResp.PENDING, OrderLife.Step.ACKED));
  }

  @Test
  void aDarkOrderFiresOrEndsButIsNeverOpenedOrFilledWhileDark() {
    assertEquals(Optional.of(OrderResp.TRIGGERED), OrderLife.next(OrderResp.DARK_OPEN, OrderLife.Step.TRIGGERED));
    assertEquals(Optional.of(OrderResp.OPEN), OrderLife.next(OrderResp.TRIGGERED, OrderLife.Step.OPENED));
    assertEquals(Optional.empty(), OrderLife.next(OrderResp.DARK_OPEN, OrderLife.Step.OPENED));
    assertEquals(Optional.empty(), OrderLife.next(OrderResp.DARK_OPEN, OrderLife.Step.FILLED));
    assertEquals(Optional.empty(), OrderLife.next(OrderResp.OPEN, OrderLife.Step.TRIGGERED));
    assertEquals(Optional.empty(), OrderLife.next(OrderResp.PENDING, OrderLife.Step.ENDED_ALERTED));
  }

  @Test
  void theStatesAnOrderEndsInHaveNoWayOn() {
    for (OrderResp end : List.of(OrderResp.CLOSED, OrderResp.CANCELED, OrderResp.ERROR)) {
      for (OrderLife.Step step : OrderLife.Step.values()) {
        assertEquals(Optional.empty(), OrderLife.next(end, step), end + " on " + step);
      }
    }
  }

  @Test
  void anIllegalTransitionLeavesTheOrderAsItWas() {
    Dialog dark = dialog("d", OrderAction.BUY, true);
    OrderState state = new OrderState().apply(new OrderEvent.Accepted(dark))
        .apply(new OrderEvent.Filled("d", "t1", BigDecimal.ONE, BigDecimal.ONE))
        .apply(new OrderEvent.Accepted(dialog("d", OrderAction.SELL, false)));
    assertEquals(dark, state.get("d").orElseThrow());
  }

  @Test
  void theTableSetsTheStatusEachEventLeaves() {
    OrderState state = new OrderState().applyAll(List.of(new OrderEvent.Accepted(dialog("a", OrderAction.BUY, true)),
        new OrderEvent.Triggered("a", new BigDecimal("60000.15"))));
    assertEquals(OrderResp.TRIGGERED, state.get("a").orElseThrow().resp());
    state.apply(new OrderEvent.Filled("a", "t1", BigDecimal.ONE, new BigDecimal("0.001")));
    assertEquals(OrderResp.FILL, state.get("a").orElseThrow().resp());
    state.apply(new OrderEvent.Opened("a", true));
    assertEquals(OrderResp.OPEN, state.get("a").orElseThrow().resp());
    state.apply(new OrderEvent.Ended("a", OrderResp.CANCELED, "on request"));
    assertTrue(state.get("a").isEmpty() && state.wasDone("a"));
  }
}
