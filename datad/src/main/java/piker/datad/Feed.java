package piker.datad;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import piker.contracts.LocalOnly;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Session;
import piker.contracts.market.Quote;
import piker.contracts.market.Scale;
import piker.contracts.market.TickKind;
import piker.contracts.names.Fqme;
import piker.contracts.spi.DataClient;

/**
 * One market's feed, shared by every subscriber: one backend subscription, the latest state, and the
 * fan-out. A subscriber is attached before its startup quote is taken, so it misses no later tick. A
 * feed without subscribers stops after the idle time.
 */
final class Feed extends AbstractBehavior<Feed.Command> {
  /** Feeds live inside datad: none of their messages crosses a JVM boundary. */
  interface Command extends LocalOnly {}

  record Subscribe(ActorRef<Session.Input> session) implements Command {}

  private record SubscriberGone(ActorRef<Session.Input> session) implements Command {}

  private record BackendQuotes(List<Quote> quotes) implements Command {}

  private record BackendError(RemoteError error) implements Command {}

  private record IdleTimeout() implements Command {}

  /** samplerd stepped a boundary of {@code period}. */
  record Sample(int period, long time) implements Command {}

  /** Reads the newest bars of a period; answered once the feed is live. */
  record ReadBars(int period, int count, long before, ActorRef<BarsRead> replyTo) implements Command {}

  /** The answer to {@link ReadBars}: the bars, or why there are none. */
  record BarsRead(List<piker.contracts.market.Bar> bars, int held, boolean backfilling, RemoteError error)
      implements LocalOnly {}

  /**
   * datad → feed: datad has forgotten this feed, so no new subscriber can reach it. Datad alone
   * retires feeds, in the same order as it hands them out, so no subscriber is sent to a dead feed.
   */
  record Retire() implements Command {}

  private final Fqme fqme;
  private final ActorRef<DaemonProtocol.Command> datad;
  private final Duration idle;
  private final TimerScheduler<Command> timers;
  /** Null until the market's details arrive: the feed subscribes once its bars know their scales. */
  private DataClient.QuoteSubscription subscription;
  private final Set<ActorRef<Session.Input>> subscribers = new HashSet<>();
  private final List<ActorRef<Session.Input>> waiting = new ArrayList<>();
  private final List<ReadBars> waitingReads = new ArrayList<>();
  /** Null until the market's details arrive (they hold its scales); every quote comes after. */
  private BarBuffer seconds;
  private BarBuffer minutes;
  /** Refusals of each buffer (0: seconds, 1: minutes) already logged. */
  private final long[] refusalsLogged = new long[2];
  private final DataClient client;
  private final Capacity capacity;
  private final ActorRef<BarStore.Command> store;
  /** Backfill in progress: minutes first (what a chart shows first), then seconds. */
  private final java.util.ArrayDeque<Backfill.Period> backfill = new java.util.ArrayDeque<>();
  /** Stored-history loads not yet answered: until then, more bars may come. */
  private int pendingLoads;
  private boolean live;
  /** Set when the feed could not start: every subscriber is told so at once. */
  private RemoteError failed;
  private long timeNs;
  /** The market's state in its scales (the backend's quotes carry them); NONE while unknown. */
  /**
   * The market's scales, which last/bid/ask and the bars hold values in (null until the market is known);
   * a quote in them is taken as it is, one in others converted exactly.
   */
  private Scale barPrices;
  private Scale barSizes;
  private long last = Scale.NONE;
  private long bid = Scale.NONE;
  private long ask = Scale.NONE;

  /**
   * How many bars each period keeps, how deep to backfill each (0: no backfill), and whether the backend
   * serves history at all (then the open bars of a feed started mid-period come from it too).
   */
  record Capacity(int seconds, int minutes, int backfillSeconds, int backfillMinutes, boolean history) {}

  /** The venue's recent bars of one period arrived (or failed), for the merge into the live ones. */
  private record RecentLoaded(int period, java.util.Optional<DataClient.RecentBars> recent, Throwable error)
      implements Command {}

  /** Time to ask for a period's recent bars again. */
  private record RetryRecent(int period) implements Command {}

  /** Periods whose recent bars have not had a first answer: reads wait for it (the open bar would be wrong). */
  private int recentUnsettled;
  /** Why a period's backfill was given up (index 0: seconds, 1: minutes): told to readers who want more. */
  private final RemoteError[] historyGaveUp = new RemoteError[2];
  /** Failed recent-bar requests per period (index 0: seconds, 1: minutes). */
  private final int[] recentFailures = new int[2];

  /** A frame of history arrived (or failed). */
  private record HistoryFrame(int period, int requested, List<piker.contracts.market.Bar> bars, Throwable error)
      implements Command {}

  /** The market's details arrived: its bars can be kept, and its quotes come next. */
  private record MarketKnown(piker.contracts.market.MktPair market) implements Command {}

  /** Time for the next history request. */
  private record NextFrame() implements Command {}

  /** Storage has written (or given up on) the last history frame handed to it. */
  private record FrameStored() implements Command {}

  /** A history frame handed to storage and not written yet: the next one waits for it (bounded memory). */
  private boolean frameStoring;
  /** The next history request came due while a frame was being stored. */
  private boolean frameDeferred;

  /** What storage held for a period when the feed went live. */
  private record StoredLoaded(int period, List<piker.contracts.market.Bar> bars) implements Command {}

  /** Time to hand storage the bars closed since the last flush. */
  private record FlushTick() implements Command {}

  /** Hands storage every closed bar now, then answers (datad's orderly stop). */
  record Flush(ActorRef<Flushed> replyTo) implements Command {}

  record Flushed() implements LocalOnly {}

  private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

  static Behavior<Command> create(Fqme fqme, DataClient client, Duration idle, ActorRef<DaemonProtocol.Command> datad,
                                  Capacity capacity, ActorRef<BarStore.Command> store) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Feed(ctx, timers, fqme, client, idle, datad,
        capacity, store)));
  }

  private Feed(ActorContext<Command> ctx, TimerScheduler<Command> timers, Fqme fqme, DataClient client,
               Duration idle, ActorRef<DaemonProtocol.Command> datad, Capacity capacity,
               ActorRef<BarStore.Command> store) {
    super(ctx);
    this.store = store;
    timers.startTimerWithFixedDelay(FlushTick.class, new FlushTick(), FLUSH_INTERVAL);
    this.client = client;
    this.capacity = capacity;
    this.fqme = fqme;
    this.datad = datad;
    this.idle = idle;
    this.timers = timers;
    // the bars hold prices and sizes in the market's scales: its details first, then its quotes
    String source = ctx.getSelf().path().toString();
    ctx.pipeToSelf(client.mktInfo(fqme.bsFqme()), (market, error) -> error == null ? new MarketKnown(market)
        : new BackendError(RemoteError.of(error, source)));
  }

  private Behavior<Command> onMarketKnown(MarketKnown known) {
    this.barPrices = known.market().priceScale();
    this.barSizes = known.market().sizeScale();
    this.seconds = new BarBuffer(1, capacity.seconds(), barPrices, barSizes);
    this.minutes = new BarBuffer(60, capacity.minutes(), barPrices, barSizes);
    ActorRef<Command> self = getContext().getSelf();
    // the backend calls back on its own threads: only enqueue
    this.subscription = client.subscribe(Set.of(fqme.bsFqme()), new DataClient.QuoteListener() {
      @Override
      public void onQuotes(List<Quote> quotes) {
        self.tell(new BackendQuotes(quotes));
      }

      @Override
      public void onError(RemoteError error) {
        self.tell(new BackendError(error));
      }
    });
    return this;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(MarketKnown.class, this::onMarketKnown)
        .onMessage(SubscriberGone.class, this::onSubscriberGone)
        .onMessage(BackendQuotes.class, this::onQuotes)
        .onMessage(BackendError.class, this::onError)
        .onMessage(IdleTimeout.class, this::onIdleTimeout)
        .onMessage(Sample.class, this::onSample)
        .onMessage(NextFrame.class, next -> requestFrame())
        .onMessage(FrameStored.class, stored -> {
          frameStoring = false;
          if (frameDeferred) {
            frameDeferred = false;
            requestFrame();
          }
          return this;
        })
        .onMessage(StoredLoaded.class, this::onStoredLoaded)
        .onMessage(FlushTick.class, tick -> flushClosed())
        .onMessage(Flush.class, flush -> {
          flushClosed();
          flush.replyTo().tell(new Flushed());
          return this;
        })
        .onMessage(HistoryFrame.class, this::onHistoryFrame)
        .onMessage(RecentLoaded.class, this::onRecentLoaded)
        .onMessage(RetryRecent.class, this::onRetryRecent)
        .onMessage(ReadBars.class, this::onReadBars)
        .onMessage(Retire.class, retire -> subscribers.isEmpty() && waiting.isEmpty() && waitingReads.isEmpty()
            ? Behaviors.stopped() : this)
        .onSignal(PostStop.class, signal -> {
          flushClosed();
          if (subscription != null) {
            subscription.close();
          }
          return this;
        })
        .build();
  }

  private Behavior<Command> onSubscribe(Subscribe subscribe) {
    timers.cancel(IdleTimeout.class);
    if (failed != null) {
      subscribe.session().tell(new FeedMessages.FeedFailed(fqme, failed));
      return this;
    }
    getContext().watchWith(subscribe.session(), new SubscriberGone(subscribe.session()));
    if (live) {
      subscribers.add(subscribe.session());
      subscribe.session().tell(new FeedMessages.Attached(fqme, snapshot()));
    } else {
      waiting.add(subscribe.session());
    }
    return this;
  }

  private Behavior<Command> onSubscriberGone(SubscriberGone gone) {
    subscribers.remove(gone.session());
    waiting.remove(gone.session());
    if (subscribers.isEmpty() && waiting.isEmpty()) {
      timers.startSingleTimer(IdleTimeout.class, new IdleTimeout(), idle);
    }
    return this;
  }

  private Behavior<Command> onSample(Sample sample) {
    if (seconds == null) {
      return this;
    } else if (sample.period() == seconds.period()) {
      seconds.step(sample.time());
    } else if (sample.period() == minutes.period()) {
      minutes.step(sample.time());
    }
    return this;
  }

  private Behavior<Command> onReadBars(ReadBars read) {
    if (failed != null) {
      read.replyTo().tell(new BarsRead(List.of(), 0, false, failed));
    } else if (!live || recentUnsettled > 0) {
      waitingReads.add(read);
    } else {
      answer(read);
    }
    // a feed that is read is in use: it stays up for another idle period
    if (subscribers.isEmpty() && waiting.isEmpty()) {
      timers.startSingleTimer(IdleTimeout.class, new IdleTimeout(), idle);
    }
    return this;
  }

  /** Loads what storage holds for both periods, then plans the backfill around it. */
  private void loadStored() {
    pendingLoads = 2;
    for (BarBuffer buffer : List.of(minutes, seconds)) {
      int limit = buffer == minutes ? capacity.minutes() : capacity.seconds();
      getContext().ask(BarStore.Loaded.class, store, STORE_TIMEOUT,
          replyTo -> new BarStore.Load(fqme, buffer.period(), limit, replyTo),
          (loaded, error) -> new StoredLoaded(buffer.period(), loaded == null ? List.of() : loaded.bars()));
    }
  }

  private Behavior<Command> onStoredLoaded(StoredLoaded loaded) {
    pendingLoads--;
    BarBuffer buffer = bufferOf(loaded.period());
    int depth = Math.min(loaded.period() == 60 ? capacity.backfillMinutes() : capacity.backfillSeconds(),
        loaded.period() == 60 ? capacity.minutes() : capacity.seconds());
    int venueDepth = client.historyDepth(loaded.period()).orElse(Integer.MAX_VALUE);
    if (depth > 0 && venueDepth < depth) {
      getContext().getLog().info("feed {}: the venue serves only {} bars of {} s; backfilling that deep, not {}",
          fqme, venueDepth, loaded.period(), depth);
      depth = venueDepth;
    }
    Backfill.Period period = new Backfill.Period(loaded.period(), depth, buffer.oldestTime());
    List<piker.contracts.market.Bar> stored = loaded.bars();
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
      getContext().getLog().info("feed {}: backfilling {} s bars ({} stored)", fqme, loaded.period(), stored.size());
      backfill.add(period);
      if (backfill.size() == 1) {
        requestFrame();
      }
    } else {
      getContext().getLog().info("feed {}: {} s backfill done, 0 bars fetched, {} held (all stored)", fqme,
          loaded.period(), buffer.held());
    }
    return this;
  }

  private Behavior<Command> requestFrame() {
    Backfill.Period period = backfill.peek();
    if (period == null) {
      return this;
    }
    if (frameStoring) {
      frameDeferred = true; // a hundred markets backfilling can outrun the disk: wait for it
      return this;
    }
    BarBuffer buffer = bufferOf(period.seconds);
    int wanted = period.wanted(client.historyFrame(), buffer);
    if (wanted <= 0) {
      finishPhase(period, buffer);
      return this;
    }
    getContext().pipeToSelf(client.bars(fqme.bsFqme(), period.seconds, period.nextEnd, wanted),
        (bars, error) -> new HistoryFrame(period.seconds, wanted, bars, error));
    return this;
  }

  private Behavior<Command> onHistoryFrame(HistoryFrame frame) {
    Backfill.Period period = backfill.peek();
    if (period == null || period.seconds != frame.period()) {
      return this;
    }
    if (frame.error() != null) {
      // told to the log and to readers (the backfill ends), never to quote subscribers: a slow history
      // request is not news about the market's quotes
      period.failures++;
      RemoteError error = RemoteError.of(frame.error(), getContext().getSelf().path().toString());
      if (period.failures >= Backfill.MAX_ATTEMPTS) {
        getContext().getLog().error("feed {}: giving up the {} s backfill after {} failures: {}", fqme,
            period.seconds, period.failures, error.describe());
        historyGaveUp[slot(period.seconds)] = RemoteError.of("HistoryUnavailable", "the history of " + fqme
            + " could not be loaded (" + period.failures + " attempts; the last: " + error.message() + ")",
            getContext().getSelf().path().toString());
        backfill.poll();
        nextPeriod();
      } else {
        getContext().getLog().warn("feed {}: history request failed ({}), retrying in {}", fqme, error.describe(),
            period.retryDelay());
        timers.startSingleTimer(NextFrame.class, new NextFrame(), period.retryDelay());
      }
      return this;
    }
    period.failures = 0;
    BarBuffer buffer = bufferOf(period.seconds);
    List<piker.contracts.market.Bar> taken = buffer.prepend(frame.bars());
    frameStoring = true;
    getContext().ask(BarStore.Stored.class, store, STORE_TIMEOUT,
        storedTo -> new BarStore.Append(fqme, period.seconds, taken, storedTo), (stored, error) -> new FrameStored());
    period.loaded += taken.size();
    period.nextEnd = buffer.oldestTime();
    FeedMessages.Backfilled progress = new FeedMessages.Backfilled(fqme, period.seconds, buffer.held(), period.depth);
    subscribers.forEach(session -> session.tell(progress));
    boolean exhausted = frame.bars().size() < frame.requested() || taken.isEmpty();
    if (exhausted || period.wanted(client.historyFrame(), buffer) <= 0) {
      finishPhase(period, buffer);
    } else {
      timers.startSingleTimer(NextFrame.class, new NextFrame(), Backfill.pace(client.historyRequestsPerSecond()));
    }
    return this;
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
    getContext().getLog().info("feed {}: {} s backfill done, {} bars fetched, {} held", fqme, period.seconds,
        period.loaded, buffer.held());
    backfill.poll();
    nextPeriod();
  }

  private void nextPeriod() {
    if (!backfill.isEmpty()) {
      timers.startSingleTimer(NextFrame.class, new NextFrame(), Backfill.pace(client.historyRequestsPerSecond()));
    }
  }

  /** Hands storage the bars closed since the last flush, and logs what the bars refused meanwhile. */
  private Behavior<Command> flushClosed() {
    if (seconds == null) {
      return this;
    }
    for (BarBuffer buffer : List.of(seconds, minutes)) {
      List<piker.contracts.market.Bar> closed = buffer.drainClosed();
      if (!closed.isEmpty()) {
        store.tell(new BarStore.Append(fqme, buffer.period(), closed));
      }
      int index = slot(buffer.period());
      if (buffer.refusals() > refusalsLogged[index]) {
        getContext().getLog().warn("feed {}: the {} s bars refused {} value(s) (never rounded); the last: {}", fqme,
            buffer.period(), buffer.refusals() - refusalsLogged[index], buffer.lastRefusal());
        refusalsLogged[index] = buffer.refusals();
      }
    }
    return this;
  }

  private void answer(ReadBars read) {
    BarBuffer buffer = bufferOf(read.period());
    boolean backfilling = pendingLoads > 0 || backfill.stream().anyMatch(period -> period.seconds == buffer.period());
    RemoteError gaveUp = historyGaveUp[slot(buffer.period())];
    if (gaveUp != null && !backfilling && read.before() == 0 && buffer.held() < read.count()) {
      // fewer bars than asked for, and no more coming: say why rather than answer short without a word
      read.replyTo().tell(new BarsRead(List.of(), buffer.held(), false, RemoteError.of(gaveUp.type(),
          gaveUp.message() + "; " + buffer.held() + " bars of " + buffer.period() + " s are held: ask for at most "
          + buffer.held(), gaveUp.source())));
      return;
    }
    read.replyTo().tell(new BarsRead(buffer.last(read.count(), read.before()), buffer.held(), backfilling, null));
  }

  /** Asks for the venue's bars from the first live one; a first request starts keeping the live trades. */
  private void requestRecent(BarBuffer buffer) {
    long since = buffer.awaitingRecent() ? buffer.liveFrom() : buffer.awaitRecent();
    getContext().pipeToSelf(client.recentBars(fqme.bsFqme(), buffer.period(), since),
        (recent, error) -> new RecentLoaded(buffer.period(), recent, error));
  }

  private Behavior<Command> onRecentLoaded(RecentLoaded loaded) {
    BarBuffer buffer = bufferOf(loaded.period());
    int index = slot(loaded.period());
    boolean first = recentFailures[index] == 0;
    if (loaded.error() != null) {
      recentFailures[index]++;
      RemoteError error = RemoteError.of(loaded.error(), getContext().getSelf().path().toString());
      if (recentFailures[index] >= Backfill.MAX_ATTEMPTS || !buffer.awaitingRecent()) {
        getContext().getLog().warn("feed {}: the open {} s bar has only the trades since the feed started; the "
            + "venue's recent bars failed {} times: {}", fqme, loaded.period(), recentFailures[index], error.describe());
        buffer.abandonRecent();
      } else {
        getContext().getLog().warn("feed {}: recent {} s bars failed ({}), retrying", fqme, loaded.period(),
            error.describe());
        timers.startSingleTimer(new RetryRecent(loaded.period()), Backfill.retryDelay(recentFailures[index]));
      }
    } else if (loaded.recent().isEmpty()) {
      buffer.abandonRecent();
    } else {
      DataClient.RecentBars recent = loaded.recent().get();
      int merged = buffer.mergeRecent(recent.bars(), recent.asOfNs());
      getContext().getLog().info("feed {}: merged {} of the venue's recent {} s bars (as of {} ns) with the live ones",
          fqme, merged, loaded.period(), recent.asOfNs());
    }
    if (first && recentUnsettled > 0 && --recentUnsettled == 0) {
      answerWaitingReads();
    }
    return this;
  }

  private Behavior<Command> onRetryRecent(RetryRecent retry) {
    BarBuffer buffer = bufferOf(retry.period());
    if (buffer.awaitingRecent()) { // not given up meanwhile (too many live trades kept)
      requestRecent(buffer);
    }
    return this;
  }

  /** The bars of a period: the minutes for 60 s, the seconds for any other. */
  private BarBuffer bufferOf(int period) {
    return period == minutes.period() ? minutes : seconds;
  }

  /** A period's slot in the per-period arrays: 0 for the seconds, 1 for the minutes. */
  private int slot(int period) {
    return period == minutes.period() ? 1 : 0;
  }

  private void answerWaitingReads() {
    waitingReads.forEach(this::answer);
    waitingReads.clear();
  }

  private Behavior<Command> onIdleTimeout(IdleTimeout timeout) {
    if (subscribers.isEmpty() && waiting.isEmpty()) {
      datad.tell(new FeedMessages.FeedIdle(fqme, getContext().getSelf()));
    }
    return this;
  }

  /**
   * A quote's trade into both bar buffers: as it is when the quote is in the market's scales (the
   * backend's case, nothing allocated), otherwise through its decimals, converted exactly or refused.
   */
  private void trade(Quote quote, int tick) {
    long price = quote.tickPrice(tick);
    long size = quote.tickSize(tick);
    if ((quote.priceScale() == barPrices && quote.sizeScale() == barSizes) || price == Scale.NONE
        || size == Scale.NONE) {
      seconds.trade(quote.timeNs(), price, size);
      minutes.trade(quote.timeNs(), price, size);
    } else {
      BigDecimal decimalPrice = quote.priceScale().decimal(price);
      BigDecimal decimalSize = quote.sizeScale().decimal(size);
      seconds.trade(quote.timeNs(), decimalPrice, decimalSize);
      minutes.trade(quote.timeNs(), decimalPrice, decimalSize);
    }
  }

  private Behavior<Command> onQuotes(BackendQuotes arrived) {
    if (failed != null) {
      return this;
    }
    for (Quote quote : arrived.quotes()) {
      for (int i = 0; i < quote.tickCount(); i++) {
        if (quote.tickKind(i) == TickKind.TRADE) {
          trade(quote, i);
        }
      }
      timeNs = Math.max(timeNs, quote.timeNs());
      last = known(inMarketScale(quote.lastUnits(), quote.priceScale()), last);
      bid = known(inMarketScale(quote.bidUnits(), quote.priceScale()), bid);
      ask = known(inMarketScale(quote.askUnits(), quote.priceScale()), ask);
    }
    if (!live) {
      // the first answer is the backend's snapshot: from now on the feed is live
      live = true;
      long startSecond = Math.floorDiv(timeNs, 1_000_000_000L);
      seconds.seed(startSecond, last);
      minutes.seed(startSecond, last);
      loadStored();
      if (capacity.history()) {
        // the feed started mid-period: the open bars' trades before now are the venue's to tell
        recentUnsettled = 2;
        requestRecent(seconds);
        requestRecent(minutes);
      } else {
        answerWaitingReads();
      }
      Quote startup = snapshot();
      waiting.forEach(session -> {
        subscribers.add(session);
        session.tell(new FeedMessages.Attached(fqme, startup));
      });
      waiting.clear();
      return this;
    }
    FeedMessages.FeedQuotes quotes = new FeedMessages.FeedQuotes(arrived.quotes());
    subscribers.forEach(session -> session.tell(quotes));
    return this;
  }

  private Behavior<Command> onError(BackendError error) {
    if (failed != null) {
      return this;
    }
    if (!live) {
      failed = error.error();
      waiting.forEach(session -> session.tell(new FeedMessages.FeedFailed(fqme, failed)));
      waiting.clear();
      waitingReads.forEach(read -> read.replyTo().tell(new BarsRead(List.of(), 0, false, failed)));
      waitingReads.clear();
      getContext().getLog().info("feed {} could not start: {}", fqme, failed.describe());
      datad.tell(new FeedMessages.FeedIdle(fqme, getContext().getSelf()));
      return this;
    }
    getContext().getLog().warn("feed {}: {}", fqme, error.error().describe());
    FeedMessages.FeedTrouble trouble = new FeedMessages.FeedTrouble(fqme, error.error());
    subscribers.forEach(session -> session.tell(trouble));
    return this;
  }

  /** A quote's price in the market's scale: as it is in that scale, else converted exactly (NONE if it cannot be). */
  private long inMarketScale(long value, Scale scale) {
    return scale.rescaleOrNone(value, barPrices);
  }

  private static long known(long value, long before) {
    return value != Scale.NONE ? value : before;
  }

  /** The market's state as a startup quote: it carries last, and no ticks. */
  private Quote snapshot() {
    Scale none = Scale.of(0); // the market not known yet: nothing to carry but NONE
    return Quote.of(fqme, timeNs, barPrices != null ? barPrices : none, barSizes != null ? barSizes : none, last, bid,
        ask);
  }
}
