package piker.emsd;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.LocalOnly;
import piker.contracts.Payload;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.daemon.Session;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.testkit.Markets;
import piker.contracts.testkit.ScriptedDatad;
import piker.contracts.testkit.StubServices;
import piker.contracts.testkit.TestCookies;
import piker.emsd.journal.OrderLog;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;
import piker.emsd.orders.RiskLimits;

/**
 * emsd's shell keeps "journal before acknowledge" with a journal whose writes complete later: a status
 * goes out only once its events are written, and statuses keep their order whichever write completes first.
 */
class EmsdJournalOrderTest {
  private static final ActorTestKit kit = ActorTestKit.create("emsd-journal-order",
      ConfigFactory.load("application-test"));
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration QUIET = Duration.ofMillis(300);

  @TempDir
  Path dir;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** One write the journal was handed. */
  private record Write(List<OrderEvent> events) implements LocalOnly {}

  /** A journal whose every write waits for the test to complete it; each write is reported to a probe. */
  private static final class HeldJournal implements OrderLog {
    final TestProbe<Write> writes = kit.createTestProbe();
    final List<CompletableFuture<Void>> held = new ArrayList<>();

    @Override
    public OrderState recovered() {
      return new OrderState();
    }

    @Override
    public void append(List<OrderEvent> events) {
      throw new UnsupportedOperationException("emsd writes through write()");
    }

    @Override
    public synchronized CompletionStage<Void> write(List<OrderEvent> events) {
      CompletableFuture<Void> written = new CompletableFuture<>();
      held.add(written);
      writes.ref().tell(new Write(events));
      return written;
    }

    synchronized void complete(int write) {
      held.get(write).complete(null);
    }

    @Override
    public void close() {}
  }

  private ActorRef<DaemonProtocol.Command> emsd(HeldJournal journal) {
    RuntimeSettings settings = TestCookies.settingsIn(dir);
    StubServices stub = new StubServices();
    ActorRef<ServicesProtocol.Command> services = kit.spawn(stub.behavior());
    ServiceName datad = ServiceName.of(DaemonKind.DATAD, "sim");
    stub.register(datad, kit.spawn(ScriptedDatad.create(spec(datad, settings, services), List.of(Markets.BTC_MKT),
        List.of(Markets.startup("60000", "59999.99", "60000.01")))));
    EmsSettings ems = new EmsSettings(Set.of("sim"), Set.of("sim.main"), Map.of(), RiskLimits.NONE,
        OrderLog.Settings.inMemory());
    return kit.spawn(Emsd.create(spec(ServiceName.of(DaemonKind.EMSD), settings, services), ems, journal));
  }

  private static DaemonSpec spec(ServiceName name, RuntimeSettings settings,
                                 ActorRef<ServicesProtocol.Command> services) {
    TestProbe<DaemonLifecycle.Event> lifecycle = kit.createTestProbe();
    return new DaemonSpec(name, settings, lifecycle.ref(), true, Map.of(), Map.of(), Optional.of(services));
  }

  /** A client dialog of the live account (alerts need no clearing daemon); its probe gets what emsd sends. */
  private static ActorRef<Session.Input> connect(ActorRef<DaemonProtocol.Command> emsd,
                                                 TestProbe<Session.Event> probe) {
    emsd.tell(new DaemonProtocol.OpenSession(UUID.randomUUID().toString(), Endpoint.OPEN_EMS_DIALOG.wireName(),
        TestCookies.hello(), new EmsProtocol.DialogParams(List.of("sim.main")), probe.ref()));
    return probe.expectMessageClass(Session.Started.class, WAIT).session();
  }

  private static EmsProtocol.Order alert(String oid, String price) {
    return new EmsProtocol.Order(oid, "alert", "btcusdt.spot.sim", new BigDecimal(price), BigDecimal.ONE,
        "sim.main", null);
  }

  /** The statuses of the next message, as oid:resp. */
  private static List<String> statuses(TestProbe<Session.Event> probe) {
    Payload body = probe.expectMessageClass(Session.Message.class, WAIT).body();
    List<EmsProtocol.Event> events = body instanceof EmsProtocol.Batch batch ? batch.events()
        : List.of((EmsProtocol.Event) body);
    return events.stream().map(e -> ((EmsProtocol.Status) e).oid() + ":" + ((EmsProtocol.Status) e).resp()).toList();
  }

  @Test
  void aStatusWaitsForItsWriteAndStatusesKeepTheirOrderWhicheverWriteCompletesFirst() {
    HeldJournal journal = new HeldJournal();
    TestProbe<Session.Event> client = kit.createTestProbe();
    ActorRef<Session.Input> session = connect(emsd(journal), client);

    // given an accepted order whose write has not completed
    session.tell(new Session.Send(alert("a1", "61000")));
    assertTrue(journal.writes.expectMessageClass(Write.class, WAIT).events().get(0) instanceof OrderEvent.Accepted);
    client.expectNoMessage(QUIET);
    // and a second order, and a refusal that journals nothing, decided after it
    session.tell(new Session.Send(alert("a2", "62000")));
    journal.writes.expectMessageClass(Write.class, WAIT);
    session.tell(new Session.Send(alert("a1", "61000.001")));

    // when the second write completes first, then nothing goes out: the first is not written yet
    journal.complete(1);
    client.expectNoMessage(QUIET);
    // when the first completes, then both statuses and the refusal go out, in the order they were decided
    journal.complete(0);
    List<String> seen = new ArrayList<>();
    while (seen.size() < 3) {
      seen.addAll(statuses(client));
    }
    assertEquals(List.of("a1:dark_open", "a2:dark_open", "a1:error"), seen);
  }
}
