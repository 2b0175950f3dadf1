package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.e2e.support.CliResult;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;
import piker.e2e.support.SpawnClientMain;

/** SIGTERM to bin/pikerd's pid: the tree stops in order, the JVM exits 0 and nothing is left behind. */
class PikerdShutdownE2ETest {

  @Test
  void sigtermStopsTheTreeAndExitsZeroWithinTenSeconds(@TempDir Path configDir) throws Exception {
    String address;
    try (PikerdProcess pikerd = Processes.startPikerd(configDir, "127.0.0.1:0")) {
      address = pikerd.address();
      Process client = Processes.java(SpawnClientMain.class, pikerd.address(), configDir.toString(), "samplerd");
      try (BufferedReader out = Processes.stdout(client)) {
        assertTrue(String.valueOf(out.readLine()).startsWith("spawned "));
      }
      assertTrue(client.waitFor(30, TimeUnit.SECONDS));
      CliResult quote = Processes.piker(Duration.ofSeconds(40), "quote", "btcusdt.spot.sim", "--count", "2",
          "-c", configDir.toString(), "--registry", address);
      assertEquals(0, quote.exitCode(), quote.toString());
      // a paper order opens emsd's clearing dialog with paperboi, which the stop ends before emsd's
      CliResult order = Processes.piker(Duration.ofSeconds(40), "order", "buy", "btcusdt.spot.sim", "--size", "0.001",
          "--price", "70000", "-c", configDir.toString(), "--registry", address);
      assertEquals(0, order.exitCode(), order.toString());

      ProcessHandle handle = pikerd.process().toHandle();
      List<ProcessHandle> descendants = handle.descendants().toList();
      long start = System.nanoTime();
      int exit = pikerd.terminate(Duration.ofSeconds(10));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertEquals(0, exit, "exit code after SIGTERM (took " + took + "); stderr:\n" + pikerd.stderr());
      assertFalse(handle.isAlive());
      descendants.forEach(child -> assertFalse(child.isAlive(), "left behind: " + child));

      String log = Files.readString(configDir.resolve("logs").resolve("pikerd.log"));
      assertTrue(log.contains("samplerd stopping (requested by pikerd shutdown)"), log);
      assertTrue(log.indexOf("datad.sim stopped") < log.indexOf("samplerd stopping"), "datad before samplerd: " + log);
      assertTrue(log.indexOf("samplerd stopped") < log.indexOf("pikerd stopped"), log);
      assertTrue(!log.contains(" ERROR "), "an orderly stop logs no error: " + log);
      assertQuiet(pikerd.stderr());
      assertTrue(!Files.exists(configDir.resolve("sim-venue").resolve("venue.address")),
          "the embedded venue withdrew its address");
    }
    CliResult after = Processes.piker(java.util.Map.of("PIKER_CONNECT_TIMEOUT", "2s"), Duration.ofSeconds(30), "services", "-c", configDir.toString(),
        "--registry", address);
    assertEquals(3, after.exitCode(), after.toString());
  }

  /** At info, from start to an orderly stop: pikerd's own lines, no warning, none of Pekko's narration. */
  private static void assertQuiet(String stderr) {
    assertTrue(stderr.contains("paperboi.sim stopped"), "the order started paperboi: " + stderr);
    for (String noise : List.of(" WARN ", " ERROR ", "seed-nodes", "SBR", "dead letter",
        "Slf4jLogger started", "Cluster Node", "CoordinatedShutdown", "Remoting shut down", "clearing dialog")) {
      assertFalse(stderr.contains(noise), "'" + noise + "' on stderr:\n" + stderr);
    }
  }
}
