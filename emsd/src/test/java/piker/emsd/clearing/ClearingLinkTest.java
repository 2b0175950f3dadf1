package piker.emsd.clearing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Session;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.ServiceName;
import piker.contracts.orders.OrderAction;
import piker.contracts.testkit.Markets;
import piker.contracts.testkit.StubServices;
import piker.contracts.testkit.TestCookies;

/**
 * The link against a clearing daemon played by probes, under ManualTime: what it replays to a new
 * dialog, and how it gets out of a dialog that never opens or whose daemon stops.
 */
class ClearingLinkTest {
  private static final ServiceName PAPERBOI = ServiceName.of(DaemonKind.PAPERBOI, "sim");
  private static final Duration WAIT = Duration.ofSeconds(5);

  private ActorTestKit kit;
  private ManualTime time;
  private TestProbe<DaemonProtocol.Command> daemon;
  private TestProbe<ClearingLink.Event> emsd;
  private StubServices stub;
  private ActorRef<ClearingLink.Command> link;

  @BeforeEach
  void setUp() {
    kit = ActorTestKit.create(ManualTime.config());
    time = ManualTime.get(kit.system());
    daemon = kit.createTestProbe();
    emsd = kit.createTestProbe();
    stub = new StubServices();
    stub.register(PAPERBOI, daemon.ref());
    link = kit.spawn(ClearingLink.create("sim", kit.spawn(stub.behavior()), PAPERBOI, Endpoint.OPEN_PAPER_DIALOG,
        List.of("sim.paper"), TestCookies.hello(), emsd.ref()));
  }

  @AfterEach
  void tearDown() {
    kit.shutdownTestKit();
  }

  private static ClearingProtocol.SubmitOrder submit(String oid) {
    return new ClearingProtocol.SubmitOrder(oid, null, "sim.paper", OrderAction.BUY, Markets.BTC,
        new BigDecimal("59000"),
        new BigDecimal("0.001"));
  }

  private static ClearingProtocol.CancelOrder cancel(String oid) {
    return new ClearingProtocol.CancelOrder(oid, "paper-" + oid, "sim.paper");
  }

  /** Answers the next OpenSession with a started dialog whose input is the returned probe. */
  private TestProbe<Session.Input> start(DaemonProtocol.OpenSession open) {
    TestProbe<Session.Input> session = kit.createTestProbe();
    open.opener().tell(new Session.Started(open.sessionId(), new ClearingProtocol.DialogStarted(List.of(), List.of()),
        session.ref()));
    assertInstanceOf(ClearingLink.Ready.class, emsd.receiveMessage(WAIT));
    return session;
  }

  private DaemonProtocol.OpenSession nextOpen() {
    return daemon.expectMessageClass(DaemonProtocol.OpenSession.class, WAIT);
  }

  private static Payload sent(TestProbe<Session.Input> session) {
    return session.expectMessageClass(Session.Send.class, WAIT).body();
  }

  @Test
  void aNewDialogGetsTheOpenOrdersAgainButOnlyTheCancelOfAnOrderBeingCanceled() {
    DaemonProtocol.OpenSession first = nextOpen();
    TestProbe<Session.Input> session = start(first);
    List.of(submit("a"), submit("b"), cancel("a")).forEach(body -> link.tell(new ClearingLink.Send(body)));
    assertEquals(List.of(submit("a"), submit("b"), cancel("a")), List.of(sent(session), sent(session), sent(session)));

    first.opener().tell(new Session.Ended(first.sessionId(), RemoteError.of("Crash", "paperboi died", "test")));
    assertInstanceOf(ClearingLink.Lost.class, emsd.receiveMessage(WAIT));
    daemon.expectNoMessage(Duration.ZERO);
    time.timePasses(Duration.ofSeconds(1));
    TestProbe<Session.Input> again = start(nextOpen());
    // "a" may have filled before its cancel reached the dead daemon: submitting it again could fill it twice
    assertEquals(List.of(submit("b"), cancel("a")), List.of(sent(again), sent(again)));
    again.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aDialogThatNeverOpensIsGivenUpAndALateAnswerToItIsEnded() {
    DaemonProtocol.OpenSession unanswered = nextOpen();
    link.tell(new ClearingLink.Send(submit("waiting")));
    time.expectNoMessageFor(Duration.ofSeconds(9), emsd);
    time.timePasses(Duration.ofSeconds(1));
    ClearingLink.Lost lost = assertInstanceOf(ClearingLink.Lost.class, emsd.receiveMessage(WAIT));
    assertEquals("DialogTimeout", lost.error().type());

    time.timePasses(Duration.ofSeconds(1));
    DaemonProtocol.OpenSession retry = nextOpen();
    TestProbe<Session.Input> stale = kit.createTestProbe();
    unanswered.opener().tell(new Session.Started(unanswered.sessionId(),
        new ClearingProtocol.DialogStarted(List.of(), List.of()), stale.ref()));
    stale.expectMessageClass(Session.Cancel.class, WAIT);
    emsd.expectNoMessage(Duration.ofMillis(100));
    TestProbe<Session.Input> session = start(retry);
    assertEquals(submit("waiting"), sent(session));
  }

  @Test
  void aDaemonThatStopsWithoutEndingItsDialogLosesItAndTheNextDaemonGetsTheOrder() {
    DaemonProtocol.OpenSession first = nextOpen();
    TestProbe<Session.Input> session = start(first);
    link.tell(new ClearingLink.Send(submit("resting")));
    assertEquals(submit("resting"), sent(session));
    daemon.stop();
    ClearingLink.Lost lost = assertInstanceOf(ClearingLink.Lost.class, emsd.receiveMessage(WAIT));
    assertEquals("DaemonStopped", lost.error().type());

    daemon = kit.createTestProbe();
    stub.register(PAPERBOI, daemon.ref());
    time.timePasses(Duration.ofSeconds(1));
    assertEquals(submit("resting"), sent(start(nextOpen())));
  }
}
