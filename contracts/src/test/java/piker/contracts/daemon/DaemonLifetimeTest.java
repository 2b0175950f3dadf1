package piker.contracts.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.RemoteError;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.ServiceName;

class DaemonLifetimeTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @TempDir
  Path configDir;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void reportsStartedAndRegistersWhenDiscoverable() {
    TestProbe<DaemonLifecycle.Event> lifecycle = testKit.createTestProbe();
    ServiceName name = ServiceName.of(DaemonKind.SAMPLERD);
    ActorRef<DaemonProtocol.Command> daemon = testKit.spawn(DaemonLifetime.create(
        new DaemonSpec(name, RuntimeSettings.of(configDir), lifecycle.ref(), true), ctx -> Behaviors.empty()),
        "samplerd");
    assertEquals(new DaemonLifecycle.Started(name, daemon), lifecycle.receiveMessage());
    TestProbe<Receptionist.Listing> listing = testKit.createTestProbe();
    testKit.system().receptionist().tell(Receptionist.find(DaemonKeys.ALL, listing.ref()));
    assertTrue(listing.receiveMessage().getServiceInstances(DaemonKeys.ALL).contains(daemon));
  }

  @Test
  void hiddenDaemonsDoNotRegister() {
    TestProbe<DaemonLifecycle.Event> lifecycle = testKit.createTestProbe();
    ServiceName name = ServiceName.of(DaemonKind.BROKERD, "hidden");
    ActorRef<DaemonProtocol.Command> daemon = testKit.spawn(DaemonLifetime.create(
        new DaemonSpec(name, RuntimeSettings.of(configDir), lifecycle.ref(), false), ctx -> Behaviors.empty()));
    lifecycle.expectMessageClass(DaemonLifecycle.Started.class);
    TestProbe<Receptionist.Listing> listing = testKit.createTestProbe();
    testKit.system().receptionist().tell(Receptionist.find(DaemonKeys.ALL, listing.ref()));
    assertTrue(!listing.receiveMessage().getServiceInstances(DaemonKeys.ALL).contains(daemon));
  }

  @Test
  void aThrowingSetUpReportsStartFailedWithTheBoxedError() {
    TestProbe<DaemonLifecycle.Event> lifecycle = testKit.createTestProbe();
    ServiceName name = ServiceName.of(DaemonKind.EMSD);
    testKit.spawn(DaemonLifetime.create(new DaemonSpec(name, RuntimeSettings.of(configDir), lifecycle.ref(), true),
        ctx -> {
          throw new IllegalStateException("journal is corrupt");
        }));
    DaemonLifecycle.StartFailed failed = lifecycle.expectMessageClass(DaemonLifecycle.StartFailed.class);
    assertEquals(IllegalStateException.class.getName(), failed.error().type());
    assertEquals("journal is corrupt", failed.error().message());
    assertTrue(failed.retried());
  }

  @Test
  void aSetUpThatRefusesReportsItAsNotRetriedAndStops() {
    TestProbe<DaemonLifecycle.Event> lifecycle = testKit.createTestProbe();
    ServiceName name = ServiceName.of(DaemonKind.EMSD);
    ActorRef<DaemonProtocol.Command> daemon = testKit.spawn(DaemonLifetime.create(
        new DaemonSpec(name, RuntimeSettings.of(configDir), lifecycle.ref(), true), ctx -> {
          throw new StartRefused(RemoteError.of("JournalUnreadable", "orders.journal is empty", "emsd"));
        }));
    DaemonLifecycle.StartFailed failed = lifecycle.expectMessageClass(DaemonLifecycle.StartFailed.class);
    assertEquals("JournalUnreadable", failed.error().type());
    assertFalse(failed.retried());
    lifecycle.expectTerminated(daemon);
  }

  @Test
  void anAsynchronousSetUpThatRefusesStopsToo() {
    TestProbe<DaemonLifecycle.Event> lifecycle = testKit.createTestProbe();
    ServiceName name = ServiceName.of(DaemonKind.EMSD);
    ActorRef<DaemonProtocol.Command> daemon = testKit.spawn(DaemonLifetime.<String>createAsync(
        new DaemonSpec(name, RuntimeSettings.of(configDir), lifecycle.ref(), true), Duration.ofSeconds(5),
        ctx -> CompletableFuture.supplyAsync(() -> {
          throw new StartRefused(RemoteError.of("JournalUnreadable", "orders.journal is empty", "emsd"));
        }),
        (ctx, value) -> Behaviors.empty()));
    DaemonLifecycle.StartFailed failed = lifecycle.expectMessageClass(DaemonLifecycle.StartFailed.class);
    assertEquals("orders.journal is empty", failed.error().message());
    assertFalse(failed.retried());
    lifecycle.expectTerminated(daemon);
  }
}
