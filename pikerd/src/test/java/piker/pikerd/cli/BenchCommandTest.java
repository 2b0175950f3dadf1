package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    CliRun run = assertCleanRun("bench", "feed", "--subscribers", "2", "--seconds", "1", "--json");
    JsonNode json = new ObjectMapper().readTree(run.stdout());
    assertTrue(json.has("rate") && json.get("rate").isNull(), "without --rate, the saturation run: " + run.stdout());
  }

  /**
   * An open-loop run sends exactly its schedule (rate × (warm-up + seconds) quotes to each subscriber),
   * accounts for every quote and reports ordered percentiles; the figures themselves are not judged.
   */
  @Test
  void feedAtARateReportsItsRateAndEveryPathsLatencyPercentiles() throws Exception {
    CliRun run = assertCleanRun("bench", "feed", "--rate", "500", "--seconds", "1", "--warm-up", "1",
        "--subscribers", "2", "--json");
    JsonNode json = new ObjectMapper().readTree(run.stdout());
    assertEquals(500, json.get("rate").asLong(), run.stdout());
    for (String path : List.of("ours", "baseline")) {
      JsonNode figures = json.get(path);
      assertEquals(2 * 500 * 2, figures.get("sent").asLong(), path + ": " + figures);
      assertEquals(0, figures.get("lost").asLong(), path + ": " + figures);
      assertEquals(figures.get("sent").asLong(), figures.get("delivered").asLong()
          + figures.get("overruns").asLong(), path + ": " + figures);
      long p50 = figures.get("p50_us").asLong();
      assertTrue(p50 > 0 && p50 <= figures.get("p99_us").asLong()
          && figures.get("p99_us").asLong() <= figures.get("p999_us").asLong()
          && figures.get("p999_us").asLong() <= figures.get("max_us").asLong(), path + ": " + figures);
      assertTrue(figures.has("pacing_lag_p99_us"), path + ": " + figures);
    }
    assertTrue(json.get("ratio").asDouble() > 0, run.stdout());
  }

  @Test
  void theRateIsRefusedOutOfRangeAndWithAWire() throws Exception {
    assertRefused("invalid --rate 0", "--rate", "0");
    assertRefused("not with --binance or --kraken", "--rate", "1000", "--binance",
        "http://127.0.0.1:1,ws://127.0.0.1:2");
    assertRefused("--warm-up needs --rate", "--warm-up", "1");
  }

  /**
   * The dark bench fires one order per 40th quote here (at most half of the 100 resting) and each fired order
   * reaches the clearing daemon; without a warm-up every one is measured.
   */
  @Test
  void darkFiresItsScheduleAndEveryFiredOrderReachesClearing() throws Exception {
    CliRun run = assertCleanRun("bench", "dark", "--rate", "2000", "--orders", "100", "--seconds", "1",
        "--warm-up", "0", "--json");
    JsonNode json = new ObjectMapper().readTree(run.stdout());
    assertEquals(2000, json.get("rate").asLong(), run.stdout());
    assertEquals(100, json.get("resting").asLong(), run.stdout());
    assertEquals(2000, json.get("quotes").asLong(), run.stdout());
    assertEquals(50, json.get("fired").asLong(), run.stdout());
    assertEquals(50, json.get("arrived").asLong(), run.stdout());
    assertEquals(50, json.get("measured").asLong(), run.stdout());
    assertTrue(json.get("p50_us").asLong() > 0 && json.get("p50_us").asLong() <= json.get("p99_us").asLong()
        && json.get("p999_us").asLong() <= json.get("max_us").asLong(), run.stdout());
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

  private CliRun assertCleanRun(String... args) throws Exception {
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--scratch-in", parent.toString())).toArray(String[]::new);
    CliRun run = CliRun.of(all);
    assertEquals(ExitCodes.OK, run.exitCode(), String.join(" ", args));
    assertEquals("", run.stderr(), "stderr at the default level");
    try (var left = Files.list(parent)) {
      assertEquals(List.of(), left.toList(), "what the benchmark left behind");
    }
    return run;
  }
}
