package piker.contracts.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.Payload;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.ServiceName;
import piker.contracts.testkit.EchoDaemon;
import piker.contracts.testkit.TestCookies;

/** The session protocol and endpoint dispatch every daemon shares, in one JVM. */
class DaemonBaseTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  @TempDir
  static Path configDir;
  private static RuntimeSettings settings;

  private ActorRef<DaemonProtocol.Command> daemon;
  private TestProbe<DaemonLifecycle.Event> lifecycle;

  @BeforeAll
  static void cookie() {
    settings = TestCookies.settingsIn(configDir);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void startDaemon() {
    lifecycle = testKit.createTestProbe();
    daemon = testKit.spawn(EchoDaemon.create(new DaemonSpec(ServiceName.of(DaemonKind.EMSD), settings,
        lifecycle.ref(), true)));
    lifecycle.expectMessageClass(DaemonLifecycle.Started.class);
  }

  private Session.Started open(TestProbe<Session.Event> opener, String id, Payload params) {
    daemon.tell(new DaemonProtocol.OpenSession(id, EchoDaemon.SESSION.wireName(), TestCookies.hello(), params,
        opener.ref()));
    Session.Started started = opener.expectMessageClass(Session.Started.class);
    assertEquals(id, started.sessionId());
    assertEquals(params, started.first());
    return started;
  }

  @Test
  void messagesFlowBothWaysAndTheOpenersCancelEndsCleanly() {
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    Session.Started started = open(opener, "s1", new Payload.Text("first"));
    started.session().tell(new Session.Send(new Payload.Text("ping")));
    assertEquals(new Session.Message("s1", new Payload.Text("ping")), opener.expectMessageClass(Session.Message.class));

    started.session().tell(Session.cancelFrom(testKit.system(), opener.ref()));
    Session.Ended ended = opener.expectMessageClass(Session.Ended.class);
    assertTrue(ended.clean(), "cancelled by its own opener: " + ended);
    opener.expectTerminated(started.session());
  }

  @Test
  void aThirdPartysCancelEndsTheSessionWithAnErrorNamingIt() {
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    Session.Started started = open(opener, "s2", new Payload.Empty());
    started.session().tell(new Session.Cancel("the risk desk"));
    Session.Ended ended = opener.expectMessageClass(Session.Ended.class);
    assertEquals("ContextCancelled", ended.error().type());
    assertTrue(ended.error().message().contains("the risk desk"), ended.error().message());
  }

  @Test
  void anExceptionInTheEndpointReachesTheOpenerAndTheDaemonServesOn() {
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    Session.Started started = open(opener, "s3", new Payload.Empty());
    Session.Started other = open(opener, "s4", new Payload.Empty());
    started.session().tell(new Session.Send(new Payload.Text("boom")));
    Session.Ended ended = opener.expectMessageClass(Session.Ended.class);
    assertEquals("s3", ended.sessionId());
    assertEquals(IllegalStateException.class.getName(), ended.error().type());
    assertEquals("boom requested", ended.error().message());
    assertTrue(ended.error().source().contains("session-"), ended.error().source());
    assertTrue(ended.error().trace().contains("EchoDaemon"), "the remote trace travels along");

    other.session().tell(new Session.Send(new Payload.Text("still here")));
    assertEquals(new Session.Message("s4", new Payload.Text("still here")), opener.expectMessageClass(Session.Message.class));
    open(opener, "s5", new Payload.Empty());
  }

  @Test
  void anEndpointThatThrowsAtOpenRefusesTheSession() {
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    daemon.tell(new DaemonProtocol.OpenSession("s6", EchoDaemon.SESSION.wireName(), TestCookies.hello(),
        new Payload.Text("refuse"), opener.ref()));
    Session.Refused refused = opener.expectMessageClass(Session.Refused.class);
    assertEquals(IllegalArgumentException.class.getName(), refused.error().type());
    open(opener, "s7", new Payload.Empty());
  }

  @Test
  void theHandlerMayEndItsOwnSessionCleanly() {
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    Session.Started started = open(opener, "s8", new Payload.Empty());
    started.session().tell(new Session.Send(new Payload.Text("end")));
    assertNull(opener.expectMessageClass(Session.Ended.class).error());
  }

  @Test
  void theOpenersDeathEndsItsSessions() {
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    Session.Started started = open(opener, "s9", new Payload.Empty());
    TestProbe<Object> watcher = testKit.createTestProbe();
    opener.stop();
    watcher.expectTerminated(started.session());
  }

  @Test
  void wrongCookieOrVersionIsRefused() {
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    daemon.tell(new DaemonProtocol.OpenSession("c1", EchoDaemon.SESSION.wireName(), Hello.of("guess"),
        new Payload.Empty(), opener.ref()));
    assertEquals("Unauthorized", opener.expectMessageClass(Session.Refused.class).error().type());

    daemon.tell(new DaemonProtocol.OpenSession("c2", EchoDaemon.SESSION.wireName(),
        new Hello(TestCookies.COOKIE, Hello.PROTOCOL_VERSION + 1), new Payload.Empty(), opener.ref()));
    Session.Refused refused = opener.expectMessageClass(Session.Refused.class);
    assertEquals("ProtocolVersionMismatch", refused.error().type());
    assertTrue(refused.error().message().contains("v" + (Hello.PROTOCOL_VERSION + 1)), refused.error().message());

    daemon.tell(new DaemonProtocol.OpenSession("c3", EchoDaemon.SESSION.wireName(), null, new Payload.Empty(),
        opener.ref()));
    assertEquals("Unauthorized", opener.expectMessageClass(Session.Refused.class).error().type());
  }

  @Test
  void endpointsTheDaemonDoesNotServeAreRefusedAndItKeepsRunning() {
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    for (String endpoint : new String[] {"open_trade_dialog", EchoDaemon.UNSERVED.wireName(), "no_such_thing",
        EchoDaemon.CALL.wireName()}) {
      daemon.tell(new DaemonProtocol.OpenSession("e-" + endpoint, endpoint, TestCookies.hello(), new Payload.Empty(),
          opener.ref()));
      Session.Refused refused = opener.expectMessageClass(Session.Refused.class);
      assertEquals("EndpointNotExposed", refused.error().type());
      assertTrue(refused.error().message().contains(endpoint), refused.error().message());
    }
    TestProbe<DaemonProtocol.CallResult> caller = testKit.createTestProbe();
    daemon.tell(new DaemonProtocol.Call("open_trade_dialog", TestCookies.hello(), new Payload.Empty(), caller.ref()));
    assertEquals("EndpointNotExposed",
        ((DaemonProtocol.Failure) caller.expectMessageClass(DaemonProtocol.Failure.class)).error().type());
    open(opener, "after", new Payload.Empty());
  }

  @Test
  void malformedOpensAreRefusedWithoutHarm() {
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    daemon.tell(new DaemonProtocol.OpenSession("", EchoDaemon.SESSION.wireName(), TestCookies.hello(), null,
        opener.ref()));
    assertEquals("InvalidRequest", opener.expectMessageClass(Session.Refused.class).error().type());
    daemon.tell(new DaemonProtocol.OpenSession("x".repeat(1000), EchoDaemon.SESSION.wireName(), TestCookies.hello(),
        null, opener.ref()));
    assertEquals("InvalidRequest", opener.expectMessageClass(Session.Refused.class).error().type());
    daemon.tell(new DaemonProtocol.OpenSession("no-opener", EchoDaemon.SESSION.wireName(), TestCookies.hello(), null,
        null));
    open(opener, "fine", new Payload.Empty());
  }

  @Test
  void callsAnswerOrBoxTheirException() {
    TestProbe<DaemonProtocol.CallResult> caller = testKit.createTestProbe();
    daemon.tell(new DaemonProtocol.Call(EchoDaemon.CALL.wireName(), TestCookies.hello(), new Payload.Text("x"),
        caller.ref()));
    assertEquals(new DaemonProtocol.Reply(new Payload.Text("x")), caller.receiveMessage());
    daemon.tell(new DaemonProtocol.Call(EchoDaemon.CALL.wireName(), TestCookies.hello(), new Payload.Text("boom"),
        caller.ref()));
    DaemonProtocol.Failure failure = (DaemonProtocol.Failure) caller.receiveMessage();
    assertEquals(IllegalStateException.class.getName(), failure.error().type());
    daemon.tell(new DaemonProtocol.Call(EchoDaemon.CALL.wireName(), Hello.of("nope"), new Payload.Text("x"),
        caller.ref()));
    assertEquals("Unauthorized", ((DaemonProtocol.Failure) caller.receiveMessage()).error().type());
  }

  @Test
  void stopCancelsEverySessionNamingTheRequesterThenStops() {
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    open(opener, "a", new Payload.Empty());
    open(opener, "b", new Payload.Empty());
    daemon.tell(new DaemonProtocol.Stop("pikerd's service manager"));
    for (int i = 0; i < 2; i++) {
      Session.Ended ended = opener.expectMessageClass(Session.Ended.class);
      assertEquals("ContextCancelled", ended.error().type());
      assertTrue(ended.error().message().contains("pikerd's service manager"), ended.error().message());
    }
    opener.expectTerminated(daemon);
  }
}
