package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.time.Clock;
import piker.backends.sim.client.VenueConnection;
import piker.backends.sim.venue.SimVenue;
import piker.backends.sim.venue.VenueSettings;
import piker.e2e.support.CliResult;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;

/**
 * A market's feed that starts mid-minute shows the minute's trades from before it started: the open bar
 * comes from the venue's klines merged with the live trades, also after a pikerd restart mid-minute
 * (stored bars, the venue's history, live trades), each trade counted once.
 */
class MidPeriodBarsE2ETest {
  private static final Duration CLI = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  /** A market per try: each starts its feed for the first time. */
  private static final List<String> MARKETS = List.of("solusdt.spot", "ethusdt.spot", "btcusdt.spot");

  private record Pushed(long timeNs, BigDecimal price, BigDecimal size) {}

  @Test
  void theOpenMinuteHasTheTradesPushedBeforeTheFeedStartedAndAfterARestart(@TempDir Path configDir)
      throws Exception {
    // a venue of its own, as an exchange would be: it keeps trading while pikerd restarts
    try (SimVenue venue = SimVenue.start(new VenueSettings("127.0.0.1", 0, configDir.resolve("venue"), 42, 0,
        Clock.systemUTC()), false)) {
      // the scenario must fit in one minute; on a box too slow for that, it is tried in a later one
      for (int attempt = 1; attempt <= 3; attempt++) {
        Path dir = configDir.resolve("attempt-" + attempt);
        Processes.writeConf(dir, "[sim]\nseed = 42\ntick_rate = 0\nvenue = \"" + venue.address() + "\"\n");
        if (scenario(dir, venue.address(), MARKETS.get(attempt - 1))) {
          return;
        }
      }
      throw new AssertionError("three tries, and none fitted in a minute: this box is too slow for the test");
    }
  }

  /** Runs the scenario; false when a minute boundary came in between (nothing was shown then). */
  private boolean scenario(Path configDir, String venue, String market) throws Exception {
    List<Pushed> pushed = new ArrayList<>();
    try (PikerdProcess pikerd = Processes.startPikerd(configDir, "127.0.0.1:0")) {
      // the market's feed runs and its history is stored before the minute under test
      openBar(configDir, pikerd.address(), market, 0);
      awaitFreshMinute();
      pushed.add(push(venue, market, "151.0", "2")); // live trades of this pikerd's feed
      pushed.add(push(venue, market, "153.5", "0.5"));
      assertEquals(0, pikerd.terminate(Duration.ofSeconds(30)));
    }
    pushed.add(push(venue, market, "149.5", "1")); // while no pikerd runs
    long minute = pushed.get(0).timeNs() / 60_000_000_000L * 60;
    try (PikerdProcess pikerd = Processes.startPikerd(configDir, "127.0.0.1:0")) {
      pushed.add(push(venue, market, "150.5", "0.25")); // while no feed for the market runs in the new pikerd
      Bar shown = openBar(configDir, pikerd.address(), market, minute);
      if (shown == null) {
        return false;
      }
      assertEquals(expected(minute, pushed), shown, "the trades from before the restart and before the feed started, "
          + "each once");
      pushed.add(push(venue, market, "152.0", "3")); // live
      Bar later = openBar(configDir, pikerd.address(), market, minute);
      if (later != null) {
        assertEquals(expected(minute, pushed), later, "and the live ones after it");
      }
    }
    return true;
  }

  private record Bar(long time, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
                     BigDecimal volume) {}

  private static Bar expected(long minute, List<Pushed> pushed) {
    BigDecimal high = pushed.stream().map(Pushed::price).reduce(BigDecimal::max).orElseThrow();
    BigDecimal low = pushed.stream().map(Pushed::price).reduce(BigDecimal::min).orElseThrow();
    BigDecimal volume = pushed.stream().map(Pushed::size).reduce(BigDecimal.ZERO, BigDecimal::add);
    return bar(minute, pushed.get(0).price(), high, low, pushed.get(pushed.size() - 1).price(), volume);
  }

  /** Compared as numbers: storage may give a price back with another scale. */
  private static Bar bar(long minute, BigDecimal... values) {
    BigDecimal[] plain = java.util.Arrays.stream(values).map(BigDecimal::stripTrailingZeros).toArray(BigDecimal[]::new);
    return new Bar(minute, plain[0], plain[1], plain[2], plain[3], plain[4]);
  }

  /** The bar of {@code minute} as `piker bars` shows it, or null when that minute ended before it was read. */
  private static Bar openBar(Path configDir, String address, String market, long minute) {
    CliResult result = Processes.piker(CLI, "bars", market + ".sim", "--period", "1m", "--count", "3", "--json",
        "-c", configDir.toString(), "--registry", address);
    assertEquals(0, result.exitCode(), result.toString());
    if (minute == 0) {
      return null; // only to start the feed
    }
    if (System.currentTimeMillis() / 60_000 * 60 != minute) {
      return null; // the minute closed meanwhile: its bar came as closed history, which proves nothing here
    }
    for (String line : result.stdout().lines().toList()) {
      JsonNode bar;
      try {
        bar = JSON.readTree(line);
      } catch (java.io.IOException e) {
        throw new AssertionError("not a JSON bar: " + line, e);
      }
      if (bar.get("time").asLong() == minute) {
        return bar(minute, bar.get("open").decimalValue(), bar.get("high").decimalValue(),
            bar.get("low").decimalValue(), bar.get("close").decimalValue(), bar.get("volume").decimalValue());
      }
    }
    throw new AssertionError("no bar for minute " + minute + " in " + result.stdout());
  }

  /** A trade straight into the venue, as `piker sim push` does, with the venue's time of it. */
  private static Pushed push(String address, String market, String price, String size) throws Exception {
    VenueConnection venue = VenueConnection.open(address, event -> { }, error -> { }).get(10, TimeUnit.SECONDS);
    try {
      long time = venue.request(venue.json().object().put("op", "push").put("market", market).put("type", "trade")
          .put("price", price).put("size", size)).get(10, TimeUnit.SECONDS).get("time_ns").asLong();
      return new Pushed(time, new BigDecimal(price), new BigDecimal(size));
    } finally {
      venue.close();
    }
  }

  /** Waits (at most a minute) until a minute is at most 5 s old, so the scenario fits in it. */
  private static void awaitFreshMinute() throws Exception {
    Processes.awaitAssert(Duration.ofSeconds(70), () -> {
      assertTrue(System.currentTimeMillis() % 60_000 < 5_000, "a fresh minute");
      return null;
    });
  }
}
