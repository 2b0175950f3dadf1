package piker.emsd.router;

import static org.junit.jupiter.api.Assertions.assertFalse;

import piker.emsd.orders.Dialog;

import piker.contracts.orders.OrderResp;

import piker.contracts.market.MktPair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piker.emsd.router.RouterFixture.PAPER;
import static piker.emsd.router.RouterFixture.fill;
import static piker.emsd.router.RouterFixture.order;
import static piker.emsd.router.RouterFixture.resps;
import static piker.emsd.router.RouterFixture.sent;
import static piker.emsd.router.RouterFixture.statuses;
import static piker.emsd.router.RouterFixture.venue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.market.Quote;
import piker.contracts.names.Fqme;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.VenueOrderStatus;
import piker.contracts.testkit.Markets;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;
import piker.emsd.orders.RiskLimits;

/** EmsdPaperTest's scenarios against the router alone: given a view, when an input, then a decision. */
class OrderRouterTest {
  private final RouterFixture ems = new RouterFixture();

  @Test
  void aPaperBuyGoesPendingToPaperboiThenOpenFillClosedThenAPosition() {
    // given a client of the paper account and a ready market
    ClientId client = ems.client("sim.paper");
    // when it buys through the ask
    Decision waiting = ems.send(client, order("b1", "buy", "60000.05", "0.001", "live"));
    // then the order waits for its market (whose feed opens), nothing is journaled yet
    assertEquals(List.of(new Effect.OpenFeed(Markets.BTC)), waiting.effects());
    assertTrue(waiting.events().isEmpty());
    Decision accepted = ems.marketReady();
    assertTrue(accepted.events().get(0) instanceof OrderEvent.Accepted);
    assertEquals(List.of("pending"), resps(accepted));
    ClearingProtocol.SubmitOrder submit = (ClearingProtocol.SubmitOrder) sent(accepted, PAPER).get(0);
    assertEquals(List.of("b1", OrderAction.BUY, "sim.paper"), List.of(submit.oid(), submit.action(), submit.account()));

    // when paperboi reports the order's life
    Decision life = ems.paperboi(new ClearingProtocol.Ack("b1", "paper-b1"), venue("b1", VenueOrderStatus.OPEN, false),
        fill("b1", "60000.01", "0.001"), venue("b1", VenueOrderStatus.CLOSED, false),
        new ClearingProtocol.PositionUpdate("sim.paper", Markets.BTC, new BigDecimal("0.001"),
            new BigDecimal("60000.01"), new BigDecimal("60000.01")));
    // then the client sees open, fill, closed and the position; the order is done
    assertEquals(List.of("open", "fill", "closed"), resps(life));
    EmsProtocol.Status filled = statuses(life).get(1);
    assertEquals(0, new BigDecimal("60000.01").compareTo(filled.fillPrice()));
    assertEquals(0, new BigDecimal("0.001").compareTo(filled.filled()));
    assertTrue(life.effects().get(life.effects().size() - 1) instanceof Effect.ToAccount to
        && to.event() instanceof EmsProtocol.Position);
    assertTrue(ems.state.wasDone("b1"));
    assertTrue(ems.decide(new RouterInput.Resume()).effects().isEmpty());
    assertTrue(accepted.effects().stream().noneMatch(e -> e.equals(new Effect.OpenLink(RouterFixture.LIVE))),
        "paper orders start no brokerd");
  }

  @Test
  void aFillCountedOnceIsNotCountedAgainWhenReplayed() {
    ClientId client = ems.client("sim.paper");
    ems.send(client, order("b1", "buy", "59000", "0.002", "live"));
    ems.marketReady();
    assertEquals(List.of("fill"), resps(ems.paperboi(fill("b1", "59000", "0.001"))));
    Decision replayed = ems.paperboi(fill("b1", "59000", "0.001"));
    assertTrue(replayed.isEmpty(), "the same trade id again: " + replayed);
    assertEquals(0, new BigDecimal("0.001").compareTo(ems.state.get("b1").orElseThrow().filled()));
  }

  @Test
  void aDarkBuyBelowTheMarketWaitsForTheFirstCrossingAskThenGoesLiveThroughIt() {
    ClientId client = ems.client();
    ems.send(client, order("d1", "buy", "59990", "0.002", "dark"));
    assertEquals(List.of("dark_open"), resps(ems.marketReady()));
    // ticks that do not cross: nothing
    assertTrue(ems.tick("ask", "59995").isEmpty());
    assertTrue(ems.tick("bid", "59980").isEmpty());
    assertTrue(ems.tick("trade", "59991").isEmpty());
    // the ask crosses: triggered, sent 5 price ticks through the ask at the user's size
    Decision fired = ems.tick("ask", "59989.5");
    EmsProtocol.Status triggered = statuses(fired).get(0);
    assertEquals("triggered", triggered.resp());
    assertEquals(0, new BigDecimal("59989.55").compareTo(triggered.submitPrice()));
    assertEquals(0, new BigDecimal("59990").compareTo(triggered.price()), "price stays the user's trigger");
    ClearingProtocol.SubmitOrder submit = (ClearingProtocol.SubmitOrder) sent(fired, PAPER).get(0);
    assertEquals(0, new BigDecimal("59989.55").compareTo(submit.price()));
    assertEquals(List.of(new OrderEvent.Triggered("d1", new BigDecimal("59989.55"))), fired.events());
  }

  @Test
  void aDarkSellStopAnAlertACancelAndAModifyBehaveLikeTheBookSays() {
    ClientId client = ems.client("sim.paper");
    ems.send(client, order("stop", "sell", "59900", "0.001", "dark"));
    ems.send(client, order("alert", "alert", "60100", "1", "live"));
    ems.send(client, order("gone", "buy", "59000", "0.001", "dark"));
    ems.send(client, order("moved", "buy", "58000", "0.001", "dark"));
    assertEquals(List.of("dark_open", "dark_open", "dark_open", "dark_open"), resps(ems.marketReady()));

    EmsProtocol.Status canceled = statuses(ems.send(client, new EmsProtocol.Cancel("gone"))).get(0);
    assertEquals(List.of("gone", "canceled"), List.of(canceled.oid(), canceled.resp()));
    EmsProtocol.Status moved = statuses(ems.send(client, order("moved", "buy", "59950", "0.001", "dark"))).get(0);
    assertEquals(List.of("moved", "dark_open"), List.of(moved.oid(), moved.resp()));
    assertEquals(0, new BigDecimal("59950").compareTo(moved.price()));

    assertTrue(ems.tick("ask", "60150").isEmpty(), "an alert watches trades only");
    Decision alert = ems.tick("trade", "60100");
    assertEquals(List.of("alert:triggered"), oidResps(alert));
    assertTrue(sent(alert, PAPER).isEmpty(), "an alert never reaches a broker");
    assertTrue(ems.state.wasDone("alert"));
    assertEquals(List.of("moved:triggered"), oidResps(ems.tick("ask", "59950")));
    assertTrue(ems.tick("ask", "59000").isEmpty(), "a sell stop watches the bid");
    Decision stop = ems.tick("bid", "59900");
    assertEquals(List.of("stop:triggered"), oidResps(stop));
    assertEquals(0, new BigDecimal("59899.95").compareTo(statuses(stop).get(0).submitPrice()));
  }

  @Test
  void twoClientsOfOneAccountSeeEveryStatusCancelEachOthersOrdersAndCancelAllEmptiesTheBook() {
    ClientId alice = ems.client("sim.paper");
    ClientId bob = ems.client("sim.paper");
    ems.send(alice, order("a1", "buy", "59000", "0.001", "live"));
    Decision accepted = ems.marketReady();
    assertEquals(List.of(alice, bob), ems.router.clients().watching("sim.paper"));
    assertTrue(accepted.effects().get(0) instanceof Effect.ToAccount to && to.account().equals("sim.paper"));

    // bob cancels alice's order: a cancel to paperboi, whose answer ends it for both
    Decision cancel = ems.send(bob, new EmsProtocol.Cancel("a1"));
    assertEquals(List.of(new OrderEvent.CancelRequested("a1")), cancel.events());
    assertEquals(List.of(new ClearingProtocol.CancelOrder("a1", null, "sim.paper")), sent(cancel, PAPER));
    assertEquals(List.of("canceled"), resps(ems.paperboi(venue("a1", VenueOrderStatus.CANCELED, false))));

    ems.send(alice, order("a2", "buy", "59000", "0.001", "dark"));
    ems.send(alice, order("a3", "sell", "61000", "0.001", "live"));
    assertEquals(2, ems.state.active().size());
    Decision all = ems.send(bob, new EmsProtocol.CancelAll(null));
    assertEquals(List.of("a2:canceled"), oidResps(all), "a dark order ends at once; a live one asks paperboi");
    assertEquals(List.of(new ClearingProtocol.CancelOrder("a3", null, "sim.paper")), sent(all, PAPER));
    assertEquals(List.of("canceled"), resps(ems.paperboi(venue("a3", VenueOrderStatus.CANCELED, false))));
    assertTrue(ems.state.active().isEmpty());
  }

  @Test
  void badCommandsGetAnErrorForTheSenderAloneAndChangeNothing() {
    RouterFixture risky = new RouterFixture(new OrderState(),
        new RiskLimits(new BigDecimal("1"), new BigDecimal("10000"), new BigDecimal("0.1")));
    ClientId sender = risky.client("sim.paper");
    risky.client("sim.paper");
    risky.send(sender, order("warm", "buy", "60000", "0.001", "dark"));
    risky.marketReady();
    List<Payload> bad = List.of(
        order("z", "buy", "60000", "0", "live"),
        order("z", "buy", "60000.001", "0.001", "live"),
        order("z", "buy", "60000", "0.0000001", "live"),
        new EmsProtocol.Order("z", "buy", "btcusdt.spot.sim", BigDecimal.ONE, BigDecimal.ONE, "sim.nope", null),
        new EmsProtocol.Order(null, null, null, null, null, null, null),
        order("z", "buy", "60000", "2", "live"),
        order("z", "buy", "60000", "1", "dark"),
        order("z", "buy", "50000", "0.1", "live"),
        new EmsProtocol.Cancel("never-was"),
        new Payload.Text("not a command"));
    for (Payload command : bad) {
      Decision refused = risky.send(sender, command);
      assertTrue(refused.events().isEmpty(), command + " journals nothing");
      assertEquals(1, refused.effects().size(), command.toString());
      Effect.ToClient error = (Effect.ToClient) refused.effects().get(0);
      assertEquals(sender, error.client(), "for the sender alone");
      EmsProtocol.Status status = (EmsProtocol.Status) error.event();
      assertEquals("error", status.resp());
      assertTrue(status.reason() != null && !status.reason().isBlank());
    }
    assertEquals(List.of("warm"), risky.state.active().stream().map(d -> d.oid()).toList());
  }

  @Test
  void anOrderOfAMarketDatadDoesNotKnowIsRefusedWithDatadsReason() {
    ClientId client = ems.client("sim.paper");
    Fqme nosuch = Fqme.parse("nosuch.spot.sim");
    Decision waiting = ems.send(client, new EmsProtocol.Order("z", "buy", nosuch.toString(), BigDecimal.ONE,
        BigDecimal.ONE, "paper", null));
    assertEquals(List.of(new Effect.OpenFeed(nosuch)), waiting.effects());
    Decision refused = ems.decide(new RouterInput.MarketFailed(nosuch, RemoteError.of("UnknownSymbol",
        "no market nosuch.spot.sim", "datad.sim")));
    Effect.ToClient error = (Effect.ToClient) refused.effects().get(0);
    assertEquals(client, error.client());
    assertEquals("unknown fqme nosuch.spot.sim: no market nosuch.spot.sim", ((EmsProtocol.Status) error.event())
        .reason());
    assertTrue(refused.events().isEmpty());
  }

  @Test
  void anOrderTooLargeForTheMarketsLongCountsIsRefusedNeverJournaled() {
    ClientId client = ems.client("sim.paper");
    ems.send(client, order("first", "buy", "59000", "0.001", "live"));
    ems.marketReady();
    // on the tick and lot, but 10^19 lots of 0.00001 or cents: more than a 64-bit count holds
    for (EmsProtocol.Order huge : List.of(order("big-size", "buy", "59000", "100000000000000", "live"),
        order("big-price", "sell", "100000000000000000", "0.001", "dark"))) {
      Decision refused = ems.send(client, huge);
      assertTrue(refused.events().isEmpty(), "nothing journaled: " + refused);
      assertEquals(List.of("error"), resps(refused));
      assertTrue(statuses(refused).get(0).reason().contains("64-bit"), statuses(refused).toString());
    }
  }

  @Test
  void aModifyFromAnotherAccountIsRefused() {
    ClientId paper = ems.client("sim.paper");
    ems.send(paper, order("mine", "buy", "59000", "0.001", "live"));
    ems.marketReady();
    ClientId both = ems.client("sim.main", "sim.paper");
    // brokerd must answer before sim.main's orders are routed
    Decision waiting = ems.send(both, new EmsProtocol.Order("mine", "buy", "btcusdt.spot.sim",
        new BigDecimal("59100"), new BigDecimal("0.001"), "sim.main", null));
    assertEquals(List.of(new Effect.OpenLink(RouterFixture.LIVE)), waiting.effects());
    Decision refused = ems.decide(new RouterInput.LinkReady(RouterFixture.LIVE,
        new ClearingProtocol.DialogStarted(List.of(), List.of())));
    assertEquals(List.of("error"), resps(refused));
    assertTrue(statuses(refused).get(0).reason().contains("same account"), statuses(refused).get(0).reason());
    assertEquals("sim.paper", ems.state.get("mine").orElseThrow().account());
  }

  @Test
  void anOrderWaitingForItsMarketIsReachedByCancelAndByTheKillSwitch() {
    ClientId client = ems.client("sim.paper");
    ems.send(client, order("slow-1", "buy", "59000", "0.001", "live"));
    Decision canceled = ems.send(client, new EmsProtocol.Cancel("slow-1"));
    assertEquals(List.of("slow-1:canceled"), oidResps(canceled));
    assertTrue(canceled.events().isEmpty(), "nothing was journaled, so nothing is owed to a broker");
    ems.send(client, order("slow-2", "buy", "59000", "0.001", "live"));
    assertEquals(List.of("slow-2:canceled"), oidResps(ems.send(client, new EmsProtocol.CancelAll(null))));
    Decision ready = ems.marketReady();
    assertTrue(ready.isEmpty(), "neither is accepted once the market comes: " + ready);
    assertTrue(ems.state.active().isEmpty());
  }

  @Test
  void aModifyWaitingForItsMarketGoesWithItsCanceledOrderAndNeverComesBackAsANewOne() {
    // given two dark orders recovered from the journal, their market not back yet
    RouterFixture first = new RouterFixture();
    ClientId before = first.client("sim.paper");
    first.send(before, order("held", "buy", "59000", "0.001", "dark"));
    first.send(before, order("kept", "buy", "58000", "0.001", "dark"));
    first.marketReady();
    RouterFixture again = new RouterFixture(first.state.copy(), RiskLimits.NONE);
    assertEquals(List.of(new Effect.OpenFeed(Markets.BTC)), again.decide(new RouterInput.Resume()).effects());
    ClientId client = again.client("sim.paper");

    // when a modify waits for the market and the order is canceled, then the cancel ends it at once
    again.send(client, order("held", "buy", "59100", "0.001", "dark"));
    EmsProtocol.Status held = statuses(again.send(client, new EmsProtocol.Cancel("held"))).get(0);
    assertEquals(List.of("held", "canceled", "canceled on request"), List.of(held.oid(), held.resp(), held.reason()));
    again.send(client, order("kept", "buy", "58100", "0.001", "dark"));
    EmsProtocol.Status kept = statuses(again.send(client, new EmsProtocol.CancelAll(null))).get(0);
    assertEquals(List.of("kept", "canceled", "canceled by cancel-all"), List.of(kept.oid(), kept.resp(),
        kept.reason()));

    // and when the market comes, neither modify comes back as a new order
    assertTrue(again.marketReady().isEmpty());
    assertTrue(again.tick("ask", "57000").isEmpty());
    assertTrue(again.state.active().isEmpty());
  }

  @Test
  void aRecoveredDarkOrderOffTheMarketsNewTickEndsWithAnErrorAndTheOthersRearm() {
    // given dark orders journaled while the tick was 0.01
    RouterFixture first = new RouterFixture();
    ClientId before = first.client("sim.paper");
    first.send(before, order("odd", "buy", "59000.05", "0.001", "dark"));
    first.send(before, order("even", "buy", "59000", "0.001", "dark"));
    first.marketReady();
    RouterFixture again = new RouterFixture(first.state.copy(), RiskLimits.NONE);
    again.decide(new RouterInput.Resume());
    // when the market comes back with a coarser tick of 0.1 (59000.05 is not on it)
    MktPair coarser = new MktPair(Markets.BTC, Markets.BTC_MKT.dst(), Markets.BTC_MKT.src(), new BigDecimal("0.1"),
        Markets.BTC_MKT.sizeTick(), Markets.BTC_MKT.takerFee(), Markets.BTC_MKT.bsMktid());
    Decision ready = again.decide(new RouterInput.MarketReady(Markets.BTC, coarser, Markets.startup("60000",
        "59999.9", "60000.1")));
    // then the odd one ends with an error naming the tick, never re-priced, and the even one still fires
    assertTrue(ready.events().contains(new OrderEvent.Ended("odd", OrderResp.ERROR, statuses(ready).get(0).reason())),
        ready.toString());
    assertTrue(statuses(ready).get(0).reason().contains("price tick 0.1"), statuses(ready).toString());
    assertFalse(again.state.get("odd").map(Dialog::dark).orElse(false) && !again.state.wasDone("odd"));
    assertTrue(again.tick("ask", "59000").events().stream().anyMatch(event -> event instanceof OrderEvent.Triggered t
        && t.oid().equals("even")), "the other recovered order is armed");
  }

  @Test
  void aClientJoiningSeesTheActiveOrdersOfItsAccountsInItsSnapshotAndLaterOnesAsStatuses() {
    ClientId busy = ems.client("sim.paper");
    ems.send(busy, order("warm", "buy", "50000", "0.001", "dark"));
    ems.marketReady();
    ClientId joining = new ClientId(99);
    EmsProtocol.DialogStarted snapshot = RouterFixture.begun(ems.decide(new RouterInput.Attach(joining,
        List.of("sim.paper"))), joining);
    assertNotNull(snapshot, "the paper dialog has answered: the snapshot is taken now");
    assertEquals(List.of("warm:dark_open"), snapshot.active().stream().map(s -> s.oid() + ":" + s.resp()).toList());
    // a status decided before the joining dialog begins is not for it; one after is
    Decision early = ems.send(busy, order("o1", "buy", "50000", "0.001", "dark"));
    assertEquals(List.of(busy), ems.router.clients().watching("sim.paper"));
    assertTrue(ems.router.clients().begin(joining));
    assertEquals(List.of("o1:dark_open"), oidResps(early));
    assertEquals(List.of(busy, joining), ems.router.clients().watching("sim.paper"));
  }

  @Test
  void aRestartedRouterResubmitsItsLiveOrdersByOidAndReArmsItsDarkOnesCatchingUpWithTheMarket() {
    RouterFixture first = new RouterFixture();
    ClientId client = first.client("sim.paper");
    first.send(client, order("dark", "buy", "59000", "0.001", "dark"));
    first.send(client, order("rest", "buy", "59500", "0.002", "live"));
    first.marketReady();
    first.paperboi(new ClearingProtocol.Ack("rest", "paper-rest"), venue("rest", VenueOrderStatus.OPEN, true));

    RouterFixture again = new RouterFixture(first.state.copy(), RiskLimits.NONE);
    Decision resumed = again.decide(new RouterInput.Resume());
    assertTrue(resumed.events().isEmpty());
    assertEquals(List.of(new ClearingProtocol.SubmitOrder("rest", "paper-rest", "sim.paper", OrderAction.BUY,
        Markets.BTC, new BigDecimal("59500"), new BigDecimal("0.002"))), sent(resumed, PAPER));
    // the market comes back already through the dark order's trigger: it fires on the market's own prices
    Decision caughtUp = again.decide(new RouterInput.MarketReady(Markets.BTC, Markets.BTC_MKT,
        new Quote(Markets.BTC, 1L, new BigDecimal("58999"), new BigDecimal("58998"), new BigDecimal("58999"),
            List.of())));
    assertEquals(List.of("dark:triggered"), oidResps(caughtUp));
    assertEquals(1, sent(caughtUp, PAPER).size());
  }

  @Test
  void whenPaperboiIsLostItsAckedOrdersWaitForTheLinksReplayAndANewOrderWaitsForTheNextDialog() {
    ClientId client = ems.client("sim.paper");
    ems.send(client, order("survivor", "buy", "59500", "0.001", "live"));
    ems.marketReady();
    ems.paperboi(new ClearingProtocol.Ack("survivor", "paper-survivor"),
        venue("survivor", VenueOrderStatus.OPEN, true));

    RemoteError crash = RemoteError.of("Crash", "paperboi died", "test");
    Decision lost = ems.decide(new RouterInput.LinkLost(PAPER, crash));
    assertTrue(lost.events().isEmpty(), "nothing ends: the link submits its open orders again");
    assertEquals(List.of(new Effect.FailLedgers(PAPER, crash)), lost.effects());
    // a client dialog now asks paperboi again; it and a new order wait for its answer
    ClientId late = new ClientId(42);
    assertEquals(List.of(new Effect.RetryLink(PAPER)), ems.decide(new RouterInput.Attach(late,
        List.of("sim.paper"))).effects());
    assertTrue(ems.send(client, order("newcomer", "buy", "59450", "0.001", "live")).isEmpty());
    Decision ready = ems.paperReady();
    assertNotNull(RouterFixture.begun(ready, late));
    assertEquals(List.of("newcomer:pending"), oidResps(ready));
    assertEquals(List.of("survivor", "newcomer"), ems.state.active().stream().map(d -> d.oid()).toList());
    assertEquals(1, sent(ready, PAPER).size(), "the survivor is the link's to replay, not the router's");
  }

  @Test
  void aBrokerWithoutAKeyTradesItsLiveAccountOnPaperAndSaysWhy() {
    ClientId client = ems.client("sim.main");
    Decision waiting = ems.send(client, new EmsProtocol.Order("m1", "buy", "btcusdt.spot.sim",
        new BigDecimal("59000"), new BigDecimal("0.001"), "sim.main", null));
    assertTrue(waiting.effects().contains(new Effect.OpenLink(RouterFixture.LIVE)));
    Decision paper = ems.decide(new RouterInput.LinkPaper(RouterFixture.LIVE, "no api key for sim"));
    assertEquals(List.of(new Effect.OpenFeed(Markets.BTC)), paper.effects().stream()
        .filter(e -> e instanceof Effect.OpenFeed).toList());
    Decision accepted = ems.marketReady();
    EmsProtocol.Status pending = statuses(accepted).get(0);
    assertEquals(List.of("pending", "sim.paper", "no api key for sim"), List.of(pending.resp(), pending.account(),
        pending.reason()));
    assertEquals(List.of(client), ems.router.clients().watching("sim.paper"), "the dialog now watches paper");
    assertEquals("sim.paper", ems.state.get("m1").orElseThrow().account());
    assertEquals(1, sent(accepted, PAPER).size());
  }

  private static List<String> oidResps(Decision decision) {
    return statuses(decision).stream().map(s -> s.oid() + ":" + s.resp()).toList();
  }
}
