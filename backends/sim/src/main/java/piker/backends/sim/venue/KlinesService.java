package piker.backends.sim.venue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The venue's klines requests: checked and sliced on the engine's thread, computed on a thread of their
 * own, so a long history request never holds up the quotes (a kline of 1,000 minutes at 200 steps a second
 * is 12 million walk steps). Not thread-safe: the engine calls it from its own thread.
 */
final class KlinesService {
  /** Klines computing at once; more are refused as a venue's rate limit would. */
  static final int MAX_IN_FLIGHT = 8;

  private final VenueSettings settings;
  private final VenueJson json;
  // one thread: however many klines are asked for, history takes at most one core from the quotes
  private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "sim-venue-klines");
    thread.setDaemon(true);
    return thread;
  });
  private int inFlight;
  /** The newest instant a kline was served as of: later trades are stamped after it. */
  private long asOfNs = Long.MIN_VALUE + 1;

  KlinesService(VenueSettings settings, VenueJson json) {
    this.settings = settings;
    this.json = json;
  }

  /**
   * Klines as of {@code nowNs}: from {@code start} forward (Binance's startTime) or ending before {@code end},
   * the open one last; the answer's text, to send once done and followed by {@link #served()}.
   *
   * @param marketTrades the market's pushed trades in time order
   */
  CompletableFuture<String> answer(long id, SimMarket market, JsonNode request, List<Klines.TapeTrade> marketTrades,
                                   long nowNs) {
    int period = request.path("period").asInt(0);
    int count = request.path("count").asInt(0);
    long start;
    if (request.hasNonNull("start")) {
      start = request.path("start").asLong(0);
      Klines.check(period, Math.max(1, start), Math.min(count, Klines.MAX_FRAME + 1));
      start = Math.floorDiv(start, period) * period;
    } else {
      long end = request.path("end").asLong(0);
      Klines.check(period, end, Math.min(count, Klines.MAX_FRAME + 1));
      start = Klines.startBefore(period, end, count, nowNs);
    }
    if (inFlight >= MAX_IN_FLIGHT) {
      throw new VenueDesk.Refused("RateLimited", "too many klines requests at once (" + MAX_IN_FLIGHT
          + "); retry when one has been answered");
    }
    inFlight++;
    asOfNs = Math.max(asOfNs, nowNs);
    List<Klines.TapeTrade> tape = Klines.slice(marketTrades, start, nowNs);
    RandomWalk walk = settings.tickRate() > 0 ? new RandomWalk(settings.seed(), market, settings.tickRate()) : null;
    return Klines.answer(json, id, market, walk, tape, period, start, count, nowNs, executor);
  }

  /** An answer was sent: another request may start. */
  void served() {
    inFlight--;
  }

  /**
   * The time to stamp a trade pushed now: after a kline served as of T, every trade is stamped after T, so a
   * client merging that kline with the live stream by time counts each trade once even when the clock has not
   * moved on.
   */
  long tradeTimeNs(long nowNs) {
    return Math.max(nowNs, asOfNs + 1);
  }

  void close() {
    executor.shutdownNow();
  }
}
