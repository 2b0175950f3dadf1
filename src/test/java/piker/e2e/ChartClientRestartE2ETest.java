package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.names.Fqme;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;
import piker.pikerd.client.ChartClient;
import piker.pikerd.runtime.RegistryAddress;

/** A chart keeps drawing when pikerd is restarted under it: it reconnects by itself. */
class ChartClientRestartE2ETest {
  private final LinkedBlockingQueue<ChartClient.Picture> pictures = new LinkedBlockingQueue<>();

  private ChartClient.Picture await(Predicate<ChartClient.Picture> wanted, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      ChartClient.Picture picture = pictures.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      assertNotNull(picture, "no such picture within " + within);
      if (wanted.test(picture)) {
        return picture;
      }
    }
  }

  @Test
  void aChartKeepsDrawingAfterPikerdRestartsUnderIt(@TempDir Path configDir) throws Exception {
    Processes.writeConf(configDir, "[sim]\nseed = 42\ntick_rate = 0\nvenue = \"\"\n");
    // an ephemeral port, taken by pikerd itself; the restarted pikerd takes the same one again
    PikerdProcess first = Processes.startPikerd(configDir, "127.0.0.1:0");
    String address = first.address();
    try (ChartClient chart = ChartClient.start(configDir, RegistryAddress.parse(address),
        Fqme.parse("ethusdt.spot.sim"), 1, 50, pictures::add)) {
      ChartClient.Picture live = await(picture -> picture.connected() && !picture.bars().isEmpty(),
          Duration.ofSeconds(60));
      assertTrue(live.bars().get(live.bars().size() - 1).close().signum() > 0);

      first.terminate(Duration.ofSeconds(10));
      first.close();
      assertFalse(await(picture -> !picture.connected(), Duration.ofSeconds(30)).connected());

      try (PikerdProcess second = Processes.startPikerd(configDir, address)) {
        ChartClient.Picture back = await(picture -> picture.connected() && !picture.bars().isEmpty(),
            Duration.ofSeconds(60));
        // and it keeps drawing: samplerd's steps keep refreshing it
        ChartClient.Picture later = await(picture -> picture.connected() && picture.updates() > back.updates(),
            Duration.ofSeconds(20));
        assertTrue(later.bars().get(later.bars().size() - 1).time() >= back.bars().get(back.bars().size() - 1).time());
      }
    }
  }
}
