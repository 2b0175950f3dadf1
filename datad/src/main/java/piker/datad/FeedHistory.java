package piker.datad;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import piker.contracts.RemoteError;
import piker.contracts.market.Bar;
import piker.contracts.names.Fqme;
import piker.contracts.spi.DataClient;

/**
 * The history half of a {@link Feed}, run on its actor: what storage holds is loaded when the feed goes
 * live, the backfill asks the venue for older frames at its pace (minutes first, what a chart shows first;
 * one frame in storage's hands at a time), and the venue's recent bars are merged into the open ones of a
 * feed started mid-period, and into the ones a gap in the live stream left short of trades. Its messages are
 * the feed's; the feed hands them here.
 */
final class FeedHistory {
  private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

  /** What storage held for a period when the feed went live. */
  record StoredLoaded(int period, List<Bar> bars) implements Feed.Command {}

  /** Time for the next history request. */
  record NextFrame() implements Feed.Command {}

  /** A frame of history arrived (or failed). */
  record HistoryFrame(int period, int requested, List<Bar> bars, Throwable error) implements Feed.Command {}

  /** Storage has written (or given up on) the last history frame handed to it. */
  record FrameStored() implements Feed.Command {}

  private final ActorContext<Feed.Command> ctx;
  private final TimerScheduler<Feed.Command> timers;
  private final Fqme fqme;
  private final DataClient client;
  private final Feed.Capacity capacity;
  private final ActorRef<BarStore.Command> store;
  private final BarBuffer seconds;
  private final BarBuffer minutes;
  /** Tells the feed's subscribers how far a backfill has come. */
  private final Consumer<FeedMessages.Backfilled> progress;
  /** The venue's recent bars, merged at the start and after gaps in the live stream. */
  private final FeedRecentBars recent;
  /** Backfill in progress: minutes first (what a chart shows first), then seconds. */
  private final ArrayDeque<Backfill.Period> backfill = new ArrayDeque<>();
  /** Stored-history loads not yet answered: until then, more bars may come. */
  private int pendingLoads;
  /** A history frame handed to storage and not written yet: the next one waits for it (bounded memory). */
  private boolean frameStoring;
  /** The next history request came due while a frame was being stored. */
  private boolean frameDeferred;
  /** Why a period's backfill was given up (index 0: seconds, 1: minutes): told to readers who want more. */
  private final RemoteError[] historyGaveUp = new RemoteError[2];

  FeedHistory(ActorContext<Feed.Command> ctx, TimerScheduler<Feed.Command> timers, Fqme fqme, DataClient client,
              Feed.Capacity capacity, ActorRef<BarStore.Command> store, BarBuffer seconds, BarBuffer minutes,
              Consumer<FeedMessages.Backfilled> progress, Runnable readsReady) {
    this.ctx = ctx;
    this.timers = timers;
    this.fqme = fqme;
    this.client = client;
    this.capacity = capacity;
    this.store = store;
    this.seconds = seconds;
    this.minutes = minutes;
    this.progress = progress;
    this.recent = new FeedRecentBars(ctx, timers, fqme, client, capacity, seconds, minutes, readsReady);
  }

  /**
   * The feed went live: loads what storage holds, and with a venue that serves history asks for its recent
   * bars (the open bars' trades before now are the venue's to tell); true if reads must wait for those.
   */
  boolean start() {
    loadStored();
    return recent.start();
  }

  /** Whether reads wait: the open bars are not settled until the venue's recent bars have had an answer. */
  boolean readsWait() {
    return recent.readsWait();
  }

  /** The venue's recent bars: merged at the start and after gaps in the live stream ({@link FeedRecentBars}). */
  FeedRecentBars recent() {
    return recent;
  }

  void onFrameStored() {
    frameStoring = false;
    if (frameDeferred) {
      frameDeferred = false;
      requestFrame();
    }
  }

  /** Loads what storage holds for both periods, then plans the backfill around it. */
  private void loadStored() {
    pendingLoads = 2;
    for (BarBuffer buffer : List.of(minutes, seconds)) {
      int limit = buffer == minutes ? capacity.minutes() : capacity.seconds();
      ctx.ask(BarStore.Loaded.class, store, STORE_TIMEOUT,
          replyTo -> new BarStore.Load(fqme, buffer.period(), limit, replyTo),
          (loaded, error) -> new StoredLoaded(buffer.period(), loaded == null ? List.of() : loaded.bars()));
    }
  }

  void onStoredLoaded(StoredLoaded loaded) {
    pendingLoads--;
    BarBuffer buffer = bufferOf(loaded.period());
    int depth = Math.min(loaded.period() == 60 ? capacity.backfillMinutes() : capacity.backfillSeconds(),
        loaded.period() == 60 ? capacity.minutes() : capacity.seconds());
    int venueDepth = client.historyDepth(loaded.period()).orElse(Integer.MAX_VALUE);
    if (depth > 0 && venueDepth < depth) {
      ctx.getLog().info("feed {}: the venue serves only {} bars of {} s; backfilling that deep, not {}",
          fqme, venueDepth, loaded.period(), depth);
      depth = venueDepth;
    }
    Backfill.Period period = new Backfill.Period(loaded.period(), depth, buffer.oldestTime());
    List<Bar> stored = loaded.bars();
    if (!stored.isEmpty()) {
      long newest = stored.get(stored.size() - 1).time();
      if (depth > 0 && newest + loaded.period() < period.nextEnd) {
        period.gapFloor = newest + loaded.period();
        period.stored = stored;
      } else {
        buffer.prepend(stored);
        period.nextEnd = buffer.oldestTime();
      }
    }
    if (period.wanted(client.historyFrame(), buffer) > 0) {
      ctx.getLog().info("feed {}: backfilling {} s bars ({} stored)", fqme, loaded.period(), stored.size());
      backfill.add(period);
      if (backfill.size() == 1) {
        requestFrame();
      }
    } else {
      ctx.getLog().info("feed {}: {} s backfill done, 0 bars fetched, {} held (all stored)", fqme,
          loaded.period(), buffer.held());
    }
  }

  void requestFrame() {
    Backfill.Period period = backfill.peek();
    if (period == null) {
      return;
    }
    if (frameStoring) {
      frameDeferred = true; // a hundred markets backfilling can outrun the disk: wait for it
      return;
    }
    BarBuffer buffer = bufferOf(period.seconds);
    int wanted = period.wanted(client.historyFrame(), buffer);
    if (wanted <= 0) {
      finishPhase(period, buffer);
      return;
    }
    ctx.pipeToSelf(client.bars(fqme.bsFqme(), period.seconds, period.nextEnd, wanted),
        (bars, error) -> new HistoryFrame(period.seconds, wanted, bars, error));
  }

  void onHistoryFrame(HistoryFrame frame) {
    Backfill.Period period = backfill.peek();
    if (period == null || period.seconds != frame.period()) {
      return;
    }
    if (frame.error() != null) {
      // told to the log and to readers (the backfill ends), never to quote subscribers: a slow history
      // request is not news about the market's quotes
      period.failures++;
      RemoteError error = RemoteError.of(frame.error(), ctx.getSelf().path().toString());
      if (period.failures >= Backfill.MAX_ATTEMPTS) {
        ctx.getLog().error("feed {}: giving up the {} s backfill after {} failures: {}", fqme,
            period.seconds, period.failures, error.describe());
        historyGaveUp[slot(period.seconds)] = RemoteError.of("HistoryUnavailable", "the history of " + fqme
            + " could not be loaded (" + period.failures + " attempts; the last: " + error.message() + ")",
            ctx.getSelf().path().toString());
        backfill.poll();
        nextPeriod();
      } else {
        ctx.getLog().warn("feed {}: history request failed ({}), retrying in {}", fqme, error.describe(),
            period.retryDelay());
        timers.startSingleTimer(NextFrame.class, new NextFrame(), period.retryDelay());
      }
      return;
    }
    period.failures = 0;
    BarBuffer buffer = bufferOf(period.seconds);
    List<Bar> taken = buffer.prepend(frame.bars());
    frameStoring = true;
    ctx.ask(BarStore.Stored.class, store, STORE_TIMEOUT,
        storedTo -> new BarStore.Append(fqme, period.seconds, taken, storedTo), (stored, error) -> new FrameStored());
    period.loaded += taken.size();
    period.nextEnd = buffer.oldestTime();
    FeedMessages.Backfilled backfilled = new FeedMessages.Backfilled(fqme, period.seconds, buffer.held(), period.depth);
    progress.accept(backfilled);
    boolean exhausted = frame.bars().size() < frame.requested() || taken.isEmpty();
    if (exhausted || period.wanted(client.historyFrame(), buffer) <= 0) {
      finishPhase(period, buffer);
    } else {
      timers.startSingleTimer(NextFrame.class, new NextFrame(), Backfill.pace(client.historyRequestsPerSecond()));
    }
  }

  /** Ends the gap phase (joining the stored bars) or the whole period. */
  private void finishPhase(Backfill.Period period, BarBuffer buffer) {
    if (period.inGap()) {
      buffer.prepend(period.stored);
      period.gapFloor = Long.MIN_VALUE;
      period.stored = List.of();
      period.nextEnd = buffer.oldestTime();
      if (period.wanted(client.historyFrame(), buffer) > 0) {
        timers.startSingleTimer(NextFrame.class, new NextFrame(), Backfill.pace(client.historyRequestsPerSecond()));
        return;
      }
    }
    ctx.getLog().info("feed {}: {} s backfill done, {} bars fetched, {} held", fqme, period.seconds,
        period.loaded, buffer.held());
    backfill.poll();
    nextPeriod();
  }

  private void nextPeriod() {
    if (!backfill.isEmpty()) {
      timers.startSingleTimer(NextFrame.class, new NextFrame(), Backfill.pace(client.historyRequestsPerSecond()));
    }
  }

  void answer(Feed.ReadBars read) {
    BarBuffer buffer = bufferOf(read.period());
    boolean backfilling = pendingLoads > 0 || backfill.stream().anyMatch(period -> period.seconds == buffer.period());
    RemoteError gaveUp = historyGaveUp[slot(buffer.period())];
    if (gaveUp != null && !backfilling && read.before() == 0 && buffer.held() < read.count()) {
      // fewer bars than asked for, and no more coming: say why rather than answer short without a word
      read.replyTo().tell(new Feed.BarsRead(List.of(), buffer.held(), false, RemoteError.of(gaveUp.type(),
          gaveUp.message() + "; " + buffer.held() + " bars of " + buffer.period() + " s are held: ask for at most "
          + buffer.held(), gaveUp.source())));
      return;
    }
    read.replyTo().tell(new Feed.BarsRead(buffer.last(read.count(), read.before()), buffer.held(), backfilling, null));
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
