package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.names.Fqme;
import piker.e2e.support.ChartPictures;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;
import piker.pikerd.client.ChartClient;
import piker.pikerd.client.EmsConnection;
import piker.pikerd.client.PikerClient;
import piker.pikerd.runtime.RegistryAddress;

/**
 * A chart follows the market's resting orders and switches period in place, and keeps drawing when
 * pikerd is restarted under it: it reconnects by itself.
 */
class ChartClientRestartE2ETest {
  private final ChartPictures pictures = new ChartPictures();

  private ChartClient.Picture await(Predicate<ChartClient.Picture> wanted, Duration within) throws Exception {
    return pictures.await(wanted, within);
  }

  @Test
  void aChartFollowsOrdersAndPeriodsAndKeepsDrawingAfterPikerdRestartsUnderIt(@TempDir Path configDir) throws Exception {
    Processes.writeConf(configDir, "[sim]\nseed = 42\ntick_rate = 0\nvenue = \"\"\n");
    // an ephemeral port, taken by pikerd itself; the restarted pikerd takes the same one again
    PikerdProcess first = Processes.startPikerd(configDir, "127.0.0.1:0");
    String address = first.address();
    try (ChartClient chart = ChartClient.start(configDir, RegistryAddress.parse(address),
        Fqme.parse("ethusdt.spot.sim"), 1, 50, pictures)) {
      ChartClient.Picture live = await(picture -> picture.connected() && !picture.bars().isEmpty(),
          Duration.ofSeconds(60));
      BigDecimal last = live.bars().get(live.bars().size() - 1).close();
      assertTrue(last.signum() > 0);

      // a resting order appears as it opens and goes as it is cancelled
      BigDecimal below = last.multiply(new BigDecimal("0.9")).setScale(0, RoundingMode.DOWN);
      try (PikerClient client = PikerClient.connect(configDir, RegistryAddress.parse(address), "WARNING",
          Duration.ofSeconds(30));
           EmsConnection ems = EmsConnection.open(client, List.of("sim.paper"), event -> { }, Duration.ofSeconds(30))) {
        ems.send(new EmsProtocol.Order("chart-1", "buy", "ethusdt.spot.sim", below, new BigDecimal("0.5"), "paper",
            null));
        ChartClient.Picture resting = await(picture -> picture.orders().stream()
            .anyMatch(order -> order.oid().equals("chart-1")), Duration.ofSeconds(30));
        assertEquals(0, below.compareTo(resting.orders().get(0).price()));
        ems.send(new EmsProtocol.Cancel("chart-1"));
        await(picture -> picture.orders().isEmpty(), Duration.ofSeconds(30));
      }

      // the other period's bars, from the same client
      chart.period(60);
      ChartClient.Picture minutes = await(picture -> picture.period() == 60 && !picture.bars().isEmpty(),
          Duration.ofSeconds(30));
      assertEquals(0, minutes.bars().get(minutes.bars().size() - 1).time() % 60);
      chart.period(1);
      await(picture -> picture.period() == 1 && !picture.bars().isEmpty(), Duration.ofSeconds(30));

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
