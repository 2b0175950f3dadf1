package piker.backends.kraken.trade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The private link's backoff doubles to its ceiling and stays there, however many reconnects in a row. */
class TradeTimingTest {
  @Test
  void theBackoffNeverWrapsBelowItsCeiling() {
    // a power of two: 1024 << 54 wraps a long to 0, which a shift unchecked would have waited
    TradeTiming timing = new TradeTiming(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
        Duration.ofSeconds(5), Duration.ofMillis(1024), Duration.ofSeconds(60), Duration.ofSeconds(5));
    assertEquals(1024, timing.backoffMs(0));
    assertEquals(2048, timing.backoffMs(1));
    long previous = 0;
    for (int step = 0; step < 200; step++) {
      long wait = timing.backoffMs(step);
      assertTrue(wait >= previous && wait <= 60_000, "step " + step + ": " + wait);
      previous = wait;
    }
    assertEquals(60_000, timing.backoffMs(54));
  }
}
