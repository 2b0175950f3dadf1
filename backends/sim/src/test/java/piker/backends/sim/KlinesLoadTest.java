package piker.backends.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.sim.client.VenueConnection;
import piker.backends.sim.venue.SimVenue;
import piker.backends.sim.venue.VenueSettings;

/**
 * History never holds up quotes: while the venue computes klines of 1,000 minutes of a walk at 200
 * steps a second (12 million steps each), a subscriber's tick events keep coming at their rate.
 */
class KlinesLoadTest {
  /** The walk sends an event every 10 ms; a gap this long means the quotes waited for something. */
  private static final long MAX_GAP_MS = 1_000;

  @Test
  void quotesKeepFlowingWhileHeavyKlinesAreComputed(@TempDir Path dir) throws Exception {
    try (SimVenue venue = SimVenue.start(new VenueSettings("127.0.0.1", 0, dir, 42, 200, Clock.systemUTC()), false)) {
      ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
      VenueConnection connection = VenueConnection.open(venue.address(), event -> arrivals.add(System.nanoTime()),
          error -> { }, Duration.ofMinutes(3), link -> CompletableFuture.completedFuture(null))
          .get(10, TimeUnit.SECONDS);
      try {
        connection.subscribe(Set.of("btcusdt.spot")).get(10, TimeUnit.SECONDS);
        long end = System.currentTimeMillis() / 1000;
        long start = System.nanoTime();
        List<CompletableFuture<JsonNode>> klines = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          klines.add(connection.request(connection.json().object().put("op", "klines").put("market", "btcusdt.spot")
              .put("period", 60).put("end", end - i * 60_000L).put("count", 1000)));
        }
        for (CompletableFuture<JsonNode> answer : klines) {
          assertEquals(1000, answer.get(3, TimeUnit.MINUTES).size());
        }
        long done = System.nanoTime();
        List<Long> during = new ArrayList<>(List.of(start));
        arrivals.stream().filter(time -> time > start && time < done).forEach(during::add);
        during.add(done);
        long maxGapMs = 0;
        for (int i = 1; i < during.size(); i++) {
          maxGapMs = Math.max(maxGapMs, (during.get(i) - during.get(i - 1)) / 1_000_000);
        }
        assertTrue(maxGapMs < MAX_GAP_MS, "quotes stalled " + maxGapMs + " ms while klines took "
            + (done - start) / 1_000_000 + " ms (" + (during.size() - 2) + " events meanwhile)");
      } finally {
        connection.close();
      }
    }
  }

  /** Klines waiting to be computed are bounded: past 8 the venue refuses, as a rate limit would, and says so. */
  @Test
  void moreThanEightKlinesAtOnceAreRefusedNotQueued(@TempDir Path dir) throws Exception {
    try (SimVenue venue = SimVenue.start(new VenueSettings("127.0.0.1", 0, dir, 42, 200, Clock.systemUTC()), false)) {
      VenueConnection connection = VenueConnection.open(venue.address(), event -> { }, error -> { },
          Duration.ofMinutes(3), link -> CompletableFuture.completedFuture(null)).get(10, TimeUnit.SECONDS);
      try {
        long end = System.currentTimeMillis() / 1000;
        List<CompletableFuture<JsonNode>> klines = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          klines.add(connection.request(connection.json().object().put("op", "klines").put("market", "btcusdt.spot")
              .put("period", 60).put("end", end - i * 60_000L).put("count", 1000)));
        }
        int answered = 0;
        int refused = 0;
        for (CompletableFuture<JsonNode> answer : klines) {
          try {
            assertEquals(1000, answer.get(3, TimeUnit.MINUTES).size());
            answered++;
          } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(e.getCause().getMessage().contains("RateLimited"), e.getCause().getMessage());
            refused++;
          }
        }
        assertTrue(answered >= 8 && refused >= 1, answered + " answered, " + refused + " refused");
      } finally {
        connection.close();
      }
    }
  }
}
