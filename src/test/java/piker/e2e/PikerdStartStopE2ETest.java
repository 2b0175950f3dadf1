package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;
import piker.e2e.support.Processes;

/**
 * SIGTERM while pikerd is still starting: an orderly stop and exit 0 within 10 s, as after start. A time bound, so
 * it runs alone (a full run once saw a stop pass 10 s beside two other classes' pikerds on two cores).
 */
@Isolated
class PikerdStartStopE2ETest {
  private static final Duration EXIT_LIMIT = Duration.ofSeconds(10);

  @Test
  void sigtermAsSoonAsPikerdsMainRunsExitsZero(@TempDir Path tmp) throws Exception {
    Path configDir = tmp.resolve("config");
    // the config dir's templates are the first thing pikerd writes, right after its main took the signals
    assertStopsCleanly(configDir, tmp.resolve("pikerd.err"), () -> Files.exists(configDir.resolve("conf.toml")));
  }

  @Test
  void sigtermWhileTheActorSystemStartsExitsZero(@TempDir Path tmp) throws Exception {
    Path configDir = tmp.resolve("config");
    Path log = configDir.resolve("logs").resolve("pikerd.log");
    assertStopsCleanly(configDir, tmp.resolve("pikerd.err"),
        () -> Files.exists(log) && Files.readString(log).contains("starting pikerd's node"));
  }

  private static void assertStopsCleanly(Path configDir, Path stderr, java.util.concurrent.Callable<Boolean> moment)
      throws Exception {
    Process pikerd = Processes.launchPikerd(configDir, "127.0.0.1:0", stderr);
    try {
      Processes.awaitAssert(Duration.ofSeconds(60), () -> {
        assertTrue(pikerd.isAlive(), "pikerd is still running");
        assertTrue(moment.call(), "the moment to signal has come");
        return null;
      });
      pikerd.destroy(); // SIGTERM
      assertTrue(pikerd.waitFor(EXIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS),
          "pikerd exited within " + EXIT_LIMIT + "; stderr:\n" + Files.readString(stderr));
      assertEquals(0, pikerd.exitValue(), "exit code after SIGTERM; stderr:\n" + Files.readString(stderr));
    } finally {
      pikerd.destroyForcibly().waitFor();
    }
  }
}
