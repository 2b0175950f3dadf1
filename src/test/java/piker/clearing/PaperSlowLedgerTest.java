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
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.accounting.HeldDisk;
import piker.accounting.LedgerFile;
import piker.contracts.Payload;
import piker.contracts.daemon.DaemonDispatchers;
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
 * emsd and paperboi on the one clearing thread they share in pikerd, paperboi's ledger disk held
 * still mid-append: emsd goes on acknowledging orders meanwhile, and the held fill reaches the client
 * only once its append completes, before what paperboi said after it.
 */
class PaperSlowLedgerTest {
  private static final ActorTestKit kit = ActorTestKit.create("paper-slow-ledger",
      ConfigFactory.load("application-test"));
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static DaemonSpec spec(ServiceName name, RuntimeSettings settings,
                                 ActorRef<ServicesProtocol.Command> services) {
    TestProbe<DaemonLifecycle.Event> lifecycle = kit.createTestProbe();
    return new DaemonSpec(name, settings, lifecycle.ref(), true, Map.of(), Map.of(), Optional.of(services));
  }

  /** The client's statuses as (oid, resp), positions skipped. */
  private static List<List<String>> statuses(TestProbe<Session.Event> client, int count) {
    List<List<String>> statuses = new ArrayList<>();
    while (statuses.size() < count) {
      Payload body = client.expectMessageClass(Session.Message.class, WAIT).body();
      List<EmsProtocol.Event> events = body instanceof EmsProtocol.Batch batch ? batch.events()
          : List.of((EmsProtocol.Event) body);
      events.stream().filter(EmsProtocol.Status.class::isInstance).map(EmsProtocol.Status.class::cast)
          .forEach(status -> statuses.add(List.of(status.oid(), status.resp())));
    }
    assertEquals(count, statuses.size(), "statuses beyond those expected: " + statuses);
    return statuses;
  }

  private static EmsProtocol.Order order(String oid, String action, String price, String size) {
    return new EmsProtocol.Order(oid, action, "btcusdt.spot.sim", new BigDecimal(price), new BigDecimal(size),
        "paper", "live");
  }

  @Test
  void emsdAcknowledgesOrdersWhilePaperboisLedgerAppendIsHeldAndTheFillFollowsTheAppend() throws Exception {
    RuntimeSettings settings = TestCookies.settingsIn(dir);
    StubServices stub = new StubServices();
    ActorRef<ServicesProtocol.Command> services = kit.spawn(stub.behavior());
    ServiceName datadName = ServiceName.of(DaemonKind.DATAD, "sim");
    stub.register(datadName, kit.spawn(ScriptedDatad.create(spec(datadName, settings, services),
        List.of(Markets.BTC_MKT), List.of(Markets.startup("60000", "59999.99", "60000.01")))));

    // the slow disk: every ledger append waits, on the ledger writer's thread, until the test lets it go
    HeldDisk disk = new HeldDisk();
    ServiceName paperName = ServiceName.of(DaemonKind.PAPERBOI, "sim");
    ActorRef<DaemonProtocol.Command> paperboi = kit.spawn(Paperboi.create(spec(paperName, settings, services), disk),
        "paperboi", DaemonDispatchers.of(DaemonKind.PAPERBOI));
    stub.register(paperName, paperboi);
    EmsSettings ems = new EmsSettings(Set.of("sim"), Set.of("sim.main"), Map.of(), RiskLimits.NONE,
        OrderLog.Settings.in(dir.resolve("emsd")));
    ActorRef<DaemonProtocol.Command> emsd = kit.spawn(Emsd.create(spec(ServiceName.of(DaemonKind.EMSD), settings,
        services), ems), "emsd", DaemonDispatchers.of(DaemonKind.EMSD));

    TestProbe<Session.Event> client = kit.createTestProbe();
    emsd.tell(new DaemonProtocol.OpenSession(UUID.randomUUID().toString(), Endpoint.OPEN_EMS_DIALOG.wireName(),
        TestCookies.hello(), new EmsProtocol.DialogParams(List.of("sim.paper")), client.ref()));
    ActorRef<Session.Input> session = client.expectMessageClass(Session.Started.class, WAIT).session();

    session.tell(new Session.Send(order("b1", "buy", "60000.05", "0.001")));
    assertEquals(List.of(List.of("b1", Resp.PENDING)), statuses(client, 1));
    assertEquals(List.of("paper-b1"), disk.nextWrite(WAIT), "b1 filled; its append is held");

    // the disk is still held: emsd answers a paper order and an alert of its own all the same
    session.tell(new Session.Send(order("b2", "buy", "59000", "0.001")));
    session.tell(new Session.Send(order("a1", "alert", "60100", "1")));
    assertEquals(List.of(List.of("b2", Resp.PENDING), List.of("a1", Resp.DARK_OPEN)), statuses(client, 2),
        "nothing of b1's fill before its append completes");
    assertTrue(LedgerFile.open(settings.dataDir(), "sim.paper").clears().isEmpty(), "the append is still held");

    disk.release();
    assertEquals(List.of(List.of("b1", Resp.OPEN), List.of("b1", Resp.FILL), List.of("b1", Resp.CLOSED),
        List.of("b2", Resp.OPEN)), statuses(client, 4), "b1 as paperboi said it, then b2, which it said after");
    assertEquals(List.of("paper-b1"), LedgerFile.open(settings.dataDir(), "sim.paper").clears().stream()
        .map(clear -> clear.tid()).toList());
    kit.stop(emsd, WAIT);
    kit.stop(paperboi, WAIT);
  }
}
