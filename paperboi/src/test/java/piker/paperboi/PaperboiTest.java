package piker.paperboi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.accounting.AccountFile;
import piker.accounting.HeldDisk;
import piker.accounting.LedgerFile;
import piker.accounting.LedgerWriter;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.clearing.ClearingProtocol.BrokerEvent;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.daemon.Session;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.market.Quote;
import piker.contracts.market.Tick;
import piker.contracts.names.ServiceName;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.VenueOrderStatus;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.testkit.Markets;
import piker.contracts.testkit.ScriptedDatad;
import piker.contracts.testkit.StubServices;
import piker.contracts.testkit.TestCookies;

/** paperboi against a scripted datad, over its clearing dialog, with real ledger files. */
class PaperboiTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private static final ServiceName PAPERBOI = ServiceName.of(DaemonKind.PAPERBOI, "sim");
  private static final ServiceName DATAD = ServiceName.of(DaemonKind.DATAD, "sim");

  @TempDir
  Path dir;
  private RuntimeSettings settings;
  private ActorRef<DaemonProtocol.Command> datad;
  private ActorRef<ServicesProtocol.Command> services;
  private StubServices stub;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    settings = TestCookies.settingsIn(dir);
    TestProbe<DaemonLifecycle.Event> lifecycle = kit.createTestProbe();
    datad = kit.spawn(ScriptedDatad.create(new DaemonSpec(DATAD, settings, lifecycle.ref(), false),
        List.of(Markets.BTC_MKT), List.of(Markets.startup("60000", "59999.99", "60000.01"))));
    stub = new StubServices();
    stub.register(DATAD, datad);
    services = kit.spawn(stub.behavior());
  }

  /** Every paperboi of a test, stopped after it so no account file is written into a deleted folder. */
  private final List<ActorRef<DaemonProtocol.Command>> spawned = new java.util.ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void stopPaperbois() {
    spawned.forEach(paperboi -> kit.stop(paperboi, Duration.ofSeconds(10)));
  }

  private ActorRef<DaemonProtocol.Command> paperboi() {
    return paperboi(LedgerWriter.DIRECT);
  }

  private ActorRef<DaemonProtocol.Command> paperboi(LedgerWriter.Append append) {
    TestProbe<DaemonLifecycle.Event> lifecycle = kit.createTestProbe();
    ActorRef<DaemonProtocol.Command> paperboi = kit.spawn(Paperboi.create(new DaemonSpec(PAPERBOI, settings,
        lifecycle.ref(), true, Map.of(), Map.of(), Optional.of(services)), append));
    spawned.add(paperboi);
    return paperboi;
  }

  /** An open clearing dialog: its opener probe and the session to send to. */
  private record Dialog(TestProbe<Session.Event> opener, ActorRef<Session.Input> session,
                        ClearingProtocol.DialogStarted started) {
    void send(ClearingProtocol.SubmitOrder order) {
      session.tell(new Session.Send(order));
    }

    void cancel(String oid, String account) {
      session.tell(new Session.Send(new ClearingProtocol.CancelOrder(oid, "paper-" + oid, account)));
    }

    List<BrokerEvent> events() {
      Session.Message message = opener.expectMessageClass(Session.Message.class, Duration.ofSeconds(10));
      return ((ClearingProtocol.Events) message.body()).events();
    }
  }

  private Dialog open(ActorRef<DaemonProtocol.Command> paperboi) {
    TestProbe<Session.Event> opener = kit.createTestProbe();
    paperboi.tell(new DaemonProtocol.OpenSession(UUID.randomUUID().toString(), Endpoint.OPEN_PAPER_DIALOG.wireName(),
        TestCookies.hello(), new ClearingProtocol.DialogParams(List.of("sim.paper")), opener.ref()));
    Session.Started started = opener.expectMessageClass(Session.Started.class, Duration.ofSeconds(10));
    return new Dialog(opener, started.session(), (ClearingProtocol.DialogStarted) started.first());
  }

  private static ClearingProtocol.SubmitOrder order(String oid, OrderAction action, String price, String size) {
    return new ClearingProtocol.SubmitOrder(oid, null, "sim.paper", action, Markets.BTC, new BigDecimal(price),
        new BigDecimal(size));
  }

  private static BigDecimal d(String text) {
    return new BigDecimal(text);
  }

  @Test
  void aBuyThroughTheAskFillsAtTheAskInOrderAckOpenFillClosedPositionAndIsOnDisk() throws Exception {
    Dialog dialog = open(paperboi());
    dialog.send(order("b1", OrderAction.BUY, "60000.05", "0.001"));
    List<BrokerEvent> events = dialog.events();
    assertEquals(List.of(ClearingProtocol.Ack.class, ClearingProtocol.OrderStatus.class, ClearingProtocol.Fill.class,
        ClearingProtocol.OrderStatus.class, ClearingProtocol.PositionUpdate.class),
        events.stream().map(Object::getClass).toList());
    ClearingProtocol.OrderStatus open = (ClearingProtocol.OrderStatus) events.get(1);
    assertEquals(VenueOrderStatus.OPEN, open.status());
    assertEquals(false, open.resting());
    ClearingProtocol.Fill fill = (ClearingProtocol.Fill) events.get(2);
    assertEquals(0, d("60000.01").compareTo(fill.price()), "fills at the ask, not the limit");
    assertEquals(0, d("0.06000001").compareTo(fill.cost()), "the catalogue's taker fee, exact");
    assertEquals(VenueOrderStatus.CLOSED, ((ClearingProtocol.OrderStatus) events.get(3)).status());
    ClearingProtocol.PositionUpdate position = (ClearingProtocol.PositionUpdate) events.get(4);
    assertEquals(0, d("0.001").compareTo(position.size()));
    assertEquals(0, d("60000.01").compareTo(position.avgPrice()));

    LedgerFile ledger = LedgerFile.open(settings.dataDir(), "sim.paper");
    assertEquals(List.of(fill.tid()), ledger.clears().stream().map(c -> c.tid()).toList());
    // the account file follows the ledger off the order path
    kit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
      try {
        assertEquals(0, d("0.001").compareTo(AccountFile.read(settings.dataDir(), "sim.paper").get(0).size()));
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
      return null;
    });
    assertTrue(Files.readString(ledger.path()).contains("price = 60000.01"));
  }

  /**
   * The ledger's disk held mid-append: the fill's events leave only after the append (the test's disk
   * says when it is done, on the same probe), what paperboi decided later follows them, and a ledger
   * call reads the file only once the append is in.
   */
  @Test
  void aFillIsReportedOnlyAfterItsLedgerAppendAndWhatFollowsItWaitsBehindIt() throws Exception {
    TestProbe<Session.Event> opener = kit.createTestProbe();
    HeldDisk disk = new HeldDisk(() -> opener.ref().tell(new Session.Message("disk",
        new piker.contracts.Payload.Text("appended"))));
    ActorRef<DaemonProtocol.Command> paperboi = paperboi(disk);
    paperboi.tell(new DaemonProtocol.OpenSession(UUID.randomUUID().toString(), Endpoint.OPEN_PAPER_DIALOG.wireName(),
        TestCookies.hello(), new ClearingProtocol.DialogParams(List.of("sim.paper")), opener.ref()));
    Session.Started started = opener.expectMessageClass(Session.Started.class, Duration.ofSeconds(10));
    Dialog dialog = new Dialog(opener, started.session(), (ClearingProtocol.DialogStarted) started.first());

    dialog.send(order("h1", OrderAction.BUY, "60000.05", "0.001"));
    assertEquals(List.of("paper-h1"), disk.nextWrite(Duration.ofSeconds(10)));
    dialog.send(order("h2", OrderAction.BUY, "59000", "0.001"));
    TestProbe<DaemonProtocol.CallResult> caller = kit.createTestProbe();
    paperboi.tell(new DaemonProtocol.Call(Endpoint.LOAD_PAPER_LEDGER.wireName(), TestCookies.hello(),
        new ClearingProtocol.LedgerRequest("sim.paper"), caller.ref()));
    disk.release();

    Session.Message first = opener.expectMessageClass(Session.Message.class, Duration.ofSeconds(10));
    assertEquals(new piker.contracts.Payload.Text("appended"), first.body(), "nothing of the fill before its append");
    List<BrokerEvent> filled = dialog.events();
    assertEquals("paper-h1", at(filled, 2, ClearingProtocol.Fill.class).tid());
    List<BrokerEvent> next = dialog.events();
    assertEquals("h2", at(next, 1, ClearingProtocol.OrderStatus.class).oid(), "decided after the fill, sent after it");
    DaemonProtocol.Reply reply = caller.expectMessageClass(DaemonProtocol.Reply.class, Duration.ofSeconds(10));
    ClearingProtocol.LedgerReply ledger = (ClearingProtocol.LedgerReply) reply.result();
    assertEquals(0, d("0.001").compareTo(ledger.positions().get(0).size()), "read after the append");
  }

  @Test
  void aRestingSellWaitsForABidOrTradeAtItsPriceAndFillsAtItsOwnLimit() {
    Dialog dialog = open(paperboi());
    dialog.send(order("s1", OrderAction.SELL, "60010", "0.002"));
    List<BrokerEvent> opened = dialog.events();
    assertEquals(true, ((ClearingProtocol.OrderStatus) opened.get(1)).resting());
    datad.tell(new ScriptedDatad.Push(Markets.tick("bid", "60005")));
    datad.tell(new ScriptedDatad.Push(Markets.tick("ask", "60020")));
    dialog.opener().expectNoMessage(Duration.ofMillis(300));
    datad.tell(new ScriptedDatad.Push(Markets.tick("trade", "60012.5")));
    List<BrokerEvent> filled = dialog.events();
    ClearingProtocol.Fill fill = assertInstanceOf(ClearingProtocol.Fill.class, filled.get(0));
    assertEquals(0, d("60010").compareTo(fill.price()), "a maker fills at its limit, not at the print");
    assertEquals(OrderAction.SELL, fill.action());
    ClearingProtocol.PositionUpdate position = (ClearingProtocol.PositionUpdate) filled.get(2);
    assertEquals(0, d("-0.002").compareTo(position.size()));
  }

  @Test
  void aRestingOrderOutlivesItsDatadAndFillsFromTheOneStartedAfterIt() {
    Dialog dialog = open(paperboi());
    dialog.send(order("s2", OrderAction.SELL, "60010", "0.002"));
    assertEquals(true, ((ClearingProtocol.OrderStatus) dialog.events().get(1)).resting());
    kit.stop(datad, Duration.ofSeconds(10));
    TestProbe<DaemonLifecycle.Event> lifecycle = kit.createTestProbe();
    ActorRef<DaemonProtocol.Command> second = kit.spawn(ScriptedDatad.create(
        new DaemonSpec(DATAD, settings, lifecycle.ref(), false), List.of(Markets.BTC_MKT),
        List.of(Markets.startup("60000", "59999.99", "60000.01"))));
    stub.register(DATAD, second);
    // the trade is pushed until paperboi's reopened feed (through the new datad) carries it
    List<BrokerEvent> filled = dialog.opener().awaitAssert(Duration.ofSeconds(15), () -> {
      second.tell(new ScriptedDatad.Push(Markets.tick("trade", "60012.5")));
      Session.Message message = dialog.opener().expectMessageClass(Session.Message.class, Duration.ofMillis(300));
      return ((ClearingProtocol.Events) message.body()).events();
    });
    assertEquals(0, d("60010").compareTo(assertInstanceOf(ClearingProtocol.Fill.class, filled.get(0)).price()));
  }

  @Test
  void aCanceledOrderNeverFillsAndACancelAgainIsAnsweredCanceled() throws Exception {
    Dialog dialog = open(paperboi());
    dialog.send(order("c1", OrderAction.BUY, "59000", "0.001"));
    dialog.events();
    dialog.cancel("c1", "sim.paper");
    assertEquals(VenueOrderStatus.CANCELED, ((ClearingProtocol.OrderStatus) dialog.events().get(0)).status());
    dialog.cancel("c1", "sim.paper");
    assertEquals(VenueOrderStatus.CANCELED, ((ClearingProtocol.OrderStatus) dialog.events().get(0)).status(),
        "idempotent");
    dialog.cancel("c1", "sim.main");
    assertInstanceOf(ClearingProtocol.OrderError.class, dialog.events().get(0), "not this dialog's account");
    datad.tell(new ScriptedDatad.Push(Markets.tick("ask", "58000")));
    dialog.opener().expectNoMessage(Duration.ofMillis(300));
    assertTrue(LedgerFile.open(settings.dataDir(), "sim.paper").clears().isEmpty());
  }

  @Test
  void anOidWhoseTradeIsInTheLedgerIsAnsweredFromTheLedgerBySubmitAndCancelNeverClearedTwice() throws Exception {
    Dialog first = open(paperboi());
    first.send(order("r1", OrderAction.BUY, "60000.01", "0.001"));
    ClearingProtocol.Fill fill = (ClearingProtocol.Fill) first.events().get(2);
    // a new paperboi (after a crash) gets the same order again from emsd's journal
    Dialog again = open(paperboi());
    assertEquals(1, again.started().positions().size(), "positions come back from the ledger");
    again.send(order("r1", OrderAction.BUY, "60000.01", "0.001"));
    List<BrokerEvent> replayed = again.events();
    ClearingProtocol.Fill same = (ClearingProtocol.Fill) replayed.get(1);
    assertEquals(fill.tid(), same.tid());
    assertEquals(0, fill.price().compareTo(same.price()));
    // emsd replays only the cancel of an order it was canceling: the answer is the fill, never a cancel
    again.cancel("r1", "sim.paper");
    List<BrokerEvent> answer = again.events();
    assertEquals(fill.tid(), ((ClearingProtocol.Fill) answer.get(1)).tid());
    assertEquals(VenueOrderStatus.CLOSED, ((ClearingProtocol.OrderStatus) answer.get(2)).status());
    assertEquals(1, LedgerFile.open(settings.dataDir(), "sim.paper").clears().size());
  }

  /** One tick with its size, as the venue sends it. */
  private static Quote sized(String type, String price, String size) {
    return new Quote(Markets.BTC, System.nanoTime(), null, null, null,
        List.of(new Tick(type, d(price), d(size))));
  }

  private static <T> T at(List<BrokerEvent> events, int index, Class<T> type) {
    return assertInstanceOf(type, events.get(index), events.toString());
  }

  /**
   * The ask shows 0.003: in one quote with a trade that fills a resting warm-up order, whose fill tells
   * that paperboi has seen the quote.
   */
  private void showAskOf3(Dialog dialog) {
    dialog.send(order("warm", OrderAction.BUY, "50000", "0.001"));
    assertEquals(true, at(dialog.events(), 1, ClearingProtocol.OrderStatus.class).resting());
    datad.tell(new ScriptedDatad.Push(new Quote(Markets.BTC, System.nanoTime(), null, null,
        null, List.of(new Tick("ask", d("60000.01"), d("0.003")),
            new Tick("trade", d("50000"), d("0.001"))))));
    assertEquals("paper-warm", at(dialog.events(), 0, ClearingProtocol.Fill.class).tid());
  }

  /** Then a buy of 0.005 through it: 0.003 taken at the ask, 0.002 resting at 60000.05. */
  private static void partlyFilledOnArrival(Dialog dialog, String oid) {
    dialog.send(order(oid, OrderAction.BUY, "60000.05", "0.005"));
    List<BrokerEvent> arrival = dialog.events();
    assertEquals(List.of(ClearingProtocol.Ack.class, ClearingProtocol.OrderStatus.class, ClearingProtocol.Fill.class,
        ClearingProtocol.PositionUpdate.class), arrival.stream().map(Object::getClass).toList(), "no closed yet");
    assertEquals(false, at(arrival, 1, ClearingProtocol.OrderStatus.class).resting(), "it matched on arrival");
    ClearingProtocol.Fill taken = at(arrival, 2, ClearingProtocol.Fill.class);
    assertEquals(0, d("60000.01").compareTo(taken.price()));
    assertEquals(0, d("0.003").compareTo(taken.size()), "no more than the ask showed");
    assertEquals("paper-" + oid + "#1", taken.tid());
  }

  @Test
  void aBuyBiggerThanTheAskFillsWhatTheAskShowsAndTheRestFillsAtItsLimitLater() throws Exception {
    Dialog dialog = open(paperboi());
    showAskOf3(dialog);
    partlyFilledOnArrival(dialog, "p1");
    datad.tell(new ScriptedDatad.Push(sized("ask", "60000.02", "1")));
    List<BrokerEvent> rest = dialog.events();
    ClearingProtocol.Fill fill = at(rest, 0, ClearingProtocol.Fill.class);
    assertEquals(0, d("60000.05").compareTo(fill.price()), "the resting part is a maker at its limit");
    assertEquals(0, d("0.002").compareTo(fill.size()));
    assertEquals("paper-p1#2-last", fill.tid());
    ClearingProtocol.OrderStatus closed = at(rest, 1, ClearingProtocol.OrderStatus.class);
    assertEquals(VenueOrderStatus.CLOSED, closed.status());
    assertEquals(0, d("0.005").compareTo(closed.filled()));
    assertEquals(0, d("0.006").compareTo(at(rest, 2, ClearingProtocol.PositionUpdate.class).size()), "with warm's");
    assertEquals(List.of("paper-warm", "paper-p1#1", "paper-p1#2-last"),
        LedgerFile.open(settings.dataDir(), "sim.paper").clears().stream().map(c -> c.tid()).toList());
    // the ledger alone says it is done: a cancel replayed to a new paperboi is answered with both fills, closed
    Dialog again = open(paperboi());
    again.cancel("p1", "sim.paper");
    List<BrokerEvent> answer = again.events();
    assertEquals(List.of("paper-p1#1", "paper-p1#2-last"), answer.stream()
        .filter(ClearingProtocol.Fill.class::isInstance).map(e -> ((ClearingProtocol.Fill) e).tid()).toList());
    assertEquals(VenueOrderStatus.CLOSED, at(answer, 3, ClearingProtocol.OrderStatus.class).status());
  }

  @Test
  void anOrderThatFilledPartlyBeforeARestartComesBackWithItsFillsAndRestsTheRest() throws Exception {
    Dialog first = open(paperboi());
    showAskOf3(first);
    partlyFilledOnArrival(first, "p2");
    // a new paperboi (after a crash) gets the order again from emsd's journal, and a cancel of another
    Dialog again = open(paperboi());
    again.send(order("p2", OrderAction.BUY, "60000.05", "0.005"));
    List<BrokerEvent> back = again.events();
    assertEquals("paper-p2#1", at(back, 1, ClearingProtocol.Fill.class).tid(), "the fill again, for emsd to drop");
    ClearingProtocol.OrderStatus open = at(back, 2, ClearingProtocol.OrderStatus.class);
    assertEquals(VenueOrderStatus.OPEN, open.status());
    assertEquals(0, d("0.003").compareTo(open.filled()));
    assertEquals(0, d("0.002").compareTo(open.remaining()));
    again.cancel("p2", "sim.paper");
    ClearingProtocol.OrderStatus canceled = at(again.events(), 0, ClearingProtocol.OrderStatus.class);
    assertEquals(VenueOrderStatus.CANCELED, canceled.status());
    assertEquals(0, d("0.003").compareTo(canceled.filled()));
    // a cancel of a partly filled order no paperboi holds: its fills, then canceled
    Dialog third = open(paperboi());
    third.cancel("p2", "sim.paper");
    List<BrokerEvent> answer = third.events();
    assertEquals("paper-p2#1", at(answer, 1, ClearingProtocol.Fill.class).tid());
    assertEquals(VenueOrderStatus.CANCELED, at(answer, 2, ClearingProtocol.OrderStatus.class).status());
    assertEquals(1, LedgerFile.open(settings.dataDir(), "sim.paper").clears().stream()
        .filter(c -> c.tid().startsWith("paper-p2")).count(), "never cleared twice");
  }

  @Test
  void badOrdersGetAnErrorAndPaperboiKeepsClearing() {
    Dialog dialog = open(paperboi());
    dialog.send(new ClearingProtocol.SubmitOrder("x1", null, "sim.paper", OrderAction.BUY, Markets.BTC, d("60000.001"),
        d("0.001")));
    assertInstanceOf(ClearingProtocol.OrderError.class, dialog.events().get(0), "off the price tick");
    dialog.send(new ClearingProtocol.SubmitOrder("x2", null, "sim.main", OrderAction.BUY, Markets.BTC, d("60000.01"),
        d("0.001")));
    assertInstanceOf(ClearingProtocol.OrderError.class, dialog.events().get(0), "not this dialog's account");
    dialog.send(new ClearingProtocol.SubmitOrder("x3", null, "sim.paper", null, Markets.BTC, d("60000.01"),
        d("0.001")));
    assertInstanceOf(ClearingProtocol.OrderError.class, dialog.events().get(0), "no such action");
    dialog.send(new ClearingProtocol.SubmitOrder("x4", null, "sim.paper", OrderAction.BUY, Markets.BTC,
        d("1E+999999999"), d("0.001")));
    assertInstanceOf(ClearingProtocol.OrderError.class, dialog.events().get(0), "a price no tick check should face");
    dialog.send(new ClearingProtocol.SubmitOrder(null, null, null, null, null, null, null));
    assertInstanceOf(ClearingProtocol.OrderError.class, dialog.events().get(0), "nothing at all");
    dialog.session().tell(new Session.Send(new piker.contracts.Payload.Text("hello")));
    assertInstanceOf(ClearingProtocol.OrderError.class, dialog.events().get(0), "not an order");
    dialog.send(order("ok", OrderAction.BUY, "60000.01", "0.001"));
    assertInstanceOf(ClearingProtocol.Fill.class, dialog.events().get(2));
  }

  @Test
  void aDialogForAnotherBrokersAccountIsRefused() {
    TestProbe<Session.Event> opener = kit.createTestProbe();
    paperboi().tell(new DaemonProtocol.OpenSession("s", Endpoint.OPEN_PAPER_DIALOG.wireName(), TestCookies.hello(),
        new ClearingProtocol.DialogParams(List.of("binance.paper")), opener.ref()));
    opener.expectMessageClass(Session.Refused.class, Duration.ofSeconds(10));
  }
}
