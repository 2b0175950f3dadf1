package piker.paperboi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import piker.accounting.Clear;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.clearing.ClearingProtocol.BrokerEvent;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.Tick;
import piker.contracts.names.AccountName;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.VenueOrderStatus;
import piker.contracts.testkit.Markets;
import piker.paperboi.PaperClearing.Effect;

/**
 * Paper clearing as a plain object: given the ledger and the market, when an order, cancel or quote
 * comes in, then these events for these dialogs, these trades recorded first, these feeds asked for.
 */
class PaperClearingTest {
  private static final AccountName PAPER = AccountName.parse("sim.paper");
  private static final Instant NOW = Instant.parse("2026-12-05T07:00:00Z");
  private static final String DIALOG = "emsd";

  private static BigDecimal d(String text) {
    return new BigDecimal(text);
  }

  private static ClearingProtocol.SubmitOrder order(String oid, OrderAction action, String price, String size) {
    return new ClearingProtocol.SubmitOrder(oid, null, "sim.paper", action, Markets.BTC, d(price), d(size));
  }

  private static ClearingProtocol.CancelOrder cancel(String oid, String account) {
    return new ClearingProtocol.CancelOrder(oid, "paper-" + oid, account);
  }

  private static Quote sized(String type, String price, String size) {
    return new Quote(Markets.BTC, 1L, null, null, null, List.of(new Tick(type, d(price), d(size))));
  }

  /** A clearing of sim.paper with the given ledger, one dialog attached. */
  private static PaperClearing<String> clearing(List<Clear> ledger) {
    PaperClearing<String> clearing = new PaperClearing<>("sim", Clock.fixed(NOW, ZoneOffset.UTC));
    clearing.adopt(new PaperAccount(PAPER, ledger));
    clearing.attach(DIALOG, Set.of(PAPER));
    return clearing;
  }

  /** The market's feed is ready (bid 59999.99, ask 60000.01), reached through a first order that waits for it. */
  private static List<Effect<String>> whenReady(PaperClearing<String> clearing, ClearingProtocol.SubmitOrder first) {
    assertEquals(List.of(new PaperClearing.OpenFeed<String>(Markets.BTC)), clearing.submit(DIALOG, first),
        "the first order waits for its market");
    return clearing.ready(Markets.BTC, Markets.BTC_MKT, Markets.startup("60000", "59999.99", "60000.01"));
  }

  private static List<BrokerEvent> sent(List<Effect<String>> effects) {
    List<BrokerEvent> events = new ArrayList<>();
    effects.stream().filter(PaperClearing.Send.class::isInstance)
        .forEach(effect -> events.addAll(((PaperClearing.Send<?>) effect).events()));
    return events;
  }

  private static List<Class<?>> kinds(List<BrokerEvent> events) {
    return events.stream().<Class<?>>map(Object::getClass).toList();
  }

  private static <T> T at(List<BrokerEvent> events, int index, Class<T> type) {
    return assertInstanceOf(type, events.get(index), events.toString());
  }

  @Test
  void aBuyThroughTheAskIsRecordedFirstThenAckOpenFillAtTheAskClosedPosition() {
    List<Effect<String>> effects = whenReady(clearing(List.of()), order("b1", OrderAction.BUY, "60000.05", "0.001"));
    PaperClearing.Record<?> record = assertInstanceOf(PaperClearing.Record.class, effects.get(0), "the ledger first");
    assertEquals(PAPER, record.account());
    Clear clear = record.clears().get(0);
    assertEquals("paper-b1", clear.tid());
    assertEquals(0, d("0.001").compareTo(clear.size()));
    assertEquals(NOW, clear.dt());
    assertEquals(0, d("0.001").compareTo(record.openAfter().get(0).size()), "the account file's positions");
    assertEquals(DIALOG, assertInstanceOf(PaperClearing.Send.class, effects.get(1)).dialog());
    List<BrokerEvent> events = sent(effects);
    assertEquals(List.of(ClearingProtocol.Ack.class, ClearingProtocol.OrderStatus.class, ClearingProtocol.Fill.class,
        ClearingProtocol.OrderStatus.class, ClearingProtocol.PositionUpdate.class), kinds(events));
    assertEquals(VenueOrderStatus.OPEN, at(events, 1, ClearingProtocol.OrderStatus.class).status());
    assertEquals(false, at(events, 1, ClearingProtocol.OrderStatus.class).resting());
    ClearingProtocol.Fill fill = at(events, 2, ClearingProtocol.Fill.class);
    assertEquals(0, d("60000.01").compareTo(fill.price()), "fills at the ask, not the limit");
    assertEquals(0, d("0.06000001").compareTo(fill.cost()), "the catalogue's taker fee, exact");
    assertEquals(OrderAction.BUY, fill.action());
    assertEquals(VenueOrderStatus.CLOSED, at(events, 3, ClearingProtocol.OrderStatus.class).status());
    assertEquals(0, d("60000.01").compareTo(at(events, 4, ClearingProtocol.PositionUpdate.class).avgPrice()));
  }

  @Test
  void aRestingSellFillsAtItsOwnLimitOnATradeThroughIt() {
    PaperClearing<String> clearing = clearing(List.of());
    List<BrokerEvent> opened = sent(whenReady(clearing, order("s1", OrderAction.SELL, "60010", "0.002")));
    assertEquals(true, at(opened, 1, ClearingProtocol.OrderStatus.class).resting());
    assertEquals(List.of(), clearing.quotes(Markets.BTC, List.of(Markets.tick("bid", "60005"),
        Markets.tick("ask", "60020"))), "nothing reaches it");
    List<Effect<String>> effects = clearing.quotes(Markets.BTC, List.of(Markets.tick("trade", "60012.5")));
    assertInstanceOf(PaperClearing.Record.class, effects.get(0));
    List<BrokerEvent> filled = sent(effects);
    ClearingProtocol.Fill fill = at(filled, 0, ClearingProtocol.Fill.class);
    assertEquals(0, d("60010").compareTo(fill.price()), "a maker fills at its limit, not at the print");
    assertEquals(OrderAction.SELL, fill.action());
    assertEquals(0, d("-0.002").compareTo(at(filled, 2, ClearingProtocol.PositionUpdate.class).size()));
  }

  /** Kraken's rates: an order filled as it arrives pays the taker's 0.40 %, one that rested first the maker's 0.25 %. */
  @Test
  void aFillAsTheOrderArrivesPaysTheTakerRateAndOneAfterItRestedTheMakerRate() {
    PaperClearing<String> clearing = clearing(List.of());
    MktPair kraken = Markets.BTC_MKT.withFees(d("0.004"), d("0.0025"));
    assertEquals(List.of(new PaperClearing.OpenFeed<String>(Markets.BTC)),
        clearing.submit(DIALOG, order("maker", OrderAction.SELL, "60010", "0.002")));
    clearing.ready(Markets.BTC, kraken, Markets.startup("60000", "59999.99", "60000.01"));
    ClearingProtocol.Fill taker = at(sent(clearing.submit(DIALOG, order("taker", OrderAction.BUY, "60000.05",
        "0.001"))), 2, ClearingProtocol.Fill.class);
    assertEquals(0, d("0.24000004").compareTo(taker.cost()), "0.40 % of 60.00001: " + taker.cost());
    ClearingProtocol.Fill maker = at(sent(clearing.quotes(Markets.BTC, List.of(Markets.tick("trade", "60012.5")))), 0,
        ClearingProtocol.Fill.class);
    assertEquals(0, d("0.30005").compareTo(maker.cost()), "0.25 % of 120.02: " + maker.cost());
  }

  /**
   * While datad says the stream is in trouble, the last touch may be minutes old: an order arriving then waits for
   * the next quote and takes that touch, never the stale one (an independent fake's outage filled at an old ask).
   */
  @Test
  void anOrderArrivingWhileTheStreamIsInTroubleWaitsForTheNextQuoteAndTakesThatTouch() {
    PaperClearing<String> clearing = clearing(List.of());
    whenReady(clearing, order("rest", OrderAction.BUY, "50000", "0.001"));
    clearing.troubled(Markets.BTC, "the venue link dropped");
    assertEquals(List.of(), clearing.submit(DIALOG, order("b", OrderAction.BUY, "70000", "0.001")),
        "nothing at the stale ask of 60000.01");
    List<BrokerEvent> back = sent(clearing.quotes(Markets.BTC, List.of(Markets.tick("ask", "61000.5"))));
    ClearingProtocol.Fill fill = at(back, 2, ClearingProtocol.Fill.class);
    assertEquals(0, d("61000.5").compareTo(fill.price()), "the fresh ask");
    assertInstanceOf(ClearingProtocol.Ack.class, sent(clearing.submit(DIALOG, order("next", OrderAction.BUY,
        "50000", "0.001"))).get(0), "a fresh quote: orders clear at once again");
  }

  /** A modify of a resting order while the stream is in trouble takes the old order out of the book at once. */
  @Test
  void aModifyWhileTheStreamIsInTroubleLeavesNoOldOrderToFillAndCanBeCanceledOrLost() {
    PaperClearing<String> clearing = clearing(List.of());
    whenReady(clearing, order("m", OrderAction.BUY, "59000", "0.001"));
    clearing.troubled(Markets.BTC, "the venue link dropped");
    assertEquals(List.of(), clearing.submit(DIALOG, order("m", OrderAction.BUY, "58000", "0.001")));
    List<BrokerEvent> back = sent(clearing.quotes(Markets.BTC, List.of(Markets.tick("trade", "58500"))));
    assertTrue(back.stream().noneMatch(ClearingProtocol.Fill.class::isInstance),
        "moved to 58000 before the trade at 58500: " + back);
    // a cancel while a modify waits ends it: nothing of it is placed later
    clearing.troubled(Markets.BTC, "the venue link dropped");
    clearing.submit(DIALOG, order("m", OrderAction.BUY, "61000", "0.001"));
    assertEquals(VenueOrderStatus.CANCELED, at(sent(clearing.cancel(DIALOG, new ClearingProtocol.CancelOrder("m",
        "x", PAPER.toString()))), 0, ClearingProtocol.OrderStatus.class).status());
    assertEquals(List.of(), clearing.quotes(Markets.BTC, List.of(Markets.tick("ask", "60500"))), "canceled");
    // the feed lost while a modify waits: the order ends in error, and nothing of it fills after the feed is back
    whenReadyAgain(clearing, order("n", OrderAction.BUY, "59000", "0.001"));
    clearing.troubled(Markets.BTC, "the venue link dropped");
    clearing.submit(DIALOG, order("n", OrderAction.BUY, "58000", "0.001"));
    assertInstanceOf(ClearingProtocol.OrderError.class, sent(clearing.feedDown(Markets.BTC, "lost")).get(0));
    clearing.ready(Markets.BTC, Markets.BTC_MKT, Markets.startup("60000", "59999.99", "60000.01"));
    assertEquals(List.of(), clearing.quotes(Markets.BTC, List.of(Markets.tick("trade", "58900"))), "ended in error");
  }

  /** A resting order placed on a ready, fresh market (the quote clears any trouble first). */
  private static void whenReadyAgain(PaperClearing<String> clearing, ClearingProtocol.SubmitOrder order) {
    clearing.quotes(Markets.BTC, List.of(Markets.tick("ask", "60000.01")));
    assertInstanceOf(ClearingProtocol.Ack.class, sent(clearing.submit(DIALOG, order)).get(0));
  }

  @Test
  void aBuyBiggerThanTheAskTakesWhatItShowsAndTheRestFillsAtItsLimitLater() {
    PaperClearing<String> clearing = clearing(List.of());
    whenReady(clearing, order("rest", OrderAction.BUY, "50000", "0.001"));
    clearing.quotes(Markets.BTC, List.of(sized("ask", "60000.01", "0.003")));
    List<BrokerEvent> arrival = sent(clearing.submit(DIALOG, order("p1", OrderAction.BUY, "60000.05", "0.005")));
    assertEquals(List.of(ClearingProtocol.Ack.class, ClearingProtocol.OrderStatus.class, ClearingProtocol.Fill.class,
        ClearingProtocol.PositionUpdate.class), kinds(arrival), "no closed yet");
    ClearingProtocol.Fill taken = at(arrival, 2, ClearingProtocol.Fill.class);
    assertEquals(0, d("0.003").compareTo(taken.size()), "no more than the ask showed");
    assertEquals("paper-p1#1", taken.tid());
    List<BrokerEvent> rest = sent(clearing.quotes(Markets.BTC, List.of(sized("ask", "60000.02", "1"))));
    ClearingProtocol.Fill fill = at(rest, 0, ClearingProtocol.Fill.class);
    assertEquals(0, d("60000.05").compareTo(fill.price()), "the resting part is a maker at its limit");
    assertEquals("paper-p1#2-last", fill.tid());
    assertEquals(0, d("0.005").compareTo(at(rest, 1, ClearingProtocol.OrderStatus.class).filled()));
  }

  @Test
  void anOidTheLedgerHasFilledIsAnsweredFromTheLedgerBySubmitAndCancelNeverClearedTwice() {
    Clear done = new Clear("paper-r1", Markets.BTC, d("0.001"), d("60000.01"), d("0.06"), NOW, "BTCUSDT");
    PaperClearing<String> clearing = clearing(List.of(done));
    List<Effect<String>> effects = clearing.submit(DIALOG, order("r1", OrderAction.BUY, "60000.01", "0.001"));
    assertTrue(effects.stream().noneMatch(PaperClearing.Record.class::isInstance), "nothing new to record");
    List<BrokerEvent> replayed = sent(effects);
    assertEquals("paper-r1", at(replayed, 1, ClearingProtocol.Fill.class).tid());
    assertEquals(VenueOrderStatus.CLOSED, at(replayed, 2, ClearingProtocol.OrderStatus.class).status());
    assertEquals(0, d("0.001").compareTo(at(replayed, 3, ClearingProtocol.PositionUpdate.class).size()));
    List<BrokerEvent> answer = sent(clearing.cancel(DIALOG, cancel("r1", "sim.paper")));
    assertEquals("paper-r1", at(answer, 1, ClearingProtocol.Fill.class).tid(), "a replayed cancel never cancels a fill");
    assertEquals(VenueOrderStatus.CLOSED, at(answer, 2, ClearingProtocol.OrderStatus.class).status());
  }

  @Test
  void anOrderThatFilledPartlyBeforeARestartComesBackWithItsFillsAndRestsTheRest() {
    Clear part = new Clear("paper-p2#1", Markets.BTC, d("0.003"), d("60000.01"), d("0.18"), NOW, "BTCUSDT");
    PaperClearing<String> clearing = clearing(List.of(part));
    whenReady(clearing, order("other", OrderAction.BUY, "50000", "0.001"));
    List<BrokerEvent> back = sent(clearing.submit(DIALOG, order("p2", OrderAction.BUY, "59000", "0.005")));
    assertEquals("paper-p2#1", at(back, 1, ClearingProtocol.Fill.class).tid(), "the fill again, for emsd to drop");
    ClearingProtocol.OrderStatus open = at(back, 2, ClearingProtocol.OrderStatus.class);
    assertEquals(0, d("0.003").compareTo(open.filled()));
    assertEquals(0, d("0.002").compareTo(open.remaining()));
    ClearingProtocol.OrderStatus canceled = at(sent(clearing.cancel(DIALOG, cancel("p2", "sim.paper"))), 0,
        ClearingProtocol.OrderStatus.class);
    assertEquals(VenueOrderStatus.CANCELED, canceled.status());
    assertEquals(0, d("0.003").compareTo(canceled.filled()));
  }

  @Test
  void aModifyKeepsItsOrdersFillsAndANewPriceThroughTheAskFillsTheRest() {
    PaperClearing<String> clearing = clearing(List.of());
    whenReady(clearing, order("m", OrderAction.BUY, "59000", "0.002"));
    List<BrokerEvent> moved = sent(clearing.submit(DIALOG, order("m", OrderAction.BUY, "60000.01", "0.002")));
    assertEquals(ClearingProtocol.OrderStatus.class, moved.get(0).getClass(), "a modify is not acked again");
    assertEquals("paper-m", at(moved, 1, ClearingProtocol.Fill.class).tid());
  }

  @Test
  void cancelsOfRestingWaitingAndUnknownOrders() {
    PaperClearing<String> clearing = clearing(List.of());
    clearing.submit(DIALOG, order("w1", OrderAction.BUY, "59000", "0.001"));
    assertEquals(VenueOrderStatus.CANCELED, at(sent(clearing.cancel(DIALOG, cancel("w1", "sim.paper"))), 0,
        ClearingProtocol.OrderStatus.class).status(), "waiting for its market");
    clearing.ready(Markets.BTC, Markets.BTC_MKT, null);
    clearing.submit(DIALOG, order("c1", OrderAction.BUY, "59000", "0.001"));
    assertEquals("canceled on request", at(sent(clearing.cancel(DIALOG, cancel("c1", "sim.paper"))), 0,
        ClearingProtocol.OrderStatus.class).reason());
    assertEquals("canceled on request; it was not resting", at(sent(clearing.cancel(DIALOG,
        cancel("c1", "sim.paper"))), 0, ClearingProtocol.OrderStatus.class).reason(), "idempotent");
    at(sent(clearing.cancel(DIALOG, cancel("c1", "sim.main"))), 0, ClearingProtocol.OrderError.class);
    assertEquals(List.of(), clearing.quotes(Markets.BTC, List.of(Markets.tick("ask", "58000"))), "never fills");
  }

  @Test
  void badOrdersGetAnErrorAndTheClearingGoesOn() {
    PaperClearing<String> clearing = clearing(List.of());
    whenReady(clearing, order("first", OrderAction.BUY, "50000", "0.001"));
    List<ClearingProtocol.SubmitOrder> bad = List.of(order("x1", OrderAction.BUY, "60000.001", "0.001"),
        new ClearingProtocol.SubmitOrder("x2", null, "sim.main", OrderAction.BUY, Markets.BTC, d("60000.01"),
            d("0.001")),
        order("x3", null, "60000.01", "0.001"), order("x4", OrderAction.ALERT, "60000.01", "0.001"),
        order("x5", OrderAction.BUY, "1E+999999999", "0.001"),
        // on the tick, but 10^19 lots of 0.00001 (or cents) do not fit the book's 64-bit counts
        order("x6", OrderAction.BUY, "60000.01", "100000000000000"),
        order("x7", OrderAction.SELL, "100000000000000000", "0.001"),
        new ClearingProtocol.SubmitOrder(null, null, null, null, null, null, null));
    for (ClearingProtocol.SubmitOrder order : bad) {
      at(sent(clearing.submit(DIALOG, order)), 0, ClearingProtocol.OrderError.class);
    }
    assertInstanceOf(ClearingProtocol.Fill.class, sent(clearing.submit(DIALOG, order("ok", OrderAction.BUY,
        "60000.01",
        "0.001"))).get(2));
  }

  @Test
  void aTickChangedUnderRestingOrdersKeepsTheirUnitsAndRefusesWhatTheyCannotHold() {
    PaperClearing<String> clearing = clearing(List.of());
    whenReady(clearing, order("r", OrderAction.BUY, "59000.01", "0.001"));
    clearing.feedDown(Markets.BTC, "feed ended");
    MktPair finer = new MktPair(Markets.BTC, Markets.BTC_MKT.dst(), Markets.BTC_MKT.src(), d("0.001"),
        Markets.BTC_MKT.sizeTick(), Markets.BTC_MKT.takerFee(), Markets.BTC_MKT.bsMktid());
    clearing.ready(Markets.BTC, finer, null);
    assertTrue(at(sent(clearing.submit(DIALOG, order("fine", OrderAction.BUY, "58000.005", "0.001"))), 0,
        ClearingProtocol.OrderError.class).reason().contains("64-bit"), "a price the resting orders' cents cannot hold");
    ClearingProtocol.Fill fill = at(sent(clearing.quotes(Markets.BTC, List.of(Markets.tick("ask", "59000")))), 0,
        ClearingProtocol.Fill.class);
    assertEquals("paper-r", fill.tid());
    assertEquals(0, d("59000.01").compareTo(fill.price()), "filled at its own limit, in the units it rests in");
  }

  @Test
  void anOrderBelowTheMarketsMinimumValueIsRefusedAsTheVenueWouldRefuseItLive() {
    PaperClearing<String> clearing = clearing(List.of());
    clearing.submit(DIALOG, order("w", OrderAction.BUY, "59000", "0.001"));
    MktPair withMinimum = new MktPair(Markets.BTC, Markets.BTC_MKT.dst(), Markets.BTC_MKT.src(),
        Markets.BTC_MKT.priceTick(), Markets.BTC_MKT.sizeTick(), Markets.BTC_MKT.takerFee(), Markets.BTC_MKT.bsMktid(),
        d("5"));
    clearing.ready(Markets.BTC, withMinimum, null);
    assertTrue(at(sent(clearing.submit(DIALOG, order("small", OrderAction.BUY, "59000", "0.00008"))), 0,
        ClearingProtocol.OrderError.class).reason().contains("below the market's minimum order value 5"),
        "4.72 of a market whose orders must be worth 5");
    assertInstanceOf(ClearingProtocol.Ack.class, sent(clearing.submit(DIALOG, order("enough",
        OrderAction.BUY, "59000", "0.0001"))).get(0), "5.9 is enough");
    // a modify of it below the minimum ends it, as a venue's cancel and refused new order would: nothing is left
    // resting to fill later with no dialog to tell
    at(sent(clearing.submit(DIALOG, order("enough", OrderAction.BUY, "59000", "0.00008"))), 0,
        ClearingProtocol.OrderError.class);
    assertTrue(sent(clearing.quotes(Markets.BTC, List.of(Markets.tick("ask", "58000")))).stream()
        .noneMatch(event -> event instanceof ClearingProtocol.Fill fill && fill.oid().equals("enough")),
        "the refused modify's order does not fill");
  }

  @Test
  void anOrderBelowTheMarketsMinimumSizeIsRefusedAsTheVenueWouldRefuseItLive() {
    PaperClearing<String> clearing = clearing(List.of());
    clearing.submit(DIALOG, order("w", OrderAction.BUY, "59000", "0.001"));
    MktPair kraken = new MktPair(Markets.BTC, Markets.BTC_MKT.dst(), Markets.BTC_MKT.src(),
        Markets.BTC_MKT.priceTick(), Markets.BTC_MKT.sizeTick(), Markets.BTC_MKT.takerFee(), Markets.BTC_MKT.bsMktid(),
        d("0"), Markets.BTC_MKT.takerFee(), d("0.0001"));
    clearing.ready(Markets.BTC, kraken, null);
    assertTrue(at(sent(clearing.submit(DIALOG, order("small", OrderAction.BUY, "59000", "0.00009"))), 0,
        ClearingProtocol.OrderError.class).reason().contains("below the market's minimum order size 0.0001"));
    assertInstanceOf(ClearingProtocol.Ack.class, sent(clearing.submit(DIALOG, order("enough",
        OrderAction.BUY, "59000", "0.0001"))).get(0), "the minimum itself is enough");
  }

  @Test
  void aFeedThatNeverCameFailsItsWaitingOrdersAndALostOneKeepsTheRestingOnes() {
    PaperClearing<String> clearing = clearing(List.of());
    clearing.submit(DIALOG, order("w", OrderAction.BUY, "59000", "0.001"));
    List<Effect<String>> failed = clearing.feedDown(Markets.BTC, "no datad.sim");
    assertEquals("no datad.sim", at(sent(failed), 0, ClearingProtocol.OrderError.class).reason());
    assertTrue(failed.contains(new PaperClearing.CloseFeed<String>(Markets.BTC)), "nothing holds the market");

    whenReady(clearing, order("r", OrderAction.BUY, "59000", "0.001"));
    assertEquals(List.of(), clearing.feedDown(Markets.BTC, "feed ended"), "a resting order keeps the market");
    clearing.ready(Markets.BTC, Markets.BTC_MKT, null);
    assertEquals("paper-r", at(sent(clearing.quotes(Markets.BTC, List.of(Markets.tick("ask", "58999")))), 0,
        ClearingProtocol.Fill.class).tid());
  }

  @Test
  void aDialogStartsWithItsAccountsPositionsAndRestingOrders() {
    Clear held = new Clear("paper-h", Markets.BTC, d("0.004"), d("60000"), d("0"), NOW, "BTCUSDT");
    PaperClearing<String> clearing = clearing(List.of(held));
    whenReady(clearing, order("o1", OrderAction.SELL, "61000", "0.001"));
    ClearingProtocol.DialogStarted started = clearing.attach("second", Set.of(PAPER));
    assertEquals(0, d("0.004").compareTo(started.positions().get(0).size()));
    assertEquals(List.of("o1"), started.open().stream().map(ClearingProtocol.OrderStatus::oid).toList());
    // the resting order's events now go to the dialog that started last
    assertEquals("second", assertInstanceOf(PaperClearing.Send.class, clearing.quotes(Markets.BTC,
        List.of(Markets.tick("bid", "61000"))).get(1)).dialog());
  }
}
