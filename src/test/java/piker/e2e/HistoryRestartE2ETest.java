package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.e2e.support.CliResult;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;

/** Bars outlive pikerd: stored on an orderly stop, back after a restart, and only the gap is fetched again. */
class HistoryRestartE2ETest {
  private static final Duration CLI = Duration.ofSeconds(120);
  private static final Pattern FETCHED = Pattern.compile("feed ethusdt\\.spot\\.sim: 60 s backfill done, (\\d+) bars fetched");

  private static CliResult bars(Path configDir, String address, String period, int count) {
    CliResult result = Processes.piker(CLI, "bars", "ethusdt.spot.sim", "--period", period, "--count",
        String.valueOf(count), "--json", "-c", configDir.toString(), "--registry", address);
    assertEquals(0, result.exitCode(), result.toString());
    return result;
  }

  private static List<Integer> fetched(Path configDir) throws Exception {
    Matcher matcher = FETCHED.matcher(Files.readString(configDir.resolve("logs").resolve("pikerd.log")));
    List<Integer> counts = new java.util.ArrayList<>();
    while (matcher.find()) {
      counts.add(Integer.parseInt(matcher.group(1)));
    }
    return counts;
  }

  @Test
  void barsStoredBeforeARestartComeBackAndOnlyTheGapIsFetched(@TempDir Path configDir) throws Exception {
    Processes.writeConf(configDir, "[sim]\nseed = 42\ntick_rate = 0\nvenue = \"\"\n");
    String before;
    try (PikerdProcess pikerd = Processes.startPikerd(configDir, "127.0.0.1:0")) {
      bars(configDir, pikerd.address(), "1m", 43_000);
      // 30 days of 1 m bars, fetched once; a minute that closes while backfilling moves the count by one
      List<Integer> once = fetched(configDir);
      assertEquals(1, once.size(), "fetched once: " + once);
      assertTrue(Math.abs(once.get(0) - 43_199) <= 1, "30 days of 1 m bars: " + once);
      before = bars(configDir, pikerd.address(), "1m", 2_000).stdout();
      // 2,000 backfilled-and-live 1 m bars from the sim venue: one a minute, none missing, none twice
      // one {"time":…,"open":…} object a line, time first
      List<Long> times = before.lines().map(line -> Long.parseLong(line.substring("{\"time\":".length(),
          line.indexOf(',')))).toList();
      assertEquals(2_000, times.size());
      for (int i = 1; i < times.size(); i++) {
        assertEquals(times.get(i - 1) + 60, times.get(i), "gap-free and duplicate-free at " + i);
      }
      assertEquals(0, pikerd.terminate(Duration.ofSeconds(10)));
    }
    assertTrue(Files.exists(configDir.resolve("history").resolve("sim").resolve("ethusdt.spot.sim")
        .resolve("1m.parquet")), "exported for pandas on the orderly stop");

    try (PikerdProcess pikerd = Processes.startPikerd(configDir, "127.0.0.1:0")) {
      String after = bars(configDir, pikerd.address(), "1m", 2_000).stdout();
      List<String> beforeLines = before.lines().toList();
      List<String> afterLines = after.lines().toList();
      // every closed bar of before is there after, unchanged (the bars of the restart minutes may differ)
      int shared = 0;
      for (String line : beforeLines.subList(0, beforeLines.size() - 1)) {
        if (afterLines.contains(line)) {
          shared++;
        }
      }
      assertTrue(shared >= beforeLines.size() - 3, shared + " of " + beforeLines.size() + " bars survived");
      List<Integer> counts = Processes.awaitAssert(Duration.ofSeconds(30), () -> {
        List<Integer> now = fetched(configDir);
        assertEquals(2, now.size(), "one backfill per run: " + now);
        return now;
      });
      assertTrue(counts.get(1) <= 5, "after the restart only the gap is fetched: " + counts.get(1));
    }
  }
}
