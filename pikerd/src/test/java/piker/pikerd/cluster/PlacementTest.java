package piker.pikerd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.pikerd.ServicesProtocol.SpawnReply;
import piker.contracts.testkit.TestCookies;

/**
 * The placement's protocol on a one-node cluster, with a probe as the node's inbox: what it orders, what it
 * answers, what it adopts when it starts (as after a failover), and what it refuses.
 */
class PlacementTest {
  private static final Config CONFIG = ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical.hostname = "127.0.0.1"
      pekko.remote.artery.canonical.port = 0
      pekko.cluster.jmx.enabled = off
      pekko.cluster.typed.receptionist.distributed-data.notify-subscribers-interval = 50ms
      """).withFallback(ConfigFactory.load("application-test"));
  private static final ActorTestKit testKit = ActorTestKit.create("PlacementTest", CONFIG);
  private static final ServiceName SAMPLERD = ServiceName.parse("samplerd");
  private static final ServiceName DATAD = ServiceName.parse("datad.sim");
  private static final ServiceName BROKERD = ServiceName.parse("brokerd.sim");

  @TempDir
  static Path configDir;
  private static RuntimeSettings settings;
  private static String self;

  private TestProbe<ServicesProtocol.NodeCommand> inbox;
  private ActorRef<Placement.Command> placement;

  @BeforeAll
  static void joinItself() {
    settings = TestCookies.settingsIn(configDir);
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(() -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    self = cluster.selfMember().address().toString();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** A fresh inbox, visible in the Receptionist, and a fresh placement that first asks it what it runs. */
  @BeforeEach
  void inboxAndPlacement() {
    inbox = testKit.createTestProbe(ServicesProtocol.NodeCommand.class);
    testKit.system().receptionist().tell(Receptionist.register(ServicesProtocol.NODES, inbox.ref()));
    TestProbe<Receptionist.Listing> listing = testKit.createTestProbe(Receptionist.Listing.class);
    listing.awaitAssert(() -> {
      testKit.system().receptionist().tell(Receptionist.find(ServicesProtocol.NODES, listing.ref()));
      assertEquals(java.util.Set.of(inbox.ref()), listing.receiveMessage().getServiceInstances(ServicesProtocol.NODES));
      return null;
    });
  }

  @AfterEach
  void stopBoth() {
    if (placement != null) {
      testKit.stop(placement);
    }
    inbox.stop();
  }

  private void startPlacement(List<ServicesProtocol.RunningDaemon> running) {
    placement = testKit.spawn(Placement.create(settings));
    ServicesProtocol.ListNode asked = inbox.expectMessageClass(ServicesProtocol.ListNode.class);
    asked.replyTo().tell(new ServicesProtocol.NodeInventory(null, running, false));
  }

  private TestProbe<SpawnReply> place(ServiceName name, boolean internal, ActorRef<ServicesProtocol.NodeCommand> proof) {
    TestProbe<SpawnReply> asker = testKit.createTestProbe(SpawnReply.class);
    placement.tell(new Placement.Place(TestCookies.hello(), name, internal, self, proof, asker.ref()));
    return asker;
  }

  @Test
  void concurrentRequestsStartOneDaemonAndAllGetItsRef() {
    startPlacement(List.of());
    TestProbe<SpawnReply> first = place(SAMPLERD, false, null);
    TestProbe<SpawnReply> second = place(SAMPLERD, false, null);
    ServicesProtocol.SpawnHere order = inbox.expectMessageClass(ServicesProtocol.SpawnHere.class);
    assertEquals(SAMPLERD, order.name());
    inbox.expectNoMessage(Duration.ofMillis(200));
    TestProbe<DaemonProtocol.Command> daemon = testKit.createTestProbe(DaemonProtocol.Command.class);
    order.replyTo().tell(new ServicesProtocol.Spawned(SAMPLERD, daemon.ref()));
    assertEquals(daemon.ref(), ((ServicesProtocol.Spawned) first.receiveMessage()).ref());
    assertEquals(daemon.ref(), ((ServicesProtocol.Spawned) second.receiveMessage()).ref());
    assertEquals(daemon.ref(), ((ServicesProtocol.Spawned) place(SAMPLERD, false, null).receiveMessage()).ref());
    inbox.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aNewPlacementAdoptsWhatTheNodesRunInsteadOfStartingItAgain() {
    TestProbe<DaemonProtocol.Command> running = testKit.createTestProbe(DaemonProtocol.Command.class);
    startPlacement(List.of(new ServicesProtocol.RunningDaemon(null, DATAD, running.ref())));
    assertEquals(running.ref(), ((ServicesProtocol.Spawned) place(DATAD, false, null).receiveMessage()).ref());
    inbox.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void brokerdOnlyForADaemonsOwnRequestWithItsNodesInboxAsProof() {
    startPlacement(List.of());
    for (ActorRef<ServicesProtocol.NodeCommand> proof : java.util.Arrays.asList(null,
        testKit.createTestProbe(ServicesProtocol.NodeCommand.class).ref())) {
      SpawnReply refused = place(BROKERD, true, proof).receiveMessage();
      assertTrue(refused instanceof ServicesProtocol.SpawnFailed failed && failed.error().type().equals("NotAllowed"),
          String.valueOf(refused));
    }
    SpawnReply asClient = place(BROKERD, false, inbox.ref()).receiveMessage();
    assertTrue(asClient instanceof ServicesProtocol.SpawnFailed, String.valueOf(asClient));
    place(BROKERD, true, inbox.ref());
    assertEquals(BROKERD, inbox.expectMessageClass(ServicesProtocol.SpawnHere.class).name());
  }

  @Test
  void aRequestDuringACancelWaitsForTheStopThenStartsAfresh() {
    startPlacement(List.of());
    TestProbe<SpawnReply> asker = place(SAMPLERD, false, null);
    TestProbe<DaemonProtocol.Command> daemon = testKit.createTestProbe(DaemonProtocol.Command.class);
    inbox.expectMessageClass(ServicesProtocol.SpawnHere.class).replyTo()
        .tell(new ServicesProtocol.Spawned(SAMPLERD, daemon.ref()));
    asker.receiveMessage();

    TestProbe<SpawnReply> canceller = testKit.createTestProbe(SpawnReply.class);
    placement.tell(new Placement.Cancel(TestCookies.hello(), SAMPLERD, "a test", canceller.ref()));
    ServicesProtocol.CancelHere cancel = inbox.expectMessageClass(ServicesProtocol.CancelHere.class);
    TestProbe<SpawnReply> meanwhile = place(SAMPLERD, false, null);
    meanwhile.expectNoMessage(Duration.ofMillis(200));
    cancel.replyTo().tell(new ServicesProtocol.Cancelled(SAMPLERD));
    canceller.expectMessageClass(ServicesProtocol.Cancelled.class);
    daemon.stop();
    ServicesProtocol.SpawnHere again = inbox.expectMessageClass(ServicesProtocol.SpawnHere.class);
    TestProbe<DaemonProtocol.Command> fresh = testKit.createTestProbe(DaemonProtocol.Command.class);
    again.replyTo().tell(new ServicesProtocol.Spawned(SAMPLERD, fresh.ref()));
    assertEquals(fresh.ref(), ((ServicesProtocol.Spawned) meanwhile.receiveMessage()).ref());
  }

  @Test
  void aFailedStartStaysOnItsNodeAndTheNextRequestAsksThereAgain() {
    startPlacement(List.of());
    TestProbe<SpawnReply> asker = place(SAMPLERD, false, null);
    RemoteError boom = RemoteError.of("CannotSpawn", "cannot start samplerd: boom", "test");
    inbox.expectMessageClass(ServicesProtocol.SpawnHere.class).replyTo()
        .tell(new ServicesProtocol.SpawnFailed(SAMPLERD, boom));
    assertEquals(boom, ((ServicesProtocol.SpawnFailed) asker.receiveMessage()).error());
    place(SAMPLERD, false, null);
    assertEquals(SAMPLERD, inbox.expectMessageClass(ServicesProtocol.SpawnHere.class).name());
  }

  @Test
  void aRequestOnlyANodeWithoutAKnownInboxCouldTakeWaitsForItsInbox() {
    ActorRef<Placement.Command> placement = startWithoutInbox(Duration.ofSeconds(30));
    TestProbe<SpawnReply> asker = testKit.createTestProbe(SpawnReply.class);
    placement.tell(new Placement.Place(TestCookies.hello(), SAMPLERD, false, self, null, asker.ref()));
    asker.expectNoMessage(Duration.ofMillis(300)); // held, not refused: the node is up, its inbox on its way
    testKit.system().receptionist().tell(Receptionist.register(ServicesProtocol.NODES, inbox.ref()));
    inbox.expectMessageClass(ServicesProtocol.ListNode.class).replyTo()
        .tell(new ServicesProtocol.NodeInventory(null, List.of(), false));
    ServicesProtocol.SpawnHere order = inbox.expectMessageClass(ServicesProtocol.SpawnHere.class);
    TestProbe<DaemonProtocol.Command> daemon = testKit.createTestProbe(DaemonProtocol.Command.class);
    order.replyTo().tell(new ServicesProtocol.Spawned(SAMPLERD, daemon.ref()));
    assertEquals(daemon.ref(), ((ServicesProtocol.Spawned) asker.receiveMessage()).ref());
  }

  @Test
  void aRequestHeldForAnInboxThatNeverComesIsRefusedAfterTheWait() {
    ActorRef<Placement.Command> placement = startWithoutInbox(Duration.ofMillis(300));
    TestProbe<SpawnReply> asker = testKit.createTestProbe(SpawnReply.class);
    placement.tell(new Placement.Place(TestCookies.hello(), SAMPLERD, false, self, null, asker.ref()));
    SpawnReply refused = asker.receiveMessage(Duration.ofSeconds(5));
    assertTrue(refused instanceof ServicesProtocol.SpawnFailed failed && failed.error().type().equals("NoNode")
        && failed.error().message().contains("waited 0.3 s for a joining node"), String.valueOf(refused));
  }

  /** A placement on a node whose inbox the Receptionist does not (yet) list: the node is up, not serving. */
  private ActorRef<Placement.Command> startWithoutInbox(Duration nodeWait) {
    testKit.system().receptionist().tell(Receptionist.deregister(ServicesProtocol.NODES, inbox.ref()));
    TestProbe<Receptionist.Listing> listing = testKit.createTestProbe(Receptionist.Listing.class);
    listing.awaitAssert(() -> {
      testKit.system().receptionist().tell(Receptionist.find(ServicesProtocol.NODES, listing.ref()));
      assertTrue(listing.receiveMessage().getServiceInstances(ServicesProtocol.NODES).isEmpty());
      return null;
    });
    placement = testKit.spawn(Placement.create(settings, nodeWait));
    return placement;
  }

  @Test
  void aWrongCookieIsRefused() {
    startPlacement(List.of());
    TestProbe<SpawnReply> asker = testKit.createTestProbe(SpawnReply.class);
    placement.tell(new Placement.Place(new piker.contracts.daemon.Hello("guess", piker.contracts.daemon.Hello
        .PROTOCOL_VERSION), SAMPLERD, false, self, null, asker.ref()));
    SpawnReply refused = asker.receiveMessage();
    assertTrue(refused instanceof ServicesProtocol.SpawnFailed failed && failed.error().type().equals("Unauthorized"),
        String.valueOf(refused));
    inbox.expectNoMessage(Duration.ofMillis(200));
  }
}
