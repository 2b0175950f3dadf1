package piker.pikerd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    }
    assertTrue(result.ratio() > 0);
  }
}
