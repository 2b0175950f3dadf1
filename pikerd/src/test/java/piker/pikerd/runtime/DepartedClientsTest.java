package piker.pikerd.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorCell;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.Patterns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A client JVM's death watch of a pikerd actor does not outlive the client (issue 20's soak). */
class DepartedClientsTest {
  private static final Config REMOTE = ConfigFactory.parseString("""
      pekko.actor.provider = remote
      pekko.remote.artery.transport = tcp
      pekko.remote.artery.canonical.hostname = "127.0.0.1"
      pekko.remote.artery.canonical.port = 0
      pekko.remote.use-unsafe-remote-features-outside-cluster = on
      pekko.remote.warn-unsafe-watch-outside-cluster = off
      """);
  private static final ActorTestKit PIKERD = ActorTestKit.create("piker", REMOTE.withFallback(ConfigFactory.load()));

  @AfterAll
  static void stop() {
    PIKERD.shutdownTestKit();
  }

  /** Stands in for a daemon; tells how many actors watch it, read on its own thread. */
  static final class Watched extends AbstractActor {
    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .matchEquals("watchers", ask -> getSender().tell(
              ((ActorCell) getContext()).org$apache$pekko$actor$dungeon$DeathWatch$$watchedBy().size(), getSelf()))
          .build();
    }
  }

  @Test
  void aClientThatEndsIsNoLongerAmongTheWatchersOfWhatItWatchedAndALiveOneStays() throws Exception {
    PIKERD.spawn(DepartedClients.create("piker"), "departed-clients");
    ActorRef daemon = ((ExtendedActorSystem) PIKERD.system().classicSystem()).systemActorOf(Props.create(Watched.class),
        "emsd");
    ActorSystem<Void> leaving = watchingClient(daemon);
    ActorSystem<Void> staying = watchingClient(daemon);
    try {
      awaitWatchers(daemon, 2, "each client's remote watcher watches the daemon");
      Systems.terminate(leaving, Duration.ofSeconds(10));
      awaitWatchers(daemon, 1, "the departed client's watch is dropped, the live one's kept");
    } finally {
      Systems.terminate(leaving, Duration.ofSeconds(10));
      Systems.terminate(staying, Duration.ofSeconds(10));
    }
    awaitWatchers(daemon, 0, "and the other's once it has gone too");
  }

  /** A client system (another address) whose actor watches {@code daemon} over Artery, as a session opener does. */
  private static ActorSystem<Void> watchingClient(ActorRef daemon) throws Exception {
    ActorSystem<Void> client = ActorSystem.create(Behaviors.empty(), "piker-client",
        REMOTE.withFallback(ConfigFactory.load()));
    String path = daemon.path().toStringWithAddress(PIKERD.system().address());
    ActorRef remoteDaemon = client.classicSystem().actorSelection(path).resolveOne(Duration.ofSeconds(10))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    client.systemActorOf(Behaviors.setup(ctx -> {
      ctx.watch(Adapter.toTyped(remoteDaemon));
      return Behaviors.ignore();
    }), "session-opener", org.apache.pekko.actor.typed.Props.empty());
    return client;
  }

  private static void awaitWatchers(ActorRef daemon, int expected, String what) {
    TestProbe<Void> waiting = PIKERD.createTestProbe();
    waiting.awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(expected, watchers(daemon), what);
      return null;
    });
  }

  @Test
  void onlyAnotherSystemsAddressIsAClient() {
    assertTrue(DepartedClients.isClient(new Address("pekko", "piker-client", "127.0.0.1", 40123), "piker"));
    assertFalse(DepartedClients.isClient(new Address("pekko", "piker", "10.0.0.2", 25520), "piker"),
        "a node of the cluster: the cluster drops its watches when it removes it");
    assertFalse(DepartedClients.isClient(new Address("pekko", "piker-client"), "piker"), "no host: not remote");
  }

  private static int watchers(ActorRef daemon) throws Exception {
    return (Integer) Patterns.ask(daemon, "watchers", Duration.ofSeconds(5)).toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }
}
