package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;
import piker.e2e.support.Processes;

/**
 * SIGTERM while pikerd is still starting, and SIGINT to pikerd as a shell script's background job: an orderly
 * stop and exit 0 within 10 s, as after start. A time bound, so it runs alone (a full run once saw a stop pass
 * 10 s beside two other classes' pikerds on two cores).
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

  /**
   * A shell script's {@code pikerd &} runs with SIGINT ignored, which a JVM leaves alone; bin/piker restores the
   * default, so SIGINT stops it in order as cli.md says.
   */
  @Test
  void sigintStopsAPikerdStartedAsAShellScriptsBackgroundJob(@TempDir Path tmp) throws Exception {
    // where env cannot restore a signal (not GNU, or before coreutils 8.31) the launcher leaves it as inherited
    assumeTrue(new ProcessBuilder("env", "--default-signal=INT", "true").start().waitFor() == 0,
        "GNU env with --default-signal");
    Path stdout = tmp.resolve("pikerd.out");
    Path stderr = tmp.resolve("pikerd.err");
    Process shell = Processes.launchPikerdAsShellJob(tmp.resolve("config"), "127.0.0.1:0", stdout, stderr);
    try {
      long pid = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(shell.getInputStream()))
          .readLine().strip());
      Processes.awaitAssert(Duration.ofSeconds(60), () -> {
        assertTrue(shell.isAlive(), "the shell waits for pikerd; stderr:\n" + read(stderr));
        assertTrue(read(stdout).startsWith("pikerd ready "), "pikerd is ready");
        return null;
      });
      assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor());
      assertTrue(shell.waitFor(EXIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS),
          "pikerd exited within " + EXIT_LIMIT + " of SIGINT; stderr:\n" + read(stderr));
      assertEquals(0, shell.exitValue(), "pikerd's exit code after SIGINT; stderr:\n" + read(stderr));
    } finally {
      shell.descendants().forEach(ProcessHandle::destroyForcibly);
      shell.destroyForcibly().waitFor();
    }
  }

  private static String read(Path file) throws java.io.IOException {
    return Files.exists(file) ? Files.readString(file) : "";
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
