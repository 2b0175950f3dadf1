package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every benchmark, run as the command line runs it, exits 0, writes nothing on stderr and leaves nothing behind. */
class BenchCommandTest {
  @TempDir
  Path parent;

  @Test
  void feedExitsZeroAndRemovesItsScratchFolder() throws Exception {
    assertCleanRun("bench", "feed", "--subscribers", "2", "--seconds", "1", "--json");
  }

  @Test
  void ordersExitsZeroAndRemovesItsScratchFolder() throws Exception {
    assertCleanRun("bench", "orders", "--orders", "10", "--durable", "--json");
  }

  @Test
  void ordersWithJournalFsyncNeedsDurableAndThenRunsClean() throws Exception {
    CliRun alone = CliRun.of("bench", "orders", "--orders", "10", "--journal-fsync", "--scratch-in", parent.toString());
    assertEquals(ExitCodes.BAD_INPUT, alone.exitCode(), alone.stderr());
    assertTrue(alone.stderr().contains("--journal-fsync needs --durable"), alone.stderr());
    assertCleanRun("bench", "orders", "--orders", "10", "--durable", "--journal-fsync", "--json");
  }

  @Test
  void liveExitsZeroAndRemovesItsScratchFolder() throws Exception {
    assertCleanRun("bench", "live", "--orders", "10", "--open", "2", "--json");
  }

  @Test
  void theWireFeedRefusesHalfAnAddressAndMarketsOfAnotherBackend() throws Exception {
    assertRefused("REST_URL,STREAM_URL", "--binance", "http://127.0.0.1:1");
    assertRefused("not a binance market", "--binance", "http://127.0.0.1:1,ws://127.0.0.1:2", "--fqme",
        "btcusdt.spot.sim");
    assertRefused("--fqme needs --binance or --kraken", "--fqme", "btcusdt.spot.binance");
  }

  @Test
  void theKrakenWireTakesItsOwnAddressPairAndMarketsAndOneWireAtATime() throws Exception {
    assertRefused("--kraken takes REST_URL,WS_URL", "--kraken", "http://127.0.0.1:1");
    assertRefused("not a kraken market", "--kraken", "http://127.0.0.1:1,ws://127.0.0.1:2/v2", "--fqme",
        "btcusdt.spot.binance");
    assertRefused("one wire at a time", "--kraken", "http://127.0.0.1:1,ws://127.0.0.1:2/v2", "--binance",
        "http://127.0.0.1:1,ws://127.0.0.1:2");
  }

  /** {@code bench feed ARGS} exits 2 saying {@code why}, before starting anything. */
  private void assertRefused(String why, String... args) throws Exception {
    List<String> all = new java.util.ArrayList<>(List.of("bench", "feed"));
    all.addAll(List.of(args));
    all.addAll(List.of("--scratch-in", parent.toString()));
    CliRun run = CliRun.of(all.toArray(String[]::new));
    assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.stderr());
    assertTrue(run.stderr().contains(why), run.stderr());
    try (var left = Files.list(parent)) {
      assertEquals(List.of(), left.toList(), "nothing started");
    }
  }

  private void assertCleanRun(String... args) throws Exception {
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--scratch-in", parent.toString())).toArray(String[]::new);
    CliRun run = CliRun.of(all);
    assertEquals(ExitCodes.OK, run.exitCode(), String.join(" ", args));
    assertEquals("", run.stderr(), "stderr at the default level");
    try (var left = Files.list(parent)) {
      assertEquals(List.of(), left.toList(), "what the benchmark left behind");
    }
  }
}
