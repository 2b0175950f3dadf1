package piker.emsd.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.OrderResp;
import piker.contracts.testkit.WireRoundTrip;

class OrderStateTest {
  private static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static Dialog dialog(String oid, boolean dark) {
    return new Dialog(oid, "sim.paper", OrderAction.BUY, "btcusdt.spot.sim", new BigDecimal("60000.10"),
        new BigDecimal("0.003"), dark, false, dark ? OrderResp.DARK_OPEN : OrderResp.PENDING, BigDecimal.ZERO, null, null, false,
        false, List.of(), 1L);
  }

  @Test
  void replayingEventsRebuildsTheDialogsAndCountsEachTradeOnce() {
    OrderState state = new OrderState().applyAll(List.of(
        new OrderEvent.Accepted(dialog("a", false)),
        new OrderEvent.Acked("a", "r-a"),
        new OrderEvent.Opened("a", true),
        new OrderEvent.Filled("a", "t1", new BigDecimal("60000.05"), new BigDecimal("0.001")),
        new OrderEvent.Accepted(dialog("d", true)),
        new OrderEvent.Triggered("d", new BigDecimal("60000.15")),
        new OrderEvent.Accepted(dialog("gone", false)),
        new OrderEvent.Ended("gone", OrderResp.CANCELED, "canceled on request")));
    Dialog a = state.get("a").orElseThrow();
    assertEquals("r-a", a.reqid());
    assertEquals(0, new BigDecimal("0.001").compareTo(a.filled()));
    assertEquals(List.of("t1"), a.tids());
    Dialog d = state.get("d").orElseThrow();
    assertEquals(false, d.dark(), "a triggered dark order is live");
    assertEquals(new BigDecimal("60000.15"), d.submitPrice());
    assertTrue(state.get("gone").isEmpty());
    assertTrue(state.wasDone("gone"));
  }

  @Test
  void theStateRoundTripsAsASnapshot() {
    OrderState state = new OrderState().applyAll(List.of(new OrderEvent.Accepted(dialog("a", true)),
        new OrderEvent.Accepted(dialog("b", false)), new OrderEvent.Ended("b", OrderResp.CLOSED, null)));
    OrderState back = (OrderState) WireRoundTrip.roundTrip(kit.system(), state);
    assertEquals(state.activeDialogs(), back.activeDialogs());
    assertEquals(state.doneOids(), back.doneOids());
    assertEquals("60000.10", back.get("a").orElseThrow().price().toPlainString());
  }

  @Test
  void everyJournalEventRoundTrips() {
    for (OrderEvent event : List.of(new OrderEvent.Accepted(dialog("a", true)),
        new OrderEvent.Modified("a", new BigDecimal("1.5"), new BigDecimal("2"), true),
        new OrderEvent.Triggered("a", new BigDecimal("1.55")), new OrderEvent.Acked("a", "r"),
        new OrderEvent.Opened("a", false), new OrderEvent.Filled("a", "t", BigDecimal.ONE, BigDecimal.TEN),
        new OrderEvent.CancelRequested("a"), new OrderEvent.Ended("a", OrderResp.ERROR, "why"))) {
      WireRoundTrip.assertRoundTrips(kit.system(), event);
    }
  }

  @Test
  void theDoneMemoryIsBounded() {
    OrderState state = new OrderState();
    for (int i = 0; i < OrderState.DONE_MEMORY + 5; i++) {
      state.apply(new OrderEvent.Accepted(dialog("o" + i, false))).apply(new OrderEvent.Ended("o" + i, OrderResp.CLOSED, null));
    }
    assertEquals(OrderState.DONE_MEMORY, state.doneOids().size());
    assertTrue(!state.wasDone("o0") && state.wasDone("o" + (OrderState.DONE_MEMORY + 4)));
  }
}
