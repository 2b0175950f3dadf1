package piker.pikerd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.contracts.market.Quote;

/** The open-loop schedule emits exactly its quotes, each stamped with its own slot on the schedule. */
class RateScheduleTest {
  @Test
  void everyQuoteIsStampedWithItsIntendedTimeWhateverTheBatching() {
    List<Quote> emitted = new ArrayList<>();
    RateSchedule.Paced paced = RateSchedule.run(2_000, Duration.ofMillis(50), Duration.ofMillis(100),
        GeneratorBackend::quoteAt, emitted::addAll);
    assertEquals(300, paced.sent());
    assertEquals(300, emitted.size());
    long start = emitted.get(0).timeNs();
    for (int i = 0; i < emitted.size(); i++) {
      assertEquals(start + i * 500_000L, emitted.get(i).timeNs(), "quote " + i + " is due 0.5 ms after the one before");
    }
    // the lag is recorded for the quotes after the warm-up only
    assertEquals(200, paced.lagUs().getTotalCount());
  }

  @Test
  void intendedTimesDoNotDriftOverALongRun() {
    long start = 1_000L;
    assertEquals(start + 3_600_000_000_000L, RateSchedule.intended(start, 3_600L * 100_000, 100_000));
    assertEquals(start + 1_000_000_000L / 3, RateSchedule.intended(start, 1, 3));
    assertEquals(1, RateSchedule.count(3, Duration.ofMillis(100)), "a run has at least one quote");
    assertEquals(15, RateSchedule.count(3, Duration.ofSeconds(5)));
    assertEquals(700_007, RateSchedule.count(1_000_000, Duration.ofNanos(700_007_000)), "exact, no binary fraction");
    assertEquals(86_400_000_000L, RateSchedule.count(1_000_000, Duration.ofDays(1)), "a day at 1M/s, no overflow");
  }
}
