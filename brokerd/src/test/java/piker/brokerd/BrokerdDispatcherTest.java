package piker.brokerd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import piker.contracts.daemon.DaemonDispatchers;
import piker.contracts.endpoints.DaemonKind;

/** brokerd is spawned on its own dispatcher (contracts' reference.conf), not the default pool datad's feeds use. */
class BrokerdDispatcherTest {
  private static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void brokerdRunsOnTheBrokerdDispatcher() {
    TestProbe<String> threads = kit.createTestProbe();
    ActorRef<String> brokerd = kit.spawn(Behaviors.receiveMessage(ask -> {
      threads.ref().tell(Thread.currentThread().getName());
      return Behaviors.same();
    }), "brokerd", DaemonDispatchers.of(DaemonKind.BROKERD));
    brokerd.tell("which thread?");
    String thread = threads.receiveMessage();
    assertTrue(thread.contains(DaemonDispatchers.BROKERD), thread);
  }
}
