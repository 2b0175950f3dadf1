package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.pikerd.config.ConfigDir;

/**
 * The global options count wherever they stand: before the command words, between them, after them.
 * Each case needs no pikerd: it fails in a way that names the value the command saw.
 */
class GlobalOptionsTest {
  private static final List<String> PUSH = List.of("btcusdt.spot.sim", "trade", "60000");

  @TempDir
  Path dir;

  @Test
  void aBadRegistryIsRefusedAtAnyLevel() {
    for (List<String> args : List.of(
        List.of("--registry", "nowhere", "services"),
        List.of("services", "--registry", "nowhere"),
        List.of("--registry", "nowhere", "sim", "push", "btcusdt.spot.sim", "trade", "60000"),
        List.of("sim", "--registry", "nowhere", "push", "btcusdt.spot.sim", "trade", "60000"),
        List.of("sim", "push", "btcusdt.spot.sim", "trade", "60000", "--registry", "nowhere"))) {
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), args + ": " + run.stderr());
      assertTrue(run.stderr().contains("'nowhere'"), args + ": " + run.stderr());
    }
  }

  @Test
  void theRegistryAndConfigDirAreSeenBeforeOrAfterTheCommand() throws IOException {
    ConfigDir.ensureCookie(dir); // so the client gets as far as the registry address
    String registry = "127.0.0.1:" + unusedPort();
    for (List<String> args : List.of(
        List.of("-c", dir.toString(), "--registry", registry, "services"),
        List.of("--registry", registry, "services", "-c", dir.toString()),
        List.of("services", "--config-dir", dir.toString(), "--registry", registry))) {
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(ExitCodes.NO_PIKERD, run.exitCode(), args + ": " + run.stderr());
      assertTrue(run.stderr().contains("no pikerd answers at " + registry), args + ": " + run.stderr());
    }
  }

  @Test
  void theConfigDirIsSeenAtEveryLevelOfANestedCommand() throws IOException {
    // a conf.toml only this dir has: sim push reads it first and names it when it is bad
    Files.writeString(dir.resolve("conf.toml"), "[sim]\nseed = \"x\"\n");
    String c = dir.toString();
    for (List<String> args : List.of(
        concat(List.of("-c", c, "sim", "push"), PUSH),
        concat(List.of("sim", "-c", c, "push"), PUSH),
        concat(List.of("sim", "push", "-c", c), PUSH),
        concat(List.of("sim", "push"), PUSH, List.of("--config-dir", c)))) {
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), args + ": " + run.stderr());
      assertTrue(run.stderr().contains(dir.resolve("conf.toml").toString()), args + ": " + run.stderr());
    }
  }

  @Test
  void givenAtTwoLevelsTheLaterOneCounts() throws IOException {
    Path other = Files.createDirectory(dir.resolve("other"));
    Files.writeString(other.resolve("conf.toml"), "[sim]\nseed = \"x\"\n");
    CliRun run = CliRun.of(concat(List.of("-c", dir.toString(), "sim", "push"), PUSH, List.of("-c", other.toString()))
        .toArray(String[]::new));
    assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.stderr());
    assertTrue(run.stderr().contains(other.resolve("conf.toml").toString()), run.stderr());
  }

  @Test
  void jsonCountsBeforeOrAfterTheCommand() {
    assertTrue(CliRun.of("backends").stdout().startsWith("BACKEND"));
    for (List<String> args : List.of(List.of("--json", "backends"), List.of("backends", "--json"))) {
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(ExitCodes.OK, run.exitCode(), args + ": " + run.stderr());
      assertTrue(run.stdout().startsWith("[{\"name\""), args + ": " + run.stdout());
    }
  }

  @Test
  void theLogLevelCountsAtAnyLevel() {
    String c = dir.resolve("empty").toString(); // no venue announced there: push exits 3
    CliRun quiet = CliRun.of(concat(List.of("sim", "push"), PUSH, List.of("-c", c)).toArray(String[]::new));
    assertEquals(ExitCodes.NO_PIKERD, quiet.exitCode(), quiet.stderr());
    assertFalse(quiet.stderr().contains("\tat "), "no stack trace by default: " + quiet.stderr());
    for (List<String> args : List.of(
        concat(List.of("-l", "debug", "sim", "push"), PUSH, List.of("-c", c)),
        concat(List.of("sim", "--loglevel", "debug", "push"), PUSH, List.of("-c", c)),
        concat(List.of("sim", "push"), PUSH, List.of("-c", c, "-l", "debug")))) {
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(ExitCodes.NO_PIKERD, run.exitCode(), args + ": " + run.stderr());
      assertTrue(run.stderr().contains("\tat "), "debug shows the stack trace: " + args + ": " + run.stderr());
    }
    CliRun bad = CliRun.of("sim", "-l", "loud", "push");
    assertEquals(ExitCodes.BAD_INPUT, bad.exitCode(), bad.stderr());
    assertTrue(bad.stderr().contains("loud"), bad.stderr());
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
  }

  private static int unusedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort(); // closed again: nothing listens there
    }
  }
}
