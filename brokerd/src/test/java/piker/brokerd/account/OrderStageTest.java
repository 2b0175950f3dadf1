package piker.brokerd.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The live order's transition table, and what an order does with a move the table does not allow. */
class OrderStageTest {

  @Test
  void theTableListsEveryLegalMove() {
    assertEquals(Set.of(OrderStage.PLACING, OrderStage.IN_DOUBT, OrderStage.OPEN, OrderStage.PARTIALLY_FILLED,
        OrderStage.FILLED, OrderStage.DONE), OrderStage.UNPLACED.next());
    assertEquals(Set.of(OrderStage.UNPLACED, OrderStage.IN_DOUBT, OrderStage.OPEN, OrderStage.PARTIALLY_FILLED,
        OrderStage.FILLED, OrderStage.DONE), OrderStage.PLACING.next());
    assertEquals(Set.of(OrderStage.UNPLACED, OrderStage.OPEN, OrderStage.PARTIALLY_FILLED, OrderStage.FILLED,
        OrderStage.DONE), OrderStage.IN_DOUBT.next());
    assertEquals(Set.of(OrderStage.UNPLACED, OrderStage.IN_DOUBT, OrderStage.OPEN, OrderStage.PARTIALLY_FILLED,
        OrderStage.FILLED, OrderStage.DONE), OrderStage.REPLACE_IN_DOUBT.next());
    assertEquals(Set.of(OrderStage.PARTIALLY_FILLED, OrderStage.CANCEL_PENDING, OrderStage.REPLACING,
        OrderStage.FILLED, OrderStage.DONE), OrderStage.OPEN.next());
    assertEquals(Set.of(OrderStage.CANCEL_PENDING, OrderStage.REPLACING, OrderStage.FILLED, OrderStage.DONE),
        OrderStage.PARTIALLY_FILLED.next());
    assertEquals(Set.of(OrderStage.IN_DOUBT, OrderStage.FILLED, OrderStage.DONE), OrderStage.CANCEL_PENDING.next());
    assertEquals(Set.of(OrderStage.CANCEL_PENDING, OrderStage.REPLACE_IN_DOUBT, OrderStage.UNPLACED),
        OrderStage.REPLACING.next());
    assertEquals(Set.of(OrderStage.DONE), OrderStage.FILLED.next());
    assertEquals(Set.of(), OrderStage.DONE.next());
  }

  @Test
  void stayingPutIsAlwaysAllowedAndNothingLeavesDone() {
    for (OrderStage stage : OrderStage.values()) {
      assertTrue(stage.allows(stage), stage.toString());
      assertFalse(OrderStage.DONE.allows(stage) && stage != OrderStage.DONE, stage.toString());
    }
  }

  @Test
  void nothingIsPlacedAgainOnceTheVenueCouldHoldItWithoutALookupSayingItDoesNot() {
    // only UNPLACED leads to PLACING: an order in doubt, live or canceling goes back to UNPLACED first,
    // which only a lookup ("not found" for long enough) or a finished modify's cancel decides
    EnumSet<OrderStage> toPlacing = EnumSet.noneOf(OrderStage.class);
    for (OrderStage stage : OrderStage.values()) {
      if (stage != OrderStage.PLACING && stage.allows(OrderStage.PLACING)) {
        toPlacing.add(stage);
      }
    }
    assertEquals(EnumSet.of(OrderStage.UNPLACED), toPlacing);
    assertFalse(OrderStage.OPEN.allows(OrderStage.UNPLACED), "a live order is never judged never placed");
    assertFalse(OrderStage.CANCEL_PENDING.allows(OrderStage.UNPLACED), "a cancel's loss is looked up, not guessed");
  }

  @Test
  void theStagesGroupAsTheOrderLogicAsksThem() {
    assertEquals(EnumSet.of(OrderStage.OPEN, OrderStage.PARTIALLY_FILLED), matching(OrderStage::live));
    assertEquals(EnumSet.of(OrderStage.FILLED, OrderStage.DONE), matching(OrderStage::ended));
    assertEquals(EnumSet.of(OrderStage.IN_DOUBT, OrderStage.REPLACE_IN_DOUBT), matching(OrderStage::inDoubt));
    assertEquals(EnumSet.of(OrderStage.CANCEL_PENDING, OrderStage.REPLACING), matching(OrderStage::canceling));
  }

  private static EnumSet<OrderStage> matching(java.util.function.Predicate<OrderStage> test) {
    EnumSet<OrderStage> found = EnumSet.noneOf(OrderStage.class);
    for (OrderStage stage : OrderStage.values()) {
      if (test.test(stage)) {
        found.add(stage);
      }
    }
    return found;
  }

  @Test
  void anIllegalMoveIsReportedWithTheOrderAndTheVenuesWordStillHolds() {
    List<String> reported = new ArrayList<>();
    LiveOrder order = new LiveOrder("o-1", (which, from, to) -> reported.add(which.oid + " " + from + " -> " + to
        + ": " + which));
    order.moveTo(OrderStage.PLACING);
    order.moveTo(OrderStage.DONE);
    assertEquals(List.of(), reported, "legal moves are not reported");
    order.moveTo(OrderStage.OPEN);
    assertEquals(1, reported.size(), reported.toString());
    assertTrue(reported.get(0).startsWith("o-1 DONE -> OPEN: order o-1 (DONE"), reported.get(0));
    assertEquals(OrderStage.OPEN, order.stage(), "the order follows the venue; the report makes it loud");
  }
}
