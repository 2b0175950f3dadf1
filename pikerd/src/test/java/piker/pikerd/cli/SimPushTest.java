package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.sim.venue.SimVenue;
import piker.backends.sim.venue.VenueSettings;

/** {@code piker sim push}, to a venue that is not there and to a standalone one in this JVM. */
class SimPushTest {
  @TempDir
  Path dir;

  @Test
  void anUnreachableVenueExitsThreeAndKeepsWhyForDebugOutput() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    Files.writeString(dir.resolve("conf.toml"), "[sim]\nvenue = \"127.0.0.1:" + port + "\"\n");
    CliRun run = CliRun.of("sim", "push", "btcusdt.spot.sim", "trade", "60000", "-c", dir.toString(),
        "--loglevel", "debug");
    assertEquals(ExitCodes.NO_PIKERD, run.exitCode(), run.stderr());
    assertTrue(run.stderr().contains("no sim venue answers at 127.0.0.1:" + port), run.stderr());
    assertTrue(run.stderr().contains("Caused by:"), "the connection's own error is kept as the cause: " + run.stderr());
  }

  /** Nothing configured and none started: the push would be the sim backend's first use, but no pikerd answers. */
  @Test
  void noVenueAndNoPikerdExitsThree() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    CliRun run = CliRun.of("sim", "push", "btcusdt.spot.sim", "trade", "60000", "-c", dir.toString(), "--registry",
        "127.0.0.1:" + port);
    assertEquals(ExitCodes.NO_PIKERD, run.exitCode(), run.stderr());
    assertTrue(run.stderr().startsWith("push: no pikerd") && run.stderr().contains("piker pikerd"), run.stderr());
  }

  /** An address a killed pikerd left announced, and no pikerd to start another venue: why is the dead address. */
  @Test
  void aStaleAnnouncedVenueAndNoPikerdExitsThreeNamingTheAddress() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Files.createDirectories(dir.resolve("sim-venue"));
    Files.writeString(dir.resolve("sim-venue").resolve("venue.address"), "127.0.0.1:" + port + "\n");
    CliRun run = CliRun.of("sim", "push", "btcusdt.spot.sim", "trade", "60000", "-c", dir.toString());
    assertEquals(ExitCodes.NO_PIKERD, run.exitCode(), run.stderr());
    assertTrue(run.stderr().contains("no sim venue answers at 127.0.0.1:" + port), run.stderr());
  }

  @Test
  void aPushPrintsTheTickAsTheVenueTookItAndAnOffTickSizeIsRefusedLikeAnOffTickPrice() throws Exception {
    try (SimVenue venue = SimVenue.start(new VenueSettings("127.0.0.1", 0, dir.resolve("venue"), 42, 0,
        Clock.systemUTC()), false)) {
      Files.writeString(dir.resolve("conf.toml"), "[sim]\nvenue = \"" + venue.address() + "\"\n");
      String text = stdout("sim", "push", "btcusdt.spot.sim", "trade", "60000.5", "0.25", "-c", dir.toString());
      assertTrue(text.matches("btcusdt\\.spot\\.sim trade 60000\\.5x0\\.25 at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\n"),
          text);
      String json = stdout("sim", "push", "btcusdt.spot.sim", "bid", "59999", "--json", "-c", dir.toString());
      assertTrue(json.matches("\\{\"fqme\":\"btcusdt\\.spot\\.sim\",\"type\":\"bid\",\"price\":59999,\"size\":1,"
          + "\"time_ns\":\\d+}\\n"), json);

      CliRun offSize = CliRun.of("sim", "push", "btcusdt.spot.sim", "trade", "60000", "0.000001", "-c", dir.toString());
      assertEquals(ExitCodes.BAD_INPUT, offSize.exitCode(), offSize.stderr());
      assertEquals("push: size 0.000001 is not on btcusdt.spot's size tick 0.00001", offSize.stderr().strip());
      CliRun offPrice = CliRun.of("sim", "push", "btcusdt.spot.sim", "trade", "60000.001", "-c", dir.toString());
      assertEquals(ExitCodes.BAD_INPUT, offPrice.exitCode(), offPrice.stderr());
      assertEquals("push: price 60000.001 is not on btcusdt.spot's price tick 0.01", offPrice.stderr().strip());
    }
  }

  /** Runs a command that must succeed and returns its stdout. */
  private static String stdout(String... args) {
    CliRun run = CliRun.of(args);
    assertEquals(ExitCodes.OK, run.exitCode(), run.stderr());
    assertEquals("", run.stderr(), "a push that worked says nothing on stderr");
    return run.stdout();
  }
}
