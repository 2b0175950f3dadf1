package piker.clearing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.accounting.Clear;
import piker.accounting.LedgerFile;
import piker.contracts.Payload;
import piker.contracts.clearing.ClearingProtocol;
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
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.OrderResp;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.testkit.Markets;
import piker.contracts.testkit.ScriptedDatad;
import piker.contracts.testkit.StubServices;
import piker.contracts.testkit.TestCookies;
import piker.emsd.EmsSettings;
import piker.emsd.Emsd;
import piker.emsd.journal.OrderLog;
import piker.emsd.orders.Dialog;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.RiskLimits;
import piker.paperboi.Paperboi;

/**
 * emsd and paperboi with a paper ledger paperboi cannot read (real files): an order ends in error with
 * the reason at once (no pending left to retry for minutes), a client dialog is told which account's
 * positions are unknown and why, and once the file is repaired the next order clears.
 */
class EmsdUnreadableLedgerTest {
  private static final ActorTestKit kit = ActorTestKit.create("emsd-ledger", ConfigFactory.load("application-test"));
  /** Well below the clearing link's retries (1 s doubling to 30 s): the error is not the end of a retry run. */
  private static final Duration PROMPTLY = Duration.ofSeconds(5);

  @TempDir
  Path dir;
  private RuntimeSettings settings;
  private OrderLog.Settings journal;
  private ActorRef<ServicesProtocol.Command> services;
  private ActorRef<DaemonProtocol.Command> paperboi;
  private Path ledger;
  private String goodLedger;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() throws Exception {
    settings = TestCookies.settingsIn(dir);
    journal = OrderLog.Settings.in(dir.resolve("emsd"));
    StubServices stub = new StubServices();
    services = kit.spawn(stub.behavior());
    ServiceName datad = ServiceName.of(DaemonKind.DATAD, "sim");
    stub.register(datad, kit.spawn(ScriptedDatad.create(spec(datad), List.of(Markets.BTC_MKT),
        List.of(Markets.startup("60000", "59999.99", "60000.01")))));
    ServiceName paper = ServiceName.of(DaemonKind.PAPERBOI, "sim");
    paperboi = kit.spawn(Paperboi.create(spec(paper)));
    stub.register(paper, paperboi);

    LedgerFile.open(settings.dataDir(), "sim.paper").append(List.of(new Clear("t-1", Markets.BTC,
        new BigDecimal("0.001"), new BigDecimal("60000.01"), BigDecimal.ZERO, Instant.EPOCH, "BTCUSDT")));
    ledger = LedgerFile.path(settings.dataDir(), "sim.paper");
    goodLedger = Files.readString(ledger);
    // garbage in the middle (line 7): what a bad edit or a disk error leaves
    Files.writeString(ledger, goodLedger.replace("price = ", "this is garbage\nprice = "));
  }

  @AfterEach
  void stopPaperboi() {
    kit.stop(paperboi, Duration.ofSeconds(10));
  }

  private DaemonSpec spec(ServiceName name) {
    TestProbe<DaemonLifecycle.Event> lifecycle = kit.createTestProbe();
    return new DaemonSpec(name, settings, lifecycle.ref(), true, Map.of(), Map.of(), Optional.of(services));
  }

  private ActorRef<DaemonProtocol.Command> emsd() {
    return kit.spawn(Emsd.create(spec(ServiceName.of(DaemonKind.EMSD)),
        new EmsSettings(Set.of("sim"), Set.of("sim.main"), Map.of(), RiskLimits.NONE, journal)));
  }

  /** A client dialog of sim.paper: its probe, session and start snapshot. */
  private record Client(TestProbe<Session.Event> probe, ActorRef<Session.Input> session,
                        EmsProtocol.DialogStarted started) {
    void send(Payload command) {
      session.tell(new Session.Send(command));
    }

    /** The statuses up to and including the order's first terminal one, within {@code within}. */
    List<EmsProtocol.Status> untilDone(Duration within) {
      List<EmsProtocol.Status> statuses = new ArrayList<>();
      while (statuses.isEmpty() || !statuses.get(statuses.size() - 1).terminal()) {
        Payload body = probe.expectMessageClass(Session.Message.class, within).body();
        List<EmsProtocol.Event> events = body instanceof EmsProtocol.Batch batch ? batch.events()
            : List.of((EmsProtocol.Event) body);
        events.stream().filter(EmsProtocol.Status.class::isInstance).map(EmsProtocol.Status.class::cast)
            .forEach(statuses::add);
      }
      return statuses;
    }
  }

  private Client connect(ActorRef<DaemonProtocol.Command> emsd) {
    TestProbe<Session.Event> probe = kit.createTestProbe();
    emsd.tell(new DaemonProtocol.OpenSession(UUID.randomUUID().toString(), Endpoint.OPEN_EMS_DIALOG.wireName(),
        TestCookies.hello(), new EmsProtocol.DialogParams(List.of("sim.paper")), probe.ref()));
    Session.Started started = probe.expectMessageClass(Session.Started.class, PROMPTLY);
    return new Client(probe, started.session(), (EmsProtocol.DialogStarted) started.first());
  }

  private static EmsProtocol.Order buy(String oid) {
    return new EmsProtocol.Order(oid, "buy", "btcusdt.spot.sim", new BigDecimal("60000.05"), new BigDecimal("0.001"),
        "paper", "live");
  }

  private void assertNamesTheLedgerLine(String reason) {
    assertTrue(reason != null && reason.contains(ledger + ":7: ") && reason.contains("LedgerUnreadable"), reason);
  }

  @Test
  void aPaperOrderEndsInErrorAtOnceAndPositionsAreUnknownUntilTheLedgerIsRepaired() throws Exception {
    ActorRef<DaemonProtocol.Command> emsd = emsd();
    Client client = connect(emsd);
    assertEquals(List.of(), client.started().positions());
    assertEquals(1, client.started().unavailable().size(), client.started().toString());
    EmsProtocol.Unavailable unknown = client.started().unavailable().get(0);
    assertEquals("sim.paper", unknown.account());
    assertNamesTheLedgerLine(unknown.error().describe());

    client.send(buy("o-1"));
    List<EmsProtocol.Status> statuses = client.untilDone(PROMPTLY);
    EmsProtocol.Status error = statuses.get(statuses.size() - 1);
    assertEquals(List.of("o-1", Resp.ERROR), List.of(error.oid(), error.resp()));
    assertNamesTheLedgerLine(error.reason());
    assertEquals(List.of(), connect(emsd).started().active(), "nothing left pending");

    Files.writeString(ledger, goodLedger);
    Client repaired = connect(emsd);
    assertEquals(List.of(), repaired.started().unavailable());
    assertEquals(0, new BigDecimal("0.001").compareTo(repaired.started().positions().get(0).size()));
    repaired.send(buy("o-2"));
    assertEquals(List.of(Resp.PENDING, Resp.OPEN, Resp.FILL, Resp.CLOSED),
        repaired.untilDone(PROMPTLY).stream().map(EmsProtocol.Status::resp).toList());
  }

  @Test
  void aPendingPaperOrderRecoveredFromTheJournalEndsInErrorWithTheReason() throws Exception {
    try (OrderLog log = journal.open(kit.system())) {
      log.append(List.of(new OrderEvent.Accepted(new Dialog("recovered", "sim.paper", OrderAction.BUY, "btcusdt.spot.sim",
          new BigDecimal("60000.05"), new BigDecimal("0.001"), false, false, OrderResp.PENDING, BigDecimal.ZERO, null,
          null, false, false, List.of(), 1L))));
    }
    Client client = connect(emsd());
    assertEquals(List.of(), client.started().active(), "ended before the dialog's snapshot, not left pending");
    assertNamesTheLedgerLine(client.started().unavailable().get(0).error().describe());
    try (OrderLog log = journal.open(kit.system())) {
      assertTrue(log.recovered().wasDone("recovered"), "its end is journaled");
    }
  }
}
