package piker.clearing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.accounting.LedgerFile;
import piker.contracts.Payload;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.daemon.Session;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.ems.EmsProtocol.Resp;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.testkit.Markets;
import piker.contracts.testkit.ScriptedDatad;
import piker.contracts.testkit.StubServices;
import piker.contracts.testkit.TestCookies;
import piker.emsd.EmsSettings;
import piker.emsd.Emsd;
import piker.emsd.journal.OrderLog;
import piker.emsd.orders.RiskLimits;
import piker.paperboi.Paperboi;

/**
 * emsd and paperboi together in one JVM over their real protocols, against a scripted datad whose
 * ticks the test pushes: the order dialogs, the dark book, the kill switch, validation, and recovery
 * from the journal (emsd's file journal in the test's folder: real files, as in pikerd).
 */
class EmsdPaperTest {
  private static final ActorTestKit kit = ActorTestKit.create("emsd-paper", ConfigFactory.load("application-test"));
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ServiceName EMSD = ServiceName.of(DaemonKind.EMSD);

  @TempDir
  Path dir;
  private RuntimeSettings settings;
  private ActorRef<DaemonProtocol.Command> datad;
  private StubServices stub;
  private ActorRef<ServicesProtocol.Command> services;
  private OrderLog.Settings journal;
  private ActorRef<DaemonProtocol.Command> paperboi;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    settings = TestCookies.settingsIn(dir);
    journal = OrderLog.Settings.in(dir.resolve("emsd"));
    stub = new StubServices();
    services = kit.spawn(stub.behavior());
    datad = kit.spawn(ScriptedDatad.create(spec(ServiceName.of(DaemonKind.DATAD, "sim")), List.of(Markets.BTC_MKT),
        List.of(Markets.startup("60000", "59999.99", "60000.01"))));
    stub.register(ServiceName.of(DaemonKind.DATAD, "sim"), datad);
    ServiceName paperboi = ServiceName.of(DaemonKind.PAPERBOI, "sim");
    this.paperboi = kit.spawn(Paperboi.create(spec(paperboi)));
    stub.register(paperboi, this.paperboi);
  }

  /** paperboi writes account files off the order path: stopped after each test, before its folder goes. */
  @org.junit.jupiter.api.AfterEach
  void stopPaperboi() {
    kit.stop(paperboi, WAIT);
  }

  private DaemonSpec spec(ServiceName name) {
    TestProbe<DaemonLifecycle.Event> lifecycle = kit.createTestProbe();
    return new DaemonSpec(name, settings, lifecycle.ref(), true, Map.of(), Map.of(), Optional.of(services));
  }

  private ActorRef<DaemonProtocol.Command> emsd(RiskLimits risk) {
    EmsSettings ems = new EmsSettings(java.util.Set.of("sim"), java.util.Set.of("sim.main"), Map.of(), risk, journal);
    return kit.spawn(Emsd.create(spec(EMSD), ems));
  }

  /** A client dialog: its opener probe, the session, and what it got at start. */
  private record Client(TestProbe<Session.Event> probe, ActorRef<Session.Input> session,
                        EmsProtocol.DialogStarted started, List<EmsProtocol.Event> unread) {
    void send(Payload command) {
      session.tell(new Session.Send(command));
    }

    EmsProtocol.Event next() {
      if (!unread.isEmpty()) {
        return unread.remove(0);
      }
      Payload body = probe.expectMessageClass(Session.Message.class, WAIT).body();
      if (body instanceof EmsProtocol.Batch batch) {
        unread.addAll(batch.events());
        return unread.remove(0);
      }
      return (EmsProtocol.Event) body;
    }

    EmsProtocol.Status status() {
      EmsProtocol.Event event = next();
      assertTrue(event instanceof EmsProtocol.Status, "expected a status, got " + event);
      return (EmsProtocol.Status) event;
    }

    /** The next statuses' resps (positions are skipped and kept). */
    List<String> resps(int count) {
      List<String> resps = new ArrayList<>();
      while (resps.size() < count) {
        EmsProtocol.Event event = next();
        if (event instanceof EmsProtocol.Status status) {
          resps.add(status.resp());
        }
      }
      return resps;
    }

    EmsProtocol.Position position() {
      EmsProtocol.Event event = next();
      assertTrue(event instanceof EmsProtocol.Position, "expected a position, got " + event);
      return (EmsProtocol.Position) event;
    }

    void quiet() {
      assertTrue(unread.isEmpty(), "unread: " + unread);
      probe.expectNoMessage(Duration.ofMillis(300));
    }
  }

  private Client connect(ActorRef<DaemonProtocol.Command> emsd, List<String> accounts) {
    TestProbe<Session.Event> probe = kit.createTestProbe();
    emsd.tell(new DaemonProtocol.OpenSession(UUID.randomUUID().toString(), Endpoint.OPEN_EMS_DIALOG.wireName(),
        TestCookies.hello(), new EmsProtocol.DialogParams(accounts), probe.ref()));
    Session.Started started = probe.expectMessageClass(Session.Started.class, WAIT);
    return new Client(probe, started.session(), (EmsProtocol.DialogStarted) started.first(), new ArrayList<>());
  }

  private static EmsProtocol.Order order(String oid, String action, String price, String size, String exec) {
    return new EmsProtocol.Order(oid, action, "btcusdt.spot.sim", new BigDecimal(price), new BigDecimal(size),
        "paper", exec);
  }

  private void push(String type, String price) {
    datad.tell(new ScriptedDatad.Push(Markets.tick(type, price)));
  }

  @Test
  void aPaperBuyThroughTheAskGoesPendingOpenFillClosedThenAPosition() {
    Client client = connect(emsd(RiskLimits.NONE), List.of("sim.paper"));
    client.send(order("b1", "buy", "60000.05", "0.001", "live"));
    assertEquals(Resp.PENDING, client.status().resp());
    EmsProtocol.Status open = client.status();
    assertEquals(Resp.OPEN, open.resp());
    assertEquals(false, open.resting());
    EmsProtocol.Status fill = client.status();
    assertEquals(Resp.FILL, fill.resp());
    assertEquals(0, new BigDecimal("60000.01").compareTo(fill.fillPrice()));
    assertEquals(0, new BigDecimal("0.001").compareTo(fill.filled()));
    assertEquals(Resp.CLOSED, client.status().resp());
    EmsProtocol.Position position = (EmsProtocol.Position) client.next();
    assertEquals(0, new BigDecimal("0.001").compareTo(position.size()));
    assertEquals(0, new BigDecimal("60000.01").compareTo(position.avgPrice()));
    assertEquals(0, stub.requestsFor(ServiceName.of(DaemonKind.BROKERD, "sim")), "paper sessions start no brokerd");
  }

  @Test
  void aClearingDaemonStoppingWhileTheNodeRunsIsAWarning() {
    Client client = connect(emsd(RiskLimits.NONE), List.of("sim.paper"));
    client.send(order("r1", "buy", "59000", "0.001", "live"));
    assertEquals(List.of(Resp.PENDING, Resp.OPEN), client.resps(2));
    // the same stop pikerd's shutdown sends; only an orderly stop of the whole node makes it expected
    LoggingTestKit.warn("clearing dialog with paperboi.sim lost").expect(kit.system(), () -> {
      paperboi.tell(new DaemonProtocol.Stop("a test"));
      return null;
    });
  }

  @Test
  void aDarkBuyBelowTheMarketWaitsForTheFirstCrossingAskThenGoesLiveThroughIt() {
    Client client = connect(emsd(RiskLimits.NONE), List.of());
    client.send(order("d1", "buy", "59990", "0.002", "dark"));
    assertEquals(Resp.DARK_OPEN, client.status().resp());
    push("ask", "59995");
    push("bid", "59980");
    push("trade", "59991");
    client.quiet();
    push("ask", "59989.5");
    EmsProtocol.Status triggered = client.status();
    assertEquals(Resp.TRIGGERED, triggered.resp());
    assertEquals(0, new BigDecimal("59989.55").compareTo(triggered.submitPrice()), "5 price ticks through the ask");
    assertEquals(0, new BigDecimal("59990").compareTo(triggered.price()), "price stays the user's trigger");
    assertEquals(List.of(Resp.OPEN, Resp.FILL, Resp.CLOSED), client.resps(3));
  }

  @Test
  void aDarkSellStopAnAlertACancelAndAModifyBehaveLikeTheBookSays() {
    Client client = connect(emsd(RiskLimits.NONE), List.of("sim.paper"));
    client.send(order("stop", "sell", "59900", "0.001", "dark"));
    client.send(order("alert", "alert", "60100", "1", "live"));
    client.send(order("gone", "buy", "59000", "0.001", "dark"));
    client.send(order("moved", "buy", "58000", "0.001", "dark"));
    assertEquals(List.of(Resp.DARK_OPEN, Resp.DARK_OPEN, Resp.DARK_OPEN, Resp.DARK_OPEN), client.resps(4));
    client.send(new EmsProtocol.Cancel("gone"));
    EmsProtocol.Status canceled = client.status();
    assertEquals(List.of("gone", Resp.CANCELED), List.of(canceled.oid(), canceled.resp()));
    client.send(order("moved", "buy", "59950", "0.001", "dark"));
    EmsProtocol.Status moved = client.status();
    assertEquals(List.of("moved", Resp.DARK_OPEN), List.of(moved.oid(), moved.resp()));
    assertEquals(0, new BigDecimal("59950").compareTo(moved.price()));

    push("ask", "60150");
    client.quiet();
    push("trade", "60100");
    EmsProtocol.Status alert = client.status();
    assertEquals(List.of("alert", Resp.TRIGGERED), List.of(alert.oid(), alert.resp()));
    push("ask", "59950");
    EmsProtocol.Status movedFired = client.status();
    assertEquals(List.of("moved", Resp.TRIGGERED), List.of(movedFired.oid(), movedFired.resp()));
    assertEquals(List.of(Resp.OPEN, Resp.FILL, Resp.CLOSED), client.resps(3));
    client.position();
    push("ask", "59000");
    client.quiet();
    push("bid", "59900");
    EmsProtocol.Status stop = client.status();
    assertEquals(List.of("stop", Resp.TRIGGERED), List.of(stop.oid(), stop.resp()));
    assertEquals(0, new BigDecimal("59899.95").compareTo(stop.submitPrice()));
    assertEquals(List.of(Resp.OPEN, Resp.FILL, Resp.CLOSED), client.resps(3));
  }

  @Test
  void twoClientsOfOneAccountSeeEveryStatusCancelEachOthersOrdersAndCancelAllEmptiesTheBook() {
    ActorRef<DaemonProtocol.Command> emsd = emsd(RiskLimits.NONE);
    Client alice = connect(emsd, List.of("sim.paper"));
    Client bob = connect(emsd, List.of("sim.paper"));
    alice.send(order("a1", "buy", "59000", "0.001", "live"));
    assertEquals(List.of(Resp.PENDING, Resp.OPEN), alice.resps(2));
    assertEquals(List.of(Resp.PENDING, Resp.OPEN), bob.resps(2));
    bob.send(new EmsProtocol.Cancel("a1"));
    assertEquals(Resp.CANCELED, alice.status().resp());
    assertEquals(Resp.CANCELED, bob.status().resp());
    alice.send(order("a2", "buy", "59000", "0.001", "dark"));
    alice.send(order("a3", "sell", "61000", "0.001", "live"));
    assertEquals(List.of(Resp.DARK_OPEN, Resp.PENDING, Resp.OPEN), alice.resps(3));
    bob.resps(3);
    assertEquals(2, connect(emsd, List.of()).started().active().size());
    bob.send(new EmsProtocol.CancelAll(null));
    assertEquals(List.of(Resp.CANCELED, Resp.CANCELED), alice.resps(2));
    assertTrue(connect(emsd, List.of("paper")).started().active().isEmpty());
  }

  @Test
  void badCommandsGetAnErrorForTheSenderAloneAndChangeNothing() {
    RiskLimits risk = new RiskLimits(new BigDecimal("1"), new BigDecimal("10000"), new BigDecimal("0.1"));
    ActorRef<DaemonProtocol.Command> emsd = emsd(risk);
    Client sender = connect(emsd, List.of("sim.paper"));
    Client other = connect(emsd, List.of("sim.paper"));
    List<Payload> bad = List.of(
        order("z", "buy", "60000", "0", "live"),
        new EmsProtocol.Order("z", "buy", "btcusdt.spot.sim", new BigDecimal("60000"), new BigDecimal("-1"), "paper", null),
        order("z", "buy", "60000.001", "0.001", "live"),
        order("z", "buy", "60000", "0.0000001", "live"),
        new EmsProtocol.Order("z", "buy", "nosuch.spot.sim", new BigDecimal("1"), BigDecimal.ONE, "paper", null),
        new EmsProtocol.Order("z", "buy", "btcusdt.spot.sim", new BigDecimal("1"), BigDecimal.ONE, "sim.nope", null),
        new EmsProtocol.Order(null, null, null, null, null, null, null),
        order("z", "buy", "60000", "2", "live"),
        order("z", "buy", "60000", "1", "dark"),
        order("z", "buy", "50000", "0.1", "live"),
        new EmsProtocol.Cancel("never-was"),
        new Payload.Text("not a command"));
    bad.forEach(sender::send);
    for (int i = 0; i < bad.size(); i++) {
      EmsProtocol.Status status = sender.status();
      assertEquals(Resp.ERROR, status.resp(), status.toString());
      assertTrue(status.reason() != null && !status.reason().isBlank());
    }
    other.quiet();
    // a modify from another account: the order belongs to sim.paper, the modify says sim.main
    sender.send(order("mine", "buy", "59000", "0.001", "live"));
    sender.resps(2);
    other.resps(2);
    Client main = connect(emsd, List.of("sim.main", "sim.paper"));
    main.send(new EmsProtocol.Order("mine", "buy", "btcusdt.spot.sim", new BigDecimal("59100"),
        new BigDecimal("0.001"), "sim.main", null));
    EmsProtocol.Status refused = main.status();
    assertEquals(Resp.ERROR, refused.resp());
    assertTrue(refused.reason().contains("same account"), refused.reason());
    other.quiet();
    assertEquals(List.of("mine"), connect(emsd, List.of()).started().active().stream().map(s -> s.oid()).toList());
    sender.send(order("ok", "buy", "60000.01", "0.001", "live"));
    assertEquals(List.of(Resp.PENDING, Resp.OPEN, Resp.FILL, Resp.CLOSED), sender.resps(4));
  }

  @Test
  void anOrderWaitingForItsMarketIsReachedByCancelAndByTheKillSwitch() throws Exception {
    // a fresh emsd has no feed open yet: these orders (resting, if they go live) likely still wait for
    // their market when the cancels arrive; whichever way it falls, each must end canceled, never live
    ActorRef<DaemonProtocol.Command> emsd = emsd(RiskLimits.NONE);
    Client client = connect(emsd, List.of("sim.paper"));
    client.send(order("slow-1", "buy", "59000", "0.001", "live"));
    client.send(new EmsProtocol.Cancel("slow-1"));
    client.send(order("slow-2", "buy", "59000", "0.001", "live"));
    client.send(new EmsProtocol.CancelAll(null));
    Map<String, EmsProtocol.Status> ended = new java.util.TreeMap<>();
    while (ended.size() < 2) {
      if (client.next() instanceof EmsProtocol.Status status && status.terminal()) {
        ended.put(status.oid(), status);
      }
    }
    assertEquals(List.of("slow-1", "slow-2"), List.copyOf(ended.keySet()));
    ended.values().forEach(status -> assertEquals(Resp.CANCELED, status.resp(), status.toString()));
    assertTrue(connect(emsd, List.of()).started().active().isEmpty());
    assertTrue(LedgerFile.open(settings.dataDir(), "sim.paper").clears().isEmpty());
  }

  /** A datad stand-in that holds what it is sent until released, then passes it on: a market kept coming. */
  private record Release() {}

  private static Behavior<Object> gate(ActorRef<DaemonProtocol.Command> datad) {
    List<DaemonProtocol.Command> held = new ArrayList<>();
    return Behaviors.receiveMessage(message -> {
      if (message instanceof Release) {
        held.forEach(datad::tell);
        return Behaviors.receiveMessage(later -> {
          datad.tell((DaemonProtocol.Command) later);
          return Behaviors.same();
        });
      }
      held.add((DaemonProtocol.Command) message);
      return Behaviors.same();
    });
  }

  @Test
  void aModifyWaitingForItsMarketGoesWithItsCanceledOrderAndNeverComesBackAsANewOne() {
    ActorRef<DaemonProtocol.Command> first = emsd(RiskLimits.NONE);
    Client client = connect(first, List.of("sim.paper"));
    client.send(order("held", "buy", "59000", "0.001", "dark"));
    client.send(order("kept", "buy", "58000", "0.001", "dark"));
    assertEquals(List.of(Resp.DARK_OPEN, Resp.DARK_OPEN), client.resps(2));
    kit.stop(first, WAIT);

    // the restarted emsd's market stays on its way until released: modifies of its orders wait for it
    ActorRef<Object> gate = kit.spawn(gate(datad));
    stub.register(ServiceName.of(DaemonKind.DATAD, "sim"), gate.narrow());
    ActorRef<DaemonProtocol.Command> second = emsd(RiskLimits.NONE);
    Client again = connect(second, List.of("sim.paper"));
    again.send(order("held", "buy", "59100", "0.001", "dark"));
    again.send(new EmsProtocol.Cancel("held"));
    EmsProtocol.Status held = again.status();
    assertEquals(List.of("held", Resp.CANCELED, "canceled on request"), List.of(held.oid(), held.resp(), held.reason()));
    again.send(order("kept", "buy", "58100", "0.001", "dark"));
    again.send(new EmsProtocol.CancelAll(null));
    EmsProtocol.Status kept = again.status();
    assertEquals(List.of("kept", Resp.CANCELED, "canceled by cancel-all"),
        List.of(kept.oid(), kept.resp(), kept.reason()));

    gate.tell(new Release());
    push("ask", "57000");
    again.quiet();
    assertTrue(connect(second, List.of()).started().active().isEmpty(), "neither came back as a new order");
  }

  @Test
  void aClientJoiningWhileOrdersAreJournaledSeesEachOnceInItsSnapshotOrAsAStatusAfterIt() {
    ActorRef<DaemonProtocol.Command> emsd = emsd(RiskLimits.NONE);
    Client busy = connect(emsd, List.of("sim.paper"));
    busy.send(order("warm", "buy", "50000", "0.001", "dark"));
    assertEquals(Resp.DARK_OPEN, busy.status().resp());
    // orders stream in while the second client's dialog opens: its snapshot falls between journal writes
    for (int i = 0; i < 100; i++) {
      busy.send(order("o" + i, "buy", "50000", "0.001", "dark"));
    }
    TestProbe<Session.Event> probe = kit.createTestProbe();
    emsd.tell(new DaemonProtocol.OpenSession(UUID.randomUUID().toString(), Endpoint.OPEN_EMS_DIALOG.wireName(),
        TestCookies.hello(), new EmsProtocol.DialogParams(List.of("sim.paper")), probe.ref()));
    for (int i = 100; i < 200; i++) {
      busy.send(order("o" + i, "buy", "50000", "0.001", "dark"));
    }
    Session.Started started = probe.expectMessageClass(Session.Started.class, WAIT);
    Client joined = new Client(probe, started.session(), (EmsProtocol.DialogStarted) started.first(), new ArrayList<>());
    Map<String, Integer> seen = new java.util.HashMap<>();
    joined.started().active().forEach(status -> seen.merge(status.oid(), 1, Integer::sum));
    while (!seen.containsKey("o199")) {
      seen.merge(joined.status().oid(), 1, Integer::sum);
    }
    assertEquals(201, seen.size());
    seen.forEach((oid, times) -> assertEquals(1, times, oid + " seen " + times + " times"));
    joined.quiet();
  }

  @Test
  void aRefusedModifyNeverOvertakesTheStatusOfItsOrder() {
    Client client = connect(emsd(RiskLimits.NONE), List.of("sim.paper"));
    client.send(order("early", "buy", "59000", "0.001", "live"));
    client.send(order("early", "buy", "59000.001", "0.001", "live"));
    EmsProtocol.Status first = client.status();
    EmsProtocol.Status second = client.status();
    assertEquals(List.of(Resp.PENDING, Resp.ERROR), List.of(first.resp(), second.resp()), second.reason());
    assertEquals(Resp.OPEN, client.status().resp());
  }

  @Test
  void aRestartedEmsdRecoversItsDarkAndLiveOrdersFromTheJournalAndFillsThemOnce() throws Exception {
    ActorRef<DaemonProtocol.Command> first = emsd(RiskLimits.NONE);
    Client client = connect(first, List.of("sim.paper"));
    client.send(order("dark", "buy", "59000", "0.001", "dark"));
    client.send(order("rest", "buy", "59500", "0.002", "live"));
    assertEquals(List.of(Resp.DARK_OPEN, Resp.PENDING, Resp.OPEN), client.resps(3));
    kit.stop(first, WAIT);

    ActorRef<DaemonProtocol.Command> second = emsd(RiskLimits.NONE);
    Client again = connect(second, List.of("sim.paper"));
    assertEquals(List.of("dark", "rest"), again.started().active().stream().map(s -> s.oid()).toList());
    push("ask", "58999");
    List<String> seen = new ArrayList<>();
    while (seen.stream().filter(Resp.CLOSED::equals).count() < 2) {
      EmsProtocol.Event event = again.next();
      if (event instanceof EmsProtocol.Status status) {
        seen.add(status.resp());
      }
    }
    assertTrue(seen.contains(Resp.TRIGGERED));
    assertEquals(2, LedgerFile.open(settings.dataDir(), "sim.paper").clears().size(), "each order filled once");
    assertTrue(connect(second, List.of()).started().active().isEmpty());
  }

  @Test
  void whenPaperboiDiesEmsdResubmitsItsRestingOrdersToTheNextOneAndTheyStillFill() throws Exception {
    ActorRef<DaemonProtocol.Command> emsd = emsd(RiskLimits.NONE);
    Client client = connect(emsd, List.of("sim.paper"));
    client.send(order("survivor", "buy", "59500", "0.001", "live"));
    assertEquals(List.of(Resp.PENDING, Resp.OPEN), client.resps(2));
    // the clearing daemon crashes; the service manager would start a new one on the next request
    kit.stop(paperboi, WAIT);
    ServiceName name = ServiceName.of(DaemonKind.PAPERBOI, "sim");
    paperboi = kit.spawn(Paperboi.create(spec(name)));
    stub.register(name, paperboi);
    // an order right after the crash must not make emsd forget the one the dead paperboi held
    client.send(order("newcomer", "buy", "59450", "0.001", "live"));
    Map<String, List<String>> seen = new java.util.TreeMap<>();
    while (seen.values().stream().filter(resps -> resps.contains(Resp.OPEN)).count() < 2) {
      if (client.next() instanceof EmsProtocol.Status status) {
        seen.computeIfAbsent(status.oid(), oid -> new ArrayList<>()).add(status.resp());
        assertTrue(status.resting() == null || status.resting(), "nothing fills before the ask moves");
      }
    }
    assertEquals(List.of(Resp.OPEN), seen.get("survivor"));
    assertEquals(List.of(Resp.PENDING, Resp.OPEN), seen.get("newcomer"));
    push("ask", "59400");
    List<String> ended = new ArrayList<>(client.resps(4));
    ended.sort(null);
    assertEquals(List.of(Resp.CLOSED, Resp.CLOSED, Resp.FILL, Resp.FILL), ended);
    assertEquals(2, LedgerFile.open(settings.dataDir(), "sim.paper").clears().size());
  }
}
