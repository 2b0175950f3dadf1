package piker.pikerd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.pikerd.runtime.Systems;

/** The benchmark's harness does what it says: every path delivers, counts and accounts for every quote. */
class FeedBenchTest {
  @Test
  void bothPathsDeliverEveryQuoteToEverySubscriber(@TempDir Path scratch) throws Exception {
    FeedBench.Result result = FeedBench.run(3, Duration.ofSeconds(1), false, scratch);
    for (FeedBench.PathResult path : new FeedBench.PathResult[] {result.ours(), result.baseline()}) {
      assertTrue(path.sent() > 0 && path.sent() % 3 == 0, path.toString());
      assertEquals(path.sent(), path.delivered() + path.overruns() + path.lost(), "every quote accounted for");
      assertEquals(0, path.lost(), path.toString());
      assertTrue(path.quotesPerS() > 0 && path.p50Us() <= path.p99Us() && path.p99Us() <= path.p999Us(),
          path.toString());
      assertTrue(path.allocBytesPerQuote() > 0, "a quote costs some allocation: " + path);
    }
    assertTrue(result.ratio() > 0);
  }

  /** As in pikerd, a daemon watches its subscribers in the other JVM (Pekko drops such a watch by default). */
  @Test
  void theRemoteBenchsSystemsWatchActorsInEachOther() {
    ActorSystem<Void> daemons = ActorSystem.create(Behaviors.empty(), "bench-daemons", FeedBench.config(true));
    ActorSystem<Void> subscribers = ActorSystem.create(Behaviors.empty(), "bench-subscribers", FeedBench.config(true));
    try {
      ActorRef<String> subscriber = subscribers.systemActorOf(Behaviors.receiveMessage(stop -> Behaviors.stopped()),
          "subscriber", Props.empty());
      ActorRef<String> remote = ActorRefResolver.get(daemons).resolveActorRef(
          ActorRefResolver.get(subscribers).toSerializationFormat(subscriber));
      TestProbe<String> probe = TestProbe.create(daemons);
      daemons.systemActorOf(Behaviors.<String>setup(ctx -> {
        ctx.watchWith(remote, "subscriber gone");
        remote.tell("stop");
        return Behaviors.receiveMessage(message -> {
          probe.ref().tell(message);
          return Behaviors.same();
        });
      }), "watcher", Props.empty());
      probe.expectMessage(Duration.ofSeconds(20), "subscriber gone");
    } finally {
      Systems.terminate(subscribers, Duration.ofSeconds(10));
      Systems.terminate(daemons, Duration.ofSeconds(10));
    }
  }
}
