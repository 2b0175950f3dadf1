package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input found before anything is sent: exit 2 and one line of words on stderr that names the value,
 * cut short when it is long. No pikerd runs: the old code went on to look for one (exit 3).
 */
class PlainWordsTest {
  private static final String HUGE = "x".repeat(10_240);

  @TempDir
  Path dir;

  private CliRun run(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-c", dir.toString(), "--registry", "127.0.0.1:" + freePort()));
    return CliRun.of(all.toArray(String[]::new));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void assertBadInput(CliRun run, String... words) {
    assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.stderr());
    assertEquals(1, run.stderr().strip().lines().count(), "one line: " + run.stderr());
    for (String word : words) {
      assertTrue(run.stderr().contains(word), "'" + word + "' in: " + run.stderr());
    }
    assertFalse(run.stderr().matches("(?s).*(Exception|pekko://).*"), "no class names or actor paths: " + run.stderr());
  }

  @Test
  void aSearchPatternLongerThanDatadTakesIsRefusedBeforeAsking() throws Exception {
    assertBadInput(run("search", "b".repeat(65)), "search: search pattern 'bbbb", "at most 64 characters");
  }

  @Test
  void anEmptyOidToCancelIsBadInput() throws Exception {
    assertBadInput(run("cancel", ""), "cancel: invalid OID ''");
  }

  @Test
  void aPngInADirectoryThatIsNotThereNamesTheUsersPath() throws Exception {
    Path png = dir.resolve("nonexistent").resolve("x.png");
    CliRun run = run("chart", "btcusdt.spot.sim", "--png", png.toString());
    assertBadInput(run, png.toString(), "does not exist");
    assertFalse(run.stderr().contains(".tmp"), run.stderr());
  }

  @Test
  void aPngThatIsADirectoryIsBadInput() throws Exception {
    assertBadInput(run("chart", "btcusdt.spot.sim", "--png", dir.toString()), "is a directory");
  }

  @Test
  void anEmptyConfigDirIsRefusedRatherThanMeaningTheCurrentOne() {
    CliRun run = CliRun.of("services", "-c", "");
    assertBadInput(run, "--config-dir ''");
  }

  @Test
  void longValuesAreEchoedCutShort() throws Exception {
    for (String[] args : new String[][] {
        {"order", "buy", "btcusdt.spot.sim", "--size", HUGE, "--price", "1"},
        {"order", "buy", "btcusdt.spot.sim", "--size", "1", "--price", "1", "--oid", HUGE},
        {"order", "buy", "btcusdt.spot.sim", "--size", "1", "--price", "1", "--account", HUGE},
        {"order", HUGE, "btcusdt.spot.sim", "--size", "1", "--price", "1"},
        {"order", "buy", "btcusdt.spot.sim", "--size", "1", "--price", "1", "--timeout", HUGE},
        {"bars", "btcusdt.spot.sim", "--period", HUGE},
        {"search", HUGE},
        {"cancel", HUGE},
        {"quote", HUGE},
        {"search", "btc", "--limit", HUGE}}) { // the last one picocli refuses
      CliRun run = run(args);
      assertBadInput(run, "xxx… (10240 characters)");
      assertTrue(run.stderr().length() < 300, String.join(" ", args).replace(HUGE, "<10 KB>") + " echoed "
          + run.stderr().length() + " characters");
    }
  }
}
