package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.Session;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.ServiceName;
import piker.contracts.testkit.EchoDaemon;
import piker.contracts.testkit.TestCookies;
import piker.e2e.support.Processes;
import piker.e2e.support.SessionClientMain;

/**
 * The session protocol across two JVMs: the daemon lives in this JVM, the opener in a child JVM
 * driven over stdin. Covers the four ways a session ends and the refusals.
 */
class SessionE2ETest {
  private static final Duration LINE_TIMEOUT = Duration.ofSeconds(20);
  private static ActorTestKit daemonNode;
  private static ActorRef<DaemonProtocol.Command> daemon;
  @TempDir
  static Path configDir;

  private Process opener;
  private PrintWriter commands;
  private BufferedReader events;

  @BeforeAll
  static void startDaemonNode() {
    daemonNode = ActorTestKit.create("piker", ConfigFactory.parseString("""
        pekko.actor.provider = remote
        pekko.remote.artery.canonical.hostname = "127.0.0.1"
        pekko.remote.artery.canonical.port = 0
        pekko.remote.use-unsafe-remote-features-outside-cluster = on
        pekko.remote.warn-about-direct-use = off
        pekko.remote.watch-failure-detector.acceptable-heartbeat-pause = 3s
        """).withFallback(ConfigFactory.load("application-test")));
    TestProbe<DaemonLifecycle.Event> lifecycle = daemonNode.createTestProbe();
    daemon = daemonNode.spawn(EchoDaemon.create(new DaemonSpec(ServiceName.of(DaemonKind.EMSD),
        TestCookies.settingsIn(configDir), lifecycle.ref(), true)), "echo");
    lifecycle.expectMessageClass(DaemonLifecycle.Started.class);
  }

  @AfterAll
  static void stopDaemonNode() {
    daemonNode.shutdownTestKit();
  }

  @BeforeEach
  void startOpener() throws IOException {
    String daemonRef = ActorRefResolver.get(daemonNode.system()).toSerializationFormat(daemon);
    opener = Processes.java(SessionClientMain.class, daemonRef);
    commands = new PrintWriter(opener.getOutputStream(), true, StandardCharsets.UTF_8);
    events = Processes.stdout(opener);
    assertEquals("ready", nextLine());
  }

  @AfterEach
  void stopOpener() throws InterruptedException {
    opener.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  private String nextLine() {
    try {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return events.readLine();
        } catch (IOException e) {
          return "io error " + e;
        }
      }).get(LINE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("no event from the opener JVM within " + LINE_TIMEOUT, e);
    }
  }

  private void send(String line) {
    commands.println(line);
  }

  /** Opens a session and returns its ref as the daemon's JVM resolves it. */
  private ActorRef<Session.Input> open(String label) {
    send("open " + label + " " + EchoDaemon.SESSION.wireName() + " " + TestCookies.COOKIE + " "
        + Hello.PROTOCOL_VERSION + " hi-" + label);
    String started = nextLine();
    assertTrue(started.startsWith(label + " started hi-" + label + " "), started);
    return ActorRefResolver.get(daemonNode.system()).resolveActorRef(started.substring(started.lastIndexOf(' ') + 1));
  }

  @Test
  void messagesFlowBothWaysAndTheOpenersCancelEndsCleanly() {
    ActorRef<Session.Input> session = open("a");
    send("send a ping");
    assertEquals("a message ping", nextLine());
    send("cancel a");
    assertEquals("a ended clean", nextLine());
    daemonNode.createTestProbe().expectTerminated(session);
  }

  @Test
  void aThirdPartysCancelEndsTheSessionWithAnErrorNamingIt() {
    ActorRef<Session.Input> session = open("b");
    session.tell(new Session.Cancel("the risk desk"));
    String ended = nextLine();
    assertTrue(ended.startsWith("b ended ContextCancelled ") && ended.contains("cancelled by the risk desk"), ended);
  }

  @Test
  void anExceptionInTheEndpointReachesTheRemoteOpenerAndTheDaemonServesOn() {
    open("c");
    open("d");
    send("send c boom");
    assertEquals("c ended java.lang.IllegalStateException boom requested", nextLine());
    send("send d still-here");
    assertEquals("d message still-here", nextLine());
    open("e");
  }

  @Test
  void theOpenersJvmDyingEndsItsSessionsInTheDaemon() {
    ActorRef<Session.Input> first = open("f");
    ActorRef<Session.Input> second = open("g");
    opener.destroyForcibly();
    TestProbe<Object> watcher = daemonNode.createTestProbe();
    watcher.expectTerminated(first, Duration.ofSeconds(20));
    watcher.expectTerminated(second, Duration.ofSeconds(20));
  }

  @Test
  void aWrongCookieOrProtocolVersionIsRefused() {
    send("open h " + EchoDaemon.SESSION.wireName() + " not-the-cookie " + Hello.PROTOCOL_VERSION + " x");
    String refused = nextLine();
    assertTrue(refused.startsWith("h refused Unauthorized "), refused);
    send("open i " + EchoDaemon.SESSION.wireName() + " " + TestCookies.COOKIE + " " + (Hello.PROTOCOL_VERSION + 7)
        + " x");
    refused = nextLine();
    assertTrue(refused.startsWith("i refused ProtocolVersionMismatch ") && refused.contains("v" + (Hello.PROTOCOL_VERSION + 7)),
        refused);
    send("open j open_trade_dialog " + TestCookies.COOKIE + " " + Hello.PROTOCOL_VERSION + " x");
    refused = nextLine();
    assertTrue(refused.startsWith("j refused EndpointNotExposed "), refused);
  }
}
