package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code piker sim push} to a venue that is not there. */
class SimPushTest {
  @Test
  void anUnreachableVenueExitsThreeAndKeepsWhyForDebugOutput(@TempDir Path dir) throws Exception {
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
}
