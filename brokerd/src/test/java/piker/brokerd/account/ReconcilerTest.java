package piker.brokerd.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piker.brokerd.account.OrderScript.buy;
import static piker.brokerd.account.OrderScript.d;
import static piker.brokerd.account.OrderScript.known;
import static piker.brokerd.account.OrderScript.trade;
import static piker.brokerd.account.OrderScript.venue;
import static piker.brokerd.account.OrderScript.wanted;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderRef;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * The reconciler without an actor or a venue: a snapshot of the venue and the orders emsd knows in, the
 * account's status, each order's events and the venue requests out (the restart, adoption, in-doubt and
 * mismatch cases BrokerdTest and AccountTraderInDoubtTest check against the sim venue).
 */
class ReconcilerTest {
  private static final Duration WINDOW = Duration.ofSeconds(20);
  private final OrderScript script = new OrderScript(WINDOW);
  private final LiveOrders orders = script.orders;

  @AfterEach
  void everyMoveIsInTheTable() {
    assertEquals(List.of(), script.illegal);
  }

  private static VenueSnapshot snapshot(List<OrderState> open, List<NormTrade> trades,
                                        Map<String, Optional<OrderState>> lookedUp) {
    return new VenueSnapshot(open, List.of(), trades, lookedUp);
  }

  /** A dialog start with what emsd's journal knows. */
  private Reconciler.Outcome open(List<ClearingProtocol.KnownOrder> known, VenueSnapshot snapshot) {
    orders.index().expect(known);
    return script.read(known, snapshot, null);
  }

  @Test
  void aRestartFindsItsOrdersByIdReplaysFillsMadeWhileDownAndAdoptsStrangers() {
    OrderState rest = venue("V-1", "rest-1", "149", "0.2", "0.05", OrderState.OPEN);
    OrderState stranger = venue("V-9", "manual-1", "151", "0.01", "0", OrderState.OPEN);
    Reconciler.Outcome outcome = open(List.of(known("rest-1", "V-1"), known("never-sent", null)),
        snapshot(List.of(rest, stranger), List.of(trade("T-1", "V-1", "rest-1", "0.05")),
            Map.of("never-sent", Optional.empty())));

    assertFalse(outcome.readAgain());
    assertEquals(new ClearingProtocol.AccountStatus("sim.main", null), outcome.events().get(0), "the account first");
    assertEquals(List.of("fill 0.05", "ack V-1", "open 0.05"), script.story("rest-1"));
    assertEquals(List.of("rest-1"), outcome.open().stream().map(ClearingProtocol.OrderStatus::oid).toList());
    assertEquals(List.of("adopted"), script.story("ext:V-9"));
    assertEquals(OrderStage.PARTIALLY_FILLED, script.order("rest-1").stage());
    // the journal's order the venue does not hold may have reached it: in doubt, looked up again, not placed
    assertEquals(List.of(new Effect.LookAgainLater("never-sent")), outcome.effects());
    assertEquals(OrderStage.IN_DOUBT, script.order("never-sent").stage());

    // emsd replays what it holds: the order found open is neither placed again nor replaced
    assertEquals(List.of(), script.when(out -> orders.submit(buy("rest-1", "V-1", "149", "0.2"), null, out)));
    assertEquals(List.of(), script.when(out -> orders.submit(buy("never-sent", null, "148", "0.1"), null, out)));
  }

  @Test
  void aJournaledOrderTheVenueDoesNotFindIsPlacedAgainOnlyAfterNotFoundHasLastedTheWindow() {
    Reconciler.Outcome outcome = open(List.of(known("sent-1", null)),
        snapshot(List.of(), List.of(), Map.of("sent-1", Optional.empty())));
    assertEquals(List.of(new Effect.LookAgainLater("sent-1")), outcome.effects());
    script.when(out -> orders.submit(buy("sent-1", null, "59000", "0.001"), null, out));

    script.nowNanos = WINDOW.minusMillis(1).toNanos();
    assertEquals(List.of(new Effect.LookUp("sent-1", OrderRef.byClientId("btcusdt.spot", "sent-1"))),
        script.when(out -> orders.lookAgain("sent-1", out)));
    assertEquals(List.of(new Effect.LookAgainLater("sent-1")),
        script.when(out -> orders.looked("sent-1", Optional.empty(), null, out)), "not yet: still in doubt");

    script.nowNanos = WINDOW.toNanos();
    assertEquals(List.of(new Effect.Place("sent-1", wanted("59000", "0.001"))),
        script.when(out -> orders.looked("sent-1", Optional.empty(), null, out)), "never placed: placed now");
  }

  @Test
  void aCancelOfAnOrderUnknownHereThatTheVenueDoesNotHoldEndsCanceledWithoutAPlacement() {
    // a cancel named an order this brokerd never knew: found nowhere, it is canceled, not placed
    script.when(out -> orders.cancel(new ClearingProtocol.CancelOrder("gone-1", null, "sim.main"), out));
    script.when(out -> orders.looked("gone-1", Optional.empty(), null, out));
    assertEquals(List.of("canceled 0"), script.story("gone-1"));
    assertEquals("canceled before it reached the venue",
        ((ClearingProtocol.OrderStatus) script.told.get(0)).reason());
  }

  @Test
  void anOrderWhoseClientIdTheVenueEchoesUnreadablyIsFoundByLookupAndNotAdoptedBesides() {
    OrderState resting = venue("V-7", "_unreadable", "59000", "0.001", "0", OrderState.OPEN);
    Reconciler.Outcome outcome = open(List.of(known("crashed-1", null)),
        snapshot(List.of(resting), List.of(), Map.of("crashed-1", Optional.of(resting))));
    assertEquals(List.of("crashed-1"), outcome.open().stream().map(ClearingProtocol.OrderStatus::oid).toList());
    assertTrue(outcome.events().stream().noneMatch(ClearingProtocol.Adopted.class::isInstance),
        outcome.events().toString());
  }

  @Test
  void aRestartAfterAModifyFindsTheReplacementByClientIdAndCountsWhatTheReplacedVenueOrderFilled() {
    // emsd's memory holds the original venue id; the venue has the replacement, mod-1~1, and the original's fill
    Reconciler.Outcome outcome = open(List.of(known("mod-1", "V-1")),
        snapshot(List.of(venue("V-2", "mod-1~1", "148.5", "0.15", "0", OrderState.OPEN)),
            List.of(trade("T-1", "V-1", "mod-1", "0.05")), Map.of()));
    ClearingProtocol.OrderStatus open = outcome.open().get(0);
    assertEquals(0, d("0.05").compareTo(open.filled()), open.toString());
    assertEquals(0, d("0.15").compareTo(open.remaining()), open.toString());
    assertEquals(List.of("fill 0.05", "ack V-2", "open resting 0.05"), script.story("mod-1"));

    assertEquals(List.of(), script.when(out -> orders.submit(buy("mod-1", "V-1", "148.5", "0.2"), null, out)),
        "the replayed modify asks for what the venue holds: neither replaced nor overfilled");
    assertEquals(List.of(new Effect.CancelAtVenue("mod-1", "V-2")),
        script.when(out -> orders.cancel(new ClearingProtocol.CancelOrder("mod-1", "V-2", "sim.main"), out)));
    script.when(out -> orders.cancelDone("mod-1", venue("V-2", "mod-1~1", "148.5", "0.15", "0", OrderState.CANCELED),
        null, out));
    assertEquals(List.of("fill 0.05", "ack V-2", "open resting 0.05", "canceled 0.05"), script.story("mod-1"));
  }

  @Test
  void aKnownOrderFoundEndedIsToldWithItsFillsAndOneToCancelThatNeverArrivedIsCanceled() {
    var known = List.of(known("done-1", "V-3"), known("gone-2", "V-4"),
        new ClearingProtocol.KnownOrder("cancel-3", null, "sim.main", true));
    open(known, snapshot(List.of(), List.of(trade("T-3", "V-3", "done-1", "0.1")), Map.of(
        "done-1", Optional.of(venue("V-3", "done-1", "59000", "0.1", "0.1", OrderState.FILLED)),
        "gone-2", Optional.of(venue("V-4", "gone-2", "59000", "0.1", "0", OrderState.CANCELED)),
        "cancel-3", Optional.empty())));
    assertEquals(List.of("fill 0.1", "closed 0.1"), script.story("done-1"));
    assertEquals(List.of("canceled 0"), script.story("gone-2"));
    assertEquals(List.of("canceled 0"), script.story("cancel-3"));
    assertEquals(List.of(OrderStage.DONE), known.stream().map(order -> script.order(order.oid()).stage()).distinct()
        .toList());
  }

  @Test
  void aMismatchBlocksNewOrdersOnlyOnceASecondReadConfirmsItAndOrdersFlowAgainWhenTheyAgree() {
    VenueSnapshot quiet = snapshot(List.of(), List.of(), Map.of());
    assertTrue(script.read(List.of(), quiet, "position mismatch in sim.main").readAgain(), "a fill may fall between");
    assertNull(script.reconciler.blocked());
    Reconciler.Outcome confirmed = script.read(List.of(), quiet, "position mismatch in sim.main");
    assertEquals(List.of(new ClearingProtocol.AccountStatus("sim.main", "position mismatch in sim.main")),
        confirmed.events());
    assertEquals("position mismatch in sim.main", script.reconciler.blocked());
    script.when(out -> orders.submit(buy("blocked-1", null, "59000", "0.001"), script.reconciler.blocked(), out));
    assertEquals(List.of("error"), script.story("blocked-1"));

    assertEquals(List.of(new ClearingProtocol.AccountStatus("sim.main", null)), script.read(List.of(), quiet, null)
        .events());
    assertNull(script.reconciler.blocked());
    // one mismatch the next read does not confirm never blocks
    assertTrue(script.read(List.of(), quiet, "position mismatch in sim.main").readAgain());
    assertEquals(List.of(new ClearingProtocol.AccountStatus("sim.main", null)), script.read(List.of(), quiet, null)
        .events());
  }

  @Test
  void aLedgerSyncReadsTheAccountsStatusAndLeavesOrdersAlone() {
    OrderState stranger = venue("V-9", "manual-1", "151", "0.01", "0", OrderState.OPEN);
    Reconciler.Outcome outcome = script.read(null, snapshot(List.of(stranger), List.of(), Map.of()), null);
    assertEquals(List.of(new ClearingProtocol.AccountStatus("sim.main", null)), outcome.events());
    assertEquals(List.of(), outcome.effects());
    assertNull(script.order("ext:V-9"));
  }
}
