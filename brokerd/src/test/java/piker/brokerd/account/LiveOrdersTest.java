package piker.brokerd.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piker.brokerd.account.OrderScript.buy;
import static piker.brokerd.account.OrderScript.d;
import static piker.brokerd.account.OrderScript.only;
import static piker.brokerd.account.OrderScript.trade;
import static piker.brokerd.account.OrderScript.venue;
import static piker.brokerd.account.OrderScript.wanted;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.spi.TradeClient.NewOrder;
import piker.contracts.spi.TradeClient.OrderRef;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * The order logic of one account without an actor or a venue: given an order's stage, when emsd or the
 * venue says something, then these events and venue requests (what AccountTraderInDoubtTest and BrokerdTest
 * check through the actor and the sim venue, decided here in plain code).
 */
class LiveOrdersTest {
  private final OrderScript script = new OrderScript(Duration.ofSeconds(20));
  private final LiveOrders orders = script.orders;

  @AfterEach
  void everyMoveIsInTheTable() {
    assertEquals(List.of(), script.illegal);
  }

  private static RemoteError error(String type) {
    return RemoteError.of(type, "no answer", "test");
  }

  /** Submits {@code oid} and lands it as venue order {@code id}, resting with nothing filled. */
  private void resting(String oid, String id, String price, String size) {
    List<Effect> place = script.when(out -> orders.submit(buy(oid, null, price, size), null, out));
    assertEquals(List.of(new Effect.Place(oid, wanted(price, size))), place);
    NewOrder sent = only(script.placeIn(place), Effect.Submit.class).order();
    script.when(out -> orders.placed(oid, venue(id, sent.clientId(), price, size, "0", OrderState.OPEN), null, out));
    assertEquals(OrderStage.OPEN, script.order(oid).stage());
  }

  @Test
  void aPlacementWhoseAnswerIsLostIsFoundByClientIdOnceTheVenueAnswersAndNeverPlacedTwice() {
    List<Effect> place = script.when(out -> orders.submit(buy("lost-1", null, "59000", "0.001"), null, out));
    assertEquals(List.of(new Effect.Submit("lost-1", new NewOrder("lost-1", "btcusdt.spot", "buy", d("59000"),
        d("0.001")))), script.placeIn(place));
    assertEquals(OrderStage.PLACING, script.order("lost-1").stage());

    // the venue took it, but its answer never came: look it up by client id, in its market
    assertEquals(List.of(new Effect.LookUp("lost-1", OrderRef.byClientId("btcusdt.spot", "lost-1"))),
        script.when(out -> orders.placed("lost-1", null, error("VenueTimeout"), out)));
    // a cancel meanwhile waits: what may rest at the venue is never called canceled unseen
    assertEquals(List.of(), script.when(out -> orders.cancel(new ClearingProtocol.CancelOrder("lost-1", null,
        "sim.main"), out)));
    assertEquals(List.of(new Effect.LookAgainLater("lost-1")),
        script.when(out -> orders.looked("lost-1", Optional.empty(), error("VenueDisconnected"), out)));
    assertEquals(OrderStage.IN_DOUBT, script.order("lost-1").stage());
    assertEquals(List.of(new Effect.LookUp("lost-1", OrderRef.byClientId("btcusdt.spot", "lost-1"))),
        script.when(out -> orders.lookAgain("lost-1", out)));

    OrderState resting = venue("V-1", "lost-1", "59000", "0.001", "0", OrderState.OPEN);
    List<Effect> found = script.when(out -> orders.looked("lost-1", Optional.of(resting), null, out));
    assertEquals(new Effect.CancelAtVenue("lost-1", "V-1"), found.get(found.size() - 1), "the cancel that waited");
    assertEquals(OrderStage.CANCEL_PENDING, script.order("lost-1").stage());
    script.when(out -> orders.cancelDone("lost-1", venue("V-1", "lost-1", "59000", "0.001", "0",
        OrderState.CANCELED), null, out));
    assertEquals(List.of("ack V-1", "open resting 0", "canceled 0"), script.story("lost-1"));
    assertEquals("canceled on request", ((ClearingProtocol.OrderStatus) script.told.get(2)).reason());
    assertEquals(OrderStage.DONE, script.order("lost-1").stage());
  }

  @Test
  void aModifyWhoseCancelAnswerIsLostStillPlacesItsReplacementAndIsNotCalledCanceled() {
    resting("mod-2", "V-1", "59000", "0.001");
    assertEquals(List.of(new Effect.CancelAtVenue("mod-2", "V-1")),
        script.when(out -> orders.submit(buy("mod-2", "V-1", "58000", "0.001"), null, out)));
    assertEquals(OrderStage.REPLACING, script.order("mod-2").stage());
    assertEquals(List.of(new Effect.LookAgainLater("mod-2")),
        script.when(out -> orders.cancelDone("mod-2", null, error("VenueTimeout"), out)));
    assertEquals(OrderStage.REPLACE_IN_DOUBT, script.order("mod-2").stage());
    assertEquals(List.of(new Effect.LookUp("mod-2", new OrderRef("btcusdt.spot", "V-1", null))),
        script.when(out -> orders.lookAgain("mod-2", out)));

    // the cancel took effect though its answer was lost: the replacement goes out at the new price
    List<Effect> place = script.when(out -> orders.looked("mod-2", Optional.of(venue("V-1", "mod-2", "59000",
        "0.001", "0", OrderState.CANCELED)), null, out));
    assertEquals(List.of(new Effect.Place("mod-2", wanted("58000", "0.001"))), place);
    assertEquals(new NewOrder("mod-2~1", "btcusdt.spot", "buy", d("58000"), d("0.001")),
        only(script.placeIn(place), Effect.Submit.class).order());
    script.when(out -> orders.placed("mod-2", venue("V-2", "mod-2~1", "58000", "0.001", "0", OrderState.OPEN), null,
        out));
    // the replacement is open again, at the new price: emsd (and a client waiting on its modify) hears so
    assertEquals(List.of("ack V-1", "open resting 0", "ack V-2", "open resting 0"), script.story("mod-2"));
  }

  @Test
  void aModifyIsACancelAndAReplaceOfWhatIsUnfilledUnderTheSameOidAndACancelEndsIt() {
    String oid = "m".repeat(64);
    resting(oid, "V-1", "59000", "0.2");
    script.when(out -> orders.venueOrder(venue("V-1", oid, "59000", "0.2", "0.05", OrderState.OPEN), out));
    assertEquals(OrderStage.PARTIALLY_FILLED, script.order(oid).stage());
    script.when(out -> orders.filled(orders.oidOfFill(trade("T-1", "V-1", oid, "0.05")), trade("T-1", "V-1", oid,
        "0.05"), Optional.empty(), out));

    assertEquals(List.of(new Effect.CancelAtVenue(oid, "V-1")),
        script.when(out -> orders.submit(buy(oid, "V-1", "58500", "0.2"), null, out)));
    List<Effect> place = script.when(out -> orders.cancelDone(oid, venue("V-1", oid, "59000", "0.2", "0.05",
        OrderState.CANCELED), null, out));
    assertEquals(new NewOrder(oid + "~1", "btcusdt.spot", "buy", d("58500"), d("0.15")),
        only(script.placeIn(place), Effect.Submit.class).order(), "what was unfilled, under the next client id");
    script.when(out -> orders.placed(oid, venue("V-2", oid + "~1", "58500", "0.15", "0", OrderState.OPEN), null,
        out));
    assertEquals(OrderStage.PARTIALLY_FILLED, script.order(oid).stage(), "the oid has filled 0.05");

    assertEquals(List.of(new Effect.CancelAtVenue(oid, "V-2")),
        script.when(out -> orders.cancel(new ClearingProtocol.CancelOrder(oid, "V-2", "sim.main"), out)));
    script.when(out -> orders.cancelDone(oid, venue("V-2", oid + "~1", "58500", "0.15", "0", OrderState.CANCELED),
        null, out));
    assertEquals(List.of("ack V-1", "open resting 0", "fill 0.05", "ack V-2", "open resting 0.05", "canceled 0.05"),
        script.story(oid));
  }

  @Test
  void closedIsToldOnlyAfterEveryFillWhateverOrderTheVenueSaysThemIn() {
    resting("buy-1", "V-1", "59000", "0.25");
    script.when(out -> orders.venueOrder(venue("V-1", "buy-1", "59000", "0.25", "0.25", OrderState.FILLED), out));
    assertEquals(OrderStage.FILLED, script.order("buy-1").stage(), "filled at the venue, fills on their way");
    assertEquals(List.of("ack V-1", "open resting 0"), script.story("buy-1"), "nothing more told yet");
    for (var fill : List.of(trade("T-1", "V-1", "buy-1", "0.1"), trade("T-2", "V-1", "buy-1", "0.15"))) {
      script.when(out -> orders.filled(orders.oidOfFill(fill), fill, Optional.empty(), out));
    }
    assertEquals(List.of("ack V-1", "open resting 0", "fill 0.1", "fill 0.15", "closed 0.25"), script.story("buy-1"));
    assertEquals(OrderStage.DONE, script.order("buy-1").stage());
    // a fill told again (a reconcile's replay) is not counted twice and tells no second close
    var again = trade("T-2", "V-1", "buy-1", "0.15");
    script.when(out -> orders.filled("buy-1", again, Optional.empty(), out));
    assertEquals(List.of("ack V-1", "open resting 0", "fill 0.1", "fill 0.15", "closed 0.25"), script.story("buy-1"));
  }

  @Test
  void aPlacementAnswerThatComesBackAfterTheVenueFilledTheOrderNeverReopensIt() {
    List<Effect> place = script.when(out -> orders.submit(buy("late-1", null, "59000", "0.1"), null, out));
    NewOrder sent = only(script.placeIn(place), Effect.Submit.class).order();
    // the user-data stream is faster than the placement's answer: filled, then its fill
    script.when(out -> orders.venueOrder(venue("V-7", sent.clientId(), "59000", "0.1", "0.1", OrderState.FILLED), out));
    var fill = trade("T-7", "V-7", sent.clientId(), "0.1");
    script.when(out -> orders.filled(orders.oidOfFill(fill), fill, Optional.empty(), out));
    List<String> told = script.story("late-1");
    assertEquals(OrderStage.DONE, script.order("late-1").stage());

    // the answer, as the venue took it (new, nothing filled yet), arrives last: it is older than what was told
    script.when(out -> orders.placed("late-1", venue("V-7", sent.clientId(), "59000", "0.1", "0", OrderState.OPEN),
        null, out));
    assertEquals(OrderStage.DONE, script.order("late-1").stage());
    assertEquals(told, script.story("late-1"), "no open after closed");
    assertEquals("V-7", script.order("late-1").venueOrderId, "the answer still names the venue order");
    // nor does a late refusal (a timeout's answer after all) end a filled order in error
    script.when(out -> orders.placed("late-1", null, error("InsufficientBalance"), out));
    assertEquals(told, script.story("late-1"), "no error after closed");
  }

  @Test
  void aRefusedOrderEndsInErrorAndIsToldAgainWhenEmsdAsksAgainAndAnOffTickPriceNeverLeaves() {
    List<Effect> place = script.when(out -> orders.submit(buy("r-1", null, "59000", "0.001"), null, out));
    script.placeIn(place);
    script.when(out -> orders.placed("r-1", null, error("InsufficientBalance"), out));
    assertEquals(OrderStage.DONE, script.order("r-1").stage());
    script.when(out -> orders.submit(buy("r-1", null, "59000", "0.001"), null, out));
    assertEquals(List.of("error", "error"), script.story("r-1"));

    List<Effect> offTick = script.when(out -> orders.submit(buy("t-1", null, "59000.001", "0.001"), null, out));
    List<Effect> refused = script.placeIn(offTick);
    assertTrue(refused.stream().noneMatch(Effect.Submit.class::isInstance), refused.toString());
    assertTrue(((ClearingProtocol.OrderError) OrderScript.events(refused).get(0)).reason().contains("tick"));
  }

  @Test
  void aNewOrderIsRefusedWhileTheAccountIsBlockedAndNothingGoesToTheVenue() {
    List<Effect> refused = script.when(out -> orders.submit(buy("b-1", null, "59000", "0.001"), "position mismatch",
        out));
    assertEquals(List.of(new Effect.Emit(List.of(new ClearingProtocol.OrderError("b-1", null, "position mismatch")))),
        refused);
  }

  @Test
  void aVenueOrderNobodyKnowsIsAdoptedAsExtAndItsEarlierFillsAreFetched() {
    OrderState stranger = venue("V-9", "web-1", "60000", "0.01", "0.004", OrderState.OPEN);
    List<Effect> adopted = script.when(out -> orders.venueOrder(stranger, out));
    assertEquals(new Effect.FetchTrades("ext:V-9", OrderRef.byVenueId("btcusdt.spot", "V-9")), adopted.get(1));
    assertEquals(List.of("adopted"), script.story("ext:V-9"));
    assertEquals(OrderStage.PARTIALLY_FILLED, script.order("ext:V-9").stage());
    // the fetched trades go the way of any venue fill (the ledger first, in the actor): to the adopted order
    var earlier = trade("T-9", "V-9", "web-1", "0.004");
    assertEquals("ext:V-9", orders.oidOfFill(earlier));
    script.when(out -> orders.filled("ext:V-9", earlier, Optional.empty(), out));
    assertEquals(List.of("adopted", "fill 0.004"), script.story("ext:V-9"));
  }

  @Test
  void anOrderFoundFilledWhenItsCancelIsRefusedHasItsTradesFetchedIfItsFillEventsNeverCome() {
    resting("race-1", "V-1", "59000", "0.002");
    assertEquals(List.of(new Effect.CancelAtVenue("race-1", "V-1")),
        script.when(out -> orders.cancel(new ClearingProtocol.CancelOrder("race-1", "V-1", "sim.main"), out)));
    // it filled first: the cancel is refused, the lookup finds it filled, its fill events are still to come
    assertEquals(List.of(new Effect.LookAgainLater("race-1")),
        script.when(out -> orders.cancelDone("race-1", null, error("NotOpen"), out)));
    script.when(out -> orders.lookAgain("race-1", out));
    List<Effect> found = script.when(out -> orders.looked("race-1", Optional.of(venue("V-1", "race-1", "59000",
        "0.002", "0.002", OrderState.FILLED)), null, out));
    assertTrue(found.contains(new Effect.CheckFillsLater("race-1")), found.toString());
    assertEquals(OrderStage.FILLED, script.order("race-1").stage());
    assertEquals(List.of("ack V-1", "open resting 0", "ack V-1"), script.story("race-1"), "not closed before its fills");

    // a moment later no fill has come: its trades are fetched by venue order id
    assertEquals(List.of(new Effect.FetchTrades("race-1", OrderRef.byVenueId("btcusdt.spot", "V-1")),
        new Effect.CheckFillsLater("race-1")), script.when(out -> orders.checkFills("race-1", out)),
        "fetched, and checked again after");
    var fetched = trade("T-1", "V-1", "race-1", "0.002");
    script.when(out -> orders.filled(orders.oidOfFill(fetched), fetched, Optional.empty(), out));
    assertEquals(List.of("ack V-1", "open resting 0", "ack V-1", "fill 0.002", "closed 0.002"), script.story("race-1"));
    assertEquals(List.of(), script.when(out -> orders.checkFills("race-1", out)), "every fill told: nothing to fetch");
  }
  @Test
  void anEndedOrdersTradesAreFetchedAFewTimesAtMostThenLeftToTheReconcile() {
    resting("lag-1", "V-1", "59000", "0.002");
    script.when(out -> orders.venueOrder(venue("V-1", "lag-1", "59000", "0.002", "0.002", OrderState.FILLED), out));
    for (int fetch = 1; fetch <= LiveOrders.MAX_FILL_FETCHES; fetch++) {
      assertTrue(script.when(out -> orders.checkFills("lag-1", out)).stream()
          .anyMatch(Effect.FetchTrades.class::isInstance), "fetch " + fetch);
    }
    assertEquals(List.of(), script.when(out -> orders.checkFills("lag-1", out)), "the venue's list still lags: no more");
  }

}
