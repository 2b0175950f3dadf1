package piker.bench.jmh;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import piker.emsd.dark.Trigger;
import piker.emsd.dark.Watch;

/** A realistic book for one market: buys, sells and alerts on a 0.01 tick spread either side of last. */
final class MarketTriggers {

  static final BigDecimal LAST = new BigDecimal("60000.00");
  static final int TRIGGERS = 100_000;
  // ±5,000 ticks: about ten triggers per price level, so a one-tick move fires a handful.
  private static final int MAX_TICKS_AWAY = 5_000;
  private static final BigDecimal TICK = new BigDecimal("0.01");

  private MarketTriggers() {
  }

  /** Never at last itself, so a tick at last fires nothing. Seeded: every run benchmarks the same book. */
  static List<Trigger> spreadAroundLast(long seed) {
    Random random = new Random(seed);
    List<Trigger> triggers = new ArrayList<>(TRIGGERS);
    for (int i = 0; i < TRIGGERS; i++) {
      int ticksAway = 1 + random.nextInt(MAX_TICKS_AWAY);
      int side = random.nextBoolean() ? 1 : -1;
      BigDecimal price = LAST.add(TICK.multiply(BigDecimal.valueOf((long) side * ticksAway)));
      Watch watch = Watch.values()[random.nextInt(Watch.values().length)];
      triggers.add(Trigger.fromLast("oid-" + i, price, LAST, watch));
    }
    return triggers;
  }
}
