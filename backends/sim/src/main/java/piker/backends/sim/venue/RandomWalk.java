package piker.backends.sim.venue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A market's random walk as a pure function of (seed, market, time): step {@code k} of UTC day
 * {@code d} happens at {@code d + k / rate} seconds, and the walk restarts at the market's reference
 * price every UTC day, so any instant's price can be computed without a history. The generator's
 * doubles only make noise; every price that leaves this class is an exact decimal on the tick.
 */
public final class RandomWalk {
  private static final long DAY_SECONDS = 86_400;
  /** Per-step volatility of the log price. */
  private static final double STEP_VOLATILITY = 0.00015;

  private final long seed;
  private final SimMarket market;
  private final long rate;
  private final long marketHash;
  // the cursor: the walk is computed forward from the start of its day and kept
  private long day = Long.MIN_VALUE;
  private long step;
  private double logMove;
  private SplittableRandom random;

  /** One generated step: a trade and the L1 book around it. */
  public record Step(long timeNs, BigDecimal price, BigDecimal size, BigDecimal bid, BigDecimal bidSize,
                     BigDecimal ask, BigDecimal askSize) {}

  public RandomWalk(long seed, SimMarket market, long ratePerSecond) {
    if (ratePerSecond <= 0) {
      throw new IllegalArgumentException("a walk needs a positive tick rate");
    }
    this.seed = seed;
    this.market = market;
    this.rate = ratePerSecond;
    this.marketHash = fnv(market.key());
  }

  /** The index of the last step at or before {@code epochNanos} within its day, and that day. */
  public long stepAt(long epochNanos) {
    long second = Math.floorDiv(epochNanos, 1_000_000_000L);
    long dayStart = Math.floorDiv(second, DAY_SECONDS) * DAY_SECONDS;
    long nanosIntoDay = epochNanos - dayStart * 1_000_000_000L;
    return dayStart * rate + Math.floorDiv(nanosIntoDay * rate, 1_000_000_000L);
  }

  /** The epoch nanos at which global step {@code globalStep} happens. */
  public long timeOf(long globalStep) {
    long dayStart = Math.floorDiv(globalStep, DAY_SECONDS * rate) * DAY_SECONDS;
    long k = globalStep - dayStart * rate;
    return dayStart * 1_000_000_000L + k * 1_000_000_000L / rate;
  }

  /** The step with global index {@code globalStep} (see {@link #stepAt}); cheapest when called in order. */
  public Step step(long globalStep) {
    position(globalStep);
    // the step's own draws come from a generator of its own, so they do not depend on the cursor
    SplittableRandom draws = new SplittableRandom(mix(seed ^ 0x5DEECE66DL, marketHash, globalStep));
    BigDecimal price = price(logMove);
    BigDecimal tick = market.priceTick();
    BigDecimal bid = price.subtract(tick.multiply(BigDecimal.valueOf(1 + draws.nextInt(2))));
    BigDecimal ask = price.add(tick.multiply(BigDecimal.valueOf(1 + draws.nextInt(2))));
    BigDecimal size = market.sizeTick().multiply(BigDecimal.valueOf(1 + draws.nextInt(1000)));
    BigDecimal bidSize = market.sizeTick().multiply(BigDecimal.valueOf(1 + draws.nextInt(5000)));
    BigDecimal askSize = market.sizeTick().multiply(BigDecimal.valueOf(1 + draws.nextInt(5000)));
    return new Step(timeOf(globalStep), price, size, bid.max(tick), bidSize, ask, askSize);
  }

  /**
   * What the steps {@code from..to} (global indices, inclusive, {@code from <= to}) add up to, as one bar would
   * see them, without building each step: the same prices and sizes as {@link #step}, for a fraction of the cost
   * (a kline of an hour at 200 steps a second is 720,000 steps).
   */
  public Span span(long from, long to) {
    position(from);
    double firstMove = logMove;
    double lowMove = logMove;
    double highMove = logMove;
    long units = 0;
    for (long globalStep = from; ; globalStep++) {
      lowMove = Math.min(lowMove, logMove);
      highMove = Math.max(highMove, logMove);
      units += sizeUnits(globalStep);
      if (globalStep == to) {
        break;
      }
      position(globalStep + 1);
    }
    return new Span(timeOf(from), price(firstMove), timeOf(to), price(logMove), price(highMove), price(lowMove),
        market.sizeTick().multiply(BigDecimal.valueOf(units)));
  }

  /**
   * A run of steps seen as one bar would: the first and last trade, the extremes, the summed size. The price
   * is a monotone function of the walk's log move, so the extremes of the moves give the extreme prices.
   */
  public record Span(long firstNs, BigDecimal first, long lastNs, BigDecimal last, BigDecimal high, BigDecimal low,
                     BigDecimal size) {}

  /** Moves the cursor to {@code globalStep} (restarting its day when it would have to go back). */
  private void position(long globalStep) {
    long stepDay = Math.floorDiv(globalStep, DAY_SECONDS * rate);
    long k = globalStep - stepDay * DAY_SECONDS * rate;
    if (stepDay != day || k < step) {
      day = stepDay;
      step = 0;
      logMove = 0;
      random = new SplittableRandom(mix(seed, marketHash, stepDay));
    }
    while (step < k) {
      advance();
    }
  }

  private BigDecimal price(double move) {
    return onTick(market.reference().doubleValue() * Math.exp(move), market.priceTick());
  }

  /**
   * A step's size in size ticks: the third draw of the step's own generator, as {@link #step} draws it
   * (two one-bit draws, then one below 1,000), computed as {@code SplittableRandom} computes it but without
   * making one: a span of a million steps would otherwise make a million of them.
   */
  private long sizeUnits(long globalStep) {
    long state = mix(seed ^ 0x5DEECE66DL, marketHash, globalStep) + 2 * GOLDEN_GAMMA; // past the two bits
    state += GOLDEN_GAMMA;
    int draw = mix32(state);
    int bound = 1000;
    for (int u = draw >>> 1; u + (bound - 1) - (draw = u % bound) < 0; u = mix32(state) >>> 1) {
      state += GOLDEN_GAMMA; // rejected: a draw from the top of the range would bias the result
    }
    return 1 + draw;
  }

  /** SplittableRandom's default gamma and output mix (its algorithm is SplitMix64; see its documentation). */
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private static int mix32(long z) {
    z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
    return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
  }

  private void advance() {
    logMove += STEP_VOLATILITY * (random.nextDouble() * 2 - 1) * 1.7320508075688772;
    step++;
  }

  /** Rounds to the nearest whole tick, never below one tick. */
  static BigDecimal onTick(double value, BigDecimal tick) {
    BigDecimal ticks = BigDecimal.valueOf(value).divide(tick, 0, RoundingMode.HALF_EVEN);
    return ticks.max(BigDecimal.ONE).multiply(tick);
  }

  private static long fnv(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  private static long mix(long a, long b, long c) {
    long h = a * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(b, 21) ^ Long.rotateLeft(c * 0xC2B2AE3D27D4EB4FL, 42);
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }
}
