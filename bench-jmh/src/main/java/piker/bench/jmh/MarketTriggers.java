package piker.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import piker.contracts.market.Scale;
import piker.contracts.market.TickKind;
import piker.emsd.dark.Trigger;
import piker.emsd.dark.Watch;

/** A realistic book for one market: buys, sells and alerts on a 0.01 tick spread either side of last. */
final class MarketTriggers {

  /** The market's price scale: a 0.01 tick counts cents. */
  static final Scale SCALE = Scale.of(2);
  static final long LAST = 6_000_000; // 60000.00
  static final int TRIGGERS = 100_000;
  // ±5,000 ticks: about ten triggers per price level, so a one-tick move fires a handful.
  private static final int MAX_TICKS_AWAY = 5_000;

  /** All at last, where no trigger sits: the common tick that fires nothing. */
  static final List<Tick> QUIET_TICKS = List.of(
      Tick.of(TickKind.TRADE, "60000.00"), Tick.of(TickKind.BID, "60000.00"), Tick.of(TickKind.ASK, "60000.0"));
  /** One tick away from last either way: each fires the few triggers on that level. */
  static final List<Tick> FIRING_TICKS = List.of(
      Tick.of(TickKind.TRADE, "60000.01"), Tick.of(TickKind.TRADE, "59999.99"),
      Tick.of(TickKind.ASK, "60000.01"), Tick.of(TickKind.BID, "59999.99"));

  private MarketTriggers() {
  }

  /** Never at last itself, so a tick at last fires nothing. Seeded: every run benchmarks the same book. */
  static List<Trigger> spreadAroundLast(long seed) {
    Random random = new Random(seed);
    List<Trigger> triggers = new ArrayList<>(TRIGGERS);
    for (int i = 0; i < TRIGGERS; i++) {
      int ticksAway = 1 + random.nextInt(MAX_TICKS_AWAY);
      int side = random.nextBoolean() ? 1 : -1;
      Watch watch = Watch.values()[random.nextInt(Watch.values().length)];
      triggers.add(Trigger.fromLast("oid-" + i, LAST + (long) side * ticksAway, LAST, watch));
    }
    return triggers;
  }
}
