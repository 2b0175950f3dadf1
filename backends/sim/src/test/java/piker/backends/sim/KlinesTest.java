package piker.backends.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.sim.client.SimDataClient;
import piker.backends.sim.client.VenueConnection;
import piker.backends.sim.venue.RandomWalk;
import piker.backends.sim.venue.SimCatalog;
import piker.backends.sim.venue.SimVenue;
import piker.backends.sim.venue.VenueSettings;
import piker.contracts.market.Bar;

/** The venue's klines: a quiet market is flat at its reference but for the tape; a walk is recomputable. */
class KlinesTest {

  private static List<Bar> bars(SimDataClient client, String market, int period, long end, int count)
      throws Exception {
    return client.bars(market, period, end, count).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void aQuietMarketIsFlatAtItsReferenceExceptWherePushedTradesHappened(@TempDir Path dir) throws Exception {
    try (SimVenue venue = SimVenue.start(new VenueSettings("127.0.0.1", 0, dir, 42, 0, Clock.systemUTC()), false)) {
      SimDataClient client = SimDataClient.connect(venue.address()).get(10, TimeUnit.SECONDS);
      VenueConnection pusher = VenueConnection.open(venue.address(), e -> { }, e -> { }).get(10, TimeUnit.SECONDS);
      try {
        long pushedAt = pusher.request(pusher.json().object().put("op", "push").put("market", "solusdt.spot")
            .put("type", "trade").put("price", "151.000").put("size", "2")).get(10, TimeUnit.SECONDS)
            .get("time_ns").asLong();
        long second = pushedAt / 1_000_000_000L;
        List<Bar> bars = bars(client, "solusdt.spot", 1, second + 1, 4);
        assertEquals(4, bars.size());
        for (int i = 0; i < 4; i++) {
          assertEquals(second - 3 + i, bars.get(i).time(), "oldest first, on period boundaries");
        }
        assertEquals(new Bar(second - 1, new BigDecimal("150"), new BigDecimal("150"), new BigDecimal("150"),
            new BigDecimal("150"), BigDecimal.ZERO), bars.get(2));
        assertEquals(new Bar(second, new BigDecimal("151.000"), new BigDecimal("151.000"), new BigDecimal("151.000"),
            new BigDecimal("151.000"), new BigDecimal("2")), bars.get(3));
        List<Bar> future = bars(client, "solusdt.spot", 1, second + 3600, 2);
        assertTrue(future.get(1).time() <= System.currentTimeMillis() / 1000, "no bars from the future: " + future);
      } finally {
        pusher.close();
        client.close();
      }
    }
  }

  @Test
  void aWalkingMarketsKlinesAreTheSameWhenAskedAgainAndJoinAcrossFrames(@TempDir Path dir) throws Exception {
    try (SimVenue venue = SimVenue.start(new VenueSettings("127.0.0.1", 0, dir, 42, 10, Clock.systemUTC()), false)) {
      SimDataClient client = SimDataClient.connect(venue.address()).get(10, TimeUnit.SECONDS);
      try {
        long end = System.currentTimeMillis() / 60_000 * 60 - 3600;
        List<Bar> whole = bars(client, "btcusdt.spot", 60, end, 20);
        assertEquals(whole, bars(client, "btcusdt.spot", 60, end, 20), "a function of time");
        List<Bar> older = bars(client, "btcusdt.spot", 60, end - 600, 10);
        List<Bar> newer = bars(client, "btcusdt.spot", 60, end, 10);
        assertEquals(whole.subList(0, 10), older);
        assertEquals(whole.subList(10, 20), newer);
        for (Bar bar : whole) {
          assertTrue(bar.low().compareTo(bar.open()) <= 0 && bar.high().compareTo(bar.close()) >= 0, bar.toString());
          assertTrue(bar.volume().signum() > 0, "600 walk steps a minute trade: " + bar);
        }
      } finally {
        client.close();
      }
    }
  }

  /**
   * As on Binance, the newest kline is the open one: here it holds exactly the trades up to the instant it
   * was served (its {@code as_of_ns}), the walk's steps after that instant not yet, and every trade pushed
   * after it is stamped later, so a client can merge it with the live stream by time.
   */
  @Test
  void theOpenKlineHoldsTheTradesUpToItsCutOffAndLaterTradesAreStampedAfterIt(@TempDir Path dir) throws Exception {
    try (SimVenue venue = SimVenue.start(new VenueSettings("127.0.0.1", 0, dir, 42, 0, Clock.systemUTC()), false)) {
      SimDataClient client = SimDataClient.connect(venue.address()).get(10, TimeUnit.SECONDS);
      VenueConnection pusher = VenueConnection.open(venue.address(), e -> { }, e -> { }).get(10, TimeUnit.SECONDS);
      try {
        long first = push(pusher, "151.000", "2");
        long second = push(pusher, "149.500", "0.5");
        long minute = first / 60_000_000_000L * 60;
        piker.contracts.spi.DataClient.RecentBars recent = client.recentBars("solusdt.spot", 60, minute - 120)
            .toCompletableFuture().get(20, TimeUnit.SECONDS).orElseThrow();
        assertTrue(recent.asOfNs() >= second, "served after the pushes");
        Bar open = recent.bars().get(recent.bars().size() - 1);
        long openMinute = recent.asOfNs() / 60_000_000_000L * 60;
        assertEquals(openMinute, open.time(), "the last kline is the open one");
        assertEquals((openMinute - minute) / 60 + 3, recent.bars().size(), "from the minute asked for: " + recent.bars());
        if (second / 60_000_000_000L * 60 == minute) {
          // the pushes' minute, which is the open kline unless the request crossed into the next minute
          Bar pushed = recent.bars().stream().filter(bar -> bar.time() == minute).findFirst().orElseThrow();
          assertEquals(new Bar(minute, new BigDecimal("151.000"), new BigDecimal("151.000"), new BigDecimal("149.500"),
              new BigDecimal("149.500"), new BigDecimal("2.5")), pushed);
        }
        assertTrue(push(pusher, "150.000", "1") > recent.asOfNs(), "a trade after the kline is stamped after it");
      } finally {
        pusher.close();
        client.close();
      }
    }
  }

  /** A walking market's open kline holds no step from after the instant it was served. */
  @Test
  void theOpenKlineOfAWalkHasNoStepsFromTheFuture(@TempDir Path dir) throws Exception {
    try (SimVenue venue = SimVenue.start(new VenueSettings("127.0.0.1", 0, dir, 42, 10, Clock.systemUTC()), false)) {
      SimDataClient client = SimDataClient.connect(venue.address()).get(10, TimeUnit.SECONDS);
      try {
        long now = System.currentTimeMillis() / 1000;
        piker.contracts.spi.DataClient.RecentBars recent = client.recentBars("btcusdt.spot", 60, now / 60 * 60)
            .toCompletableFuture().get(20, TimeUnit.SECONDS).orElseThrow();
        Bar open = recent.bars().get(recent.bars().size() - 1);
        RandomWalk walk = new RandomWalk(42, SimCatalog.standard().find("btcusdt.spot").orElseThrow(), 10);
        long steps = walk.stepAt(recent.asOfNs()) - walk.stepAt(open.time() * 1_000_000_000L - 1);
        assertEquals(walk.span(walk.stepAt(open.time() * 1_000_000_000L - 1) + 1, walk.stepAt(recent.asOfNs())).size(),
            open.volume(), steps + " steps up to the cut-off, none after");
      } finally {
        client.close();
      }
    }
  }

  private static long push(VenueConnection pusher, String price, String size) throws Exception {
    return pusher.request(pusher.json().object().put("op", "push").put("market", "solusdt.spot").put("type", "trade")
        .put("price", price).put("size", size)).get(10, TimeUnit.SECONDS).get("time_ns").asLong();
  }
}
