package piker.pikerd.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonLifetime;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.RegistryProtocol;
import piker.contracts.testkit.TestCookies;

class RegistryTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  @TempDir
  static Path configDir;
  private static RuntimeSettings settings;
  private static ActorRef<RegistryProtocol.Command> registry;

  @BeforeAll
  static void start() {
    settings = TestCookies.settingsIn(configDir);
    registry = testKit.spawn(Registry.create(settings), "registry");
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private ActorRef<DaemonProtocol.Command> startDaemon(String name) {
    TestProbe<DaemonLifecycle.Event> lifecycle = testKit.createTestProbe();
    ActorRef<DaemonProtocol.Command> daemon = testKit.spawn(DaemonLifetime.create(
        new DaemonSpec(ServiceName.parse(name), settings, lifecycle.ref(), true), ctx -> Behaviors.empty()), name);
    lifecycle.expectMessageClass(DaemonLifecycle.Started.class);
    return daemon;
  }

  @Test
  void aDaemonAppearsAfterStartedAndIsGoneSoonAfterItStops() {
    TestProbe<RegistryProtocol.Reply> replies = testKit.createTestProbe();
    registry.tell(new RegistryProtocol.Find(TestCookies.hello(), "datad.sim", replies.ref()));
    assertNull(assertInstanceOf(RegistryProtocol.Found.class, replies.receiveMessage()).ref(), "absent: empty");

    ActorRef<DaemonProtocol.Command> daemon = startDaemon("datad.sim");
    replies.awaitAssert(Duration.ofSeconds(3), () -> {
      registry.tell(new RegistryProtocol.Find(TestCookies.hello(), "datad.sim", replies.ref()));
      assertEquals(daemon, ((RegistryProtocol.Found) replies.receiveMessage()).ref());
      return null;
    });
    registry.tell(new RegistryProtocol.ListDaemons(TestCookies.hello(), replies.ref()));
    assertTrue(((RegistryProtocol.Listing) replies.receiveMessage()).daemons()
        .contains(new RegistryProtocol.Found("datad.sim", daemon)));

    testKit.stop(daemon);
    replies.awaitAssert(Duration.ofSeconds(3), () -> {
      registry.tell(new RegistryProtocol.Find(TestCookies.hello(), "datad.sim", replies.ref()));
      assertNull(((RegistryProtocol.Found) replies.receiveMessage()).ref());
      return null;
    });
  }

  @Test
  void waitForAnswersWhenTheDaemonComesUp() {
    TestProbe<RegistryProtocol.Reply> replies = testKit.createTestProbe();
    registry.tell(new RegistryProtocol.WaitFor(TestCookies.hello(), "emsd", Duration.ofSeconds(5), replies.ref()));
    replies.expectNoMessage(Duration.ofMillis(100));
    ActorRef<DaemonProtocol.Command> daemon = startDaemon("emsd");
    assertEquals(new RegistryProtocol.Found("emsd", daemon), replies.receiveMessage());
  }

  @Test
  void waitForANameThatNeverComesFailsWithAClearTimeout() {
    TestProbe<RegistryProtocol.Reply> replies = testKit.createTestProbe();
    registry.tell(new RegistryProtocol.WaitFor(TestCookies.hello(), "datad.nope", Duration.ofMillis(300),
        replies.ref()));
    RegistryProtocol.Failed failed = assertInstanceOf(RegistryProtocol.Failed.class, replies.receiveMessage());
    assertEquals("Timeout", failed.error().type());
    assertTrue(failed.error().message().contains("datad.nope") && failed.error().message().contains("PT0.3S"),
        failed.error().message());
  }

  @Test
  void badRequestsAreRefused() {
    TestProbe<RegistryProtocol.Reply> replies = testKit.createTestProbe();
    registry.tell(new RegistryProtocol.Find(Hello.of("guess"), "emsd", replies.ref()));
    assertEquals("Unauthorized", assertInstanceOf(RegistryProtocol.Failed.class, replies.receiveMessage()).error().type());
    registry.tell(new RegistryProtocol.WaitFor(TestCookies.hello(), "emsd", Duration.ofDays(2), replies.ref()));
    assertEquals("InvalidRequest",
        assertInstanceOf(RegistryProtocol.Failed.class, replies.receiveMessage()).error().type());
    registry.tell(new RegistryProtocol.WaitFor(TestCookies.hello(), "emsd", null, replies.ref()));
    assertEquals("InvalidRequest",
        assertInstanceOf(RegistryProtocol.Failed.class, replies.receiveMessage()).error().type());
  }
}
