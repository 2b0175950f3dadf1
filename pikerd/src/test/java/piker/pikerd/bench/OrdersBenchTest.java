package piker.pikerd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orders benchmark's harness works: every order of both paths comes back, durably when asked. */
class OrdersBenchTest {
  @Test
  void bothPathsCompleteEveryOrderAndTheDurableRunWritesItsJournalAndLedger(@TempDir Path scratch)
      throws Exception {
    OrdersBench.Result result = OrdersBench.run(40, false, true, scratch);
    for (OrdersClient.PathResult path : new OrdersClient.PathResult[] {result.ours(), result.baseline()}) {
      assertEquals(40, path.orders());
      assertTrue(path.perS() > 0 && path.p50Us() > 0 && path.p50Us() <= path.p99Us()
          && path.p99Us() <= path.p999Us(), path.toString());
    }
    assertTrue(result.ratio() > 0);
    // 120 orders of five journaled events each: well past the journal's 8-byte header
    assertTrue(Files.size(scratch.resolve("emsd").resolve("orders.journal")) > 120 * 100, "emsd's journal");
    String ledger = Files.readString(scratch.resolve("accounting/ledgers/trades_bench_paper.toml"));
    // warm-up, latency and throughput phases: every order filled once
    assertEquals(120, ledger.lines().filter(line -> line.startsWith("tid = ")).count());
  }
}
