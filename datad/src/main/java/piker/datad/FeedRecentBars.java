package piker.datad;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import piker.contracts.RemoteError;
import piker.contracts.names.Fqme;
import piker.contracts.spi.DataClient;

/**
 * A feed's bars merged with the venue's recent ones (docs/history.md): the open bars of a feed that started
 * mid-period, and the bars a gap in the live stream left short of trades, repaired at a pace the venue's rate
 * limits allow ({@link RepairPace}). Asks, retries and gives up per period; the merge itself is each
 * {@link BarBuffer}'s. Part of a {@link FeedHistory}, run on the feed's actor; its messages are the feed's.
 */
final class FeedRecentBars {
  /** The venue's recent bars of one period arrived (or failed), for the merge into the live ones. */
  record RecentLoaded(int period, Optional<DataClient.RecentBars> recent, Throwable error) implements Feed.Command {}

  /** Time to ask for a period's recent bars again. */
  record RetryRecent(int period) implements Feed.Command {}

  /** Time to start the repair of the gaps told while the last one's pause ran ({@link RepairPace}). */
  record StartRepair() implements Feed.Command {}

  /** A repair on longer than this (answers cut too early while gaps keep coming) is given up. */
  static final Duration REPAIR_DEADLINE = Duration.ofMinutes(5);

  /** How far back a repair reaches, per period (0: seconds, 1: minutes): one page of klines, inside Kraken's window. */
  static final long[] REPAIR_SPAN_SECONDS = {15 * 60, 12 * 60 * 60};

  private final ActorContext<Feed.Command> ctx;
  private final TimerScheduler<Feed.Command> timers;
  private final Fqme fqme;
  private final DataClient client;
  private final Feed.Capacity capacity;
  private final BarBuffer seconds;
  private final BarBuffer minutes;
  /** Answers the reads that waited for the open bars to settle. */
  private final Runnable readsReady;
  /** Periods whose recent bars have not had a first answer: reads wait for it (the open bar would be wrong). */
  private int recentUnsettled;
  /** Whether a period's recent bars have had an answer (reads wait for the first one of each). */
  private final boolean[] answered = new boolean[2];
  /** Failed recent-bar requests per period (index 0: seconds, 1: minutes). */
  private final int[] recentFailures = new int[2];
  /** Per period, the bar time a gap in the live stream left short from, while its repair is on (else MAX_VALUE). */
  private final long[] gapFrom = {Long.MAX_VALUE, Long.MAX_VALUE};
  /** When each period's repair started (System.nanoTime), for {@link #REPAIR_DEADLINE}. */
  private final long[] repairSinceNs = new long[2];
  private final RepairPace repairs = new RepairPace();
  /** The gaps told while no repair could start yet: the first one's last trade before, the last one's first after. */
  private long deferredBeforeNs = Long.MAX_VALUE;
  private long deferredAfterNs = Long.MIN_VALUE;

  FeedRecentBars(ActorContext<Feed.Command> ctx, TimerScheduler<Feed.Command> timers, Fqme fqme, DataClient client,
                 Feed.Capacity capacity, BarBuffer seconds, BarBuffer minutes, Runnable readsReady) {
    this.ctx = ctx;
    this.timers = timers;
    this.fqme = fqme;
    this.client = client;
    this.capacity = capacity;
    this.seconds = seconds;
    this.minutes = minutes;
    this.readsReady = readsReady;
  }

  /**
   * The feed went live: with a venue that serves history, asks for its recent bars (the open bars' trades before
   * now are the venue's to tell); true if reads must wait for those.
   */
  boolean start() {
    if (!capacity.history()) {
      return false;
    }
    recentUnsettled = 2;
    requestRecent(seconds);
    requestRecent(minutes);
    return true;
  }

  /**
   * The live stream missed trades after {@code lastBeforeNs} (see {@code DataClient.QuoteListener#onGap}): the
   * bars from there on are repaired with the venue's, once they are cut at or after {@code firstAfterNs}. A
   * venue without history cannot repair them: they stay short of the gap's trades, and the log says so.
   */
  void onGap(long lastBeforeNs, long firstAfterNs) {
    if (!capacity.history()) {
      ctx.getLog().warn("feed {}: the live stream missed trades after {} ns, and the venue serves no history: the "
          + "bars from there on lack them", fqme, lastBeforeNs);
      return;
    }
    if (seconds.awaitingRecent() || minutes.awaitingRecent()) {
      // a merge waits (the start's, or a repair's): its answer must now reach past this gap too, no new request
      repair(lastBeforeNs, firstAfterNs);
      return;
    }
    deferredBeforeNs = Math.min(deferredBeforeNs, lastBeforeNs);
    deferredAfterNs = Math.max(deferredAfterNs, firstAfterNs);
    long waitNs = repairs.waitNs(System.nanoTime());
    if (waitNs == 0) {
      onStartRepair();
    } else if (!timers.isTimerActive(StartRepair.class)) {
      ctx.getLog().warn("feed {}: the live stream missed trades between {} and {} ns; gaps recur, so the bars are "
          + "repaired in {} ms", fqme, lastBeforeNs, firstAfterNs, waitNs / 1_000_000);
      timers.startSingleTimer(StartRepair.class, new StartRepair(), Duration.ofNanos(waitNs));
    }
  }

  /** The gaps told since the last repair started are repaired now. */
  void onStartRepair() {
    if (deferredBeforeNs == Long.MAX_VALUE) {
      return;
    }
    repairs.started(System.nanoTime());
    repair(deferredBeforeNs, deferredAfterNs);
    deferredBeforeNs = Long.MAX_VALUE;
    deferredAfterNs = Long.MIN_VALUE;
  }

  /** Both periods' bars from the gap on (at most {@link #REPAIR_SPAN_SECONDS} back) are to be the venue's. */
  private void repair(long lastBeforeNs, long firstAfterNs) {
    for (BarBuffer buffer : List.of(seconds, minutes)) {
      int index = slot(buffer.period());
      long earliest = Math.floorDiv(firstAfterNs, 1_000_000_000L) - REPAIR_SPAN_SECONDS[index];
      boolean starts = buffer.gap(lastBeforeNs, firstAfterNs, earliest);
      gapFrom[index] = Math.min(gapFrom[index], buffer.liveFrom());
      if (starts) {
        recentFailures[index] = 0;
        repairSinceNs[index] = System.nanoTime();
        requestRecent(buffer);
      } else {
        // the answer awaited must reach further: a couple more attempts for it, whatever the earlier ones were
        recentFailures[index] = Math.min(recentFailures[index], Backfill.MAX_ATTEMPTS - 2);
      }
    }
    ctx.getLog().warn("feed {}: the live stream missed trades between {} and {} ns; the bars from {} are repaired "
        + "with the venue's", fqme, lastBeforeNs, firstAfterNs, seconds.liveFrom());
  }

  /** Whether bars are waiting for a gap's repair (told and not yet merged or given up). */
  boolean repairing() {
    return deferredBeforeNs != Long.MAX_VALUE || gapFrom[0] != Long.MAX_VALUE || gapFrom[1] != Long.MAX_VALUE;
  }

  /** Whether reads wait: the open bars are not settled until the venue's recent bars have had an answer. */
  boolean readsWait() {
    return recentUnsettled > 0;
  }

  /** Asks for the venue's bars from the first live one; a first request starts keeping the live trades. */
  private void requestRecent(BarBuffer buffer) {
    long since = buffer.awaitingRecent() ? buffer.liveFrom() : buffer.awaitRecent();
    ctx.pipeToSelf(client.recentBars(fqme.bsFqme(), buffer.period(), since),
        (recent, error) -> new RecentLoaded(buffer.period(), recent, error));
  }

  void onRecentLoaded(RecentLoaded loaded) {
    BarBuffer buffer = bufferOf(loaded.period());
    int index = slot(loaded.period());
    if (loaded.error() != null) {
      RemoteError error = RemoteError.of(loaded.error(), ctx.getSelf().path().toString());
      failed(buffer, error.describe(), DataClient.HISTORY_TOO_DENSE.equals(error.type()));
    } else if (loaded.recent().isEmpty() && gapFrom[index] != Long.MAX_VALUE && buffer.awaitingRecent()) {
      // a venue whose history lags its stream (Kraken's REST) may have no bar from the gap on yet: asked again
      failed(buffer, "the venue had no bars from the gap on yet", false);
    } else if (loaded.recent().isEmpty()) {
      repairGivenUp(buffer, "the venue does not tell its recent bars");
      buffer.abandonRecent();
    } else {
      DataClient.RecentBars recent = loaded.recent().get();
      boolean kept = buffer.awaitingRecent();
      int merged = buffer.mergeRecent(recent.bars(), recent.asOfNs());
      if (merged == BarBuffer.CUT_TOO_EARLY) {
        failed(buffer, "they were cut at " + recent.asOfNs() + " ns, before trades they must hold", false);
      } else if (!kept && gapFrom[index] != Long.MAX_VALUE) {
        repairGivenUp(buffer, "more than " + BarBuffer.MAX_JOURNAL + " live trades came while the venue's bars were "
            + "awaited");
      } else {
        recentFailures[index] = 0;
        if (gapFrom[index] != Long.MAX_VALUE) {
          ctx.getLog().info("feed {}: repaired {} s bars from {} on with {} of the venue's (as of {} ns)", fqme,
              loaded.period(), gapFrom[index], merged, recent.asOfNs());
          gapFrom[index] = Long.MAX_VALUE;
        } else {
          ctx.getLog().info("feed {}: merged {} of the venue's recent {} s bars (as of {} ns) with the live ones",
              fqme, merged, loaded.period(), recent.asOfNs());
        }
      }
    }
    if (!answered[index]) {
      answered[index] = true;
      if (recentUnsettled > 0 && --recentUnsettled == 0) {
        readsReady.run();
      }
    }
  }

  /** A request for a period's recent bars failed ({@code why}): asked again later, or given up past the attempts. */
  private void failed(BarBuffer buffer, String why, boolean cannotBeCured) {
    int index = slot(buffer.period());
    recentFailures[index]++;
    boolean overdue = gapFrom[index] != Long.MAX_VALUE
        && System.nanoTime() - repairSinceNs[index] > REPAIR_DEADLINE.toNanos();
    if (cannotBeCured || overdue || recentFailures[index] >= Backfill.MAX_ATTEMPTS || !buffer.awaitingRecent()) {
      String failures = "the venue's recent bars failed " + recentFailures[index] + " times: " + why;
      if (!repairGivenUp(buffer, failures)) {
        ctx.getLog().warn("feed {}: the open {} s bar has only the trades since the feed started; {}", fqme,
            buffer.period(), failures);
      }
      buffer.abandonRecent();
      recentFailures[index] = 0;
    } else {
      ctx.getLog().warn("feed {}: recent {} s bars failed ({}), retrying", fqme, buffer.period(), why);
      timers.startSingleTimer(new RetryRecent(buffer.period()), Backfill.retryDelay(recentFailures[index]));
    }
  }

  /** A period's repair, if one is on, ends short of the missed trades ({@code why}), and the log says so. */
  private boolean repairGivenUp(BarBuffer buffer, String why) {
    int index = slot(buffer.period());
    if (gapFrom[index] == Long.MAX_VALUE) {
      return false;
    }
    ctx.getLog().warn("feed {}: the {} s bars from {} on lack the trades the live stream missed: {}", fqme,
        buffer.period(), gapFrom[index], why);
    gapFrom[index] = Long.MAX_VALUE;
    return true;
  }

  void onRetryRecent(RetryRecent retry) {
    BarBuffer buffer = bufferOf(retry.period());
    if (buffer.awaitingRecent()) { // not given up meanwhile (too many live trades kept)
      requestRecent(buffer);
    }
  }

  /** The bars of a period: the minutes for 60 s, the seconds for any other. */
  private BarBuffer bufferOf(int period) {
    return period == minutes.period() ? minutes : seconds;
  }

  /** A period's slot in the per-period arrays: 0 for the seconds, 1 for the minutes. */
  private int slot(int period) {
    return period == minutes.period() ? 1 : 0;
  }
}
