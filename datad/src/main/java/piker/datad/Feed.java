package piker.datad;

import io.micrometer.core.instrument.Counter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
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
import piker.contracts.metrics.Metrics;
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

  /** The live stream missed trades between two venue instants (DataClient.QuoteListener#onGap). */
  private record BackendGap(long lastBeforeNs, long firstAfterNs) implements Command {}

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
  /** Registered once the venue knows the market: a name nobody trades never becomes a series. */
  private Counter quotesIn;
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
  /** Null until the market's details arrive, like the bars whose history it loads. */
  private FeedHistory history;
  private boolean live;
  /**
   * The backend told of trouble and no quote has come since: bars closed meanwhile may lack trades the stream
   * missed, so they are kept from storage until quotes flow again and any repair is done. Should pikerd stop
   * before, they are never stored, and the next start backfills them from the venue instead of loading them.
   */
  private boolean streamTroubled;
  /** Whether closed bars are held from storage now, and since when (System.nanoTime): {@link #HOLD_AT_MOST}. */
  private boolean holding;
  private long holdingSinceNs;
  /** A quiet market may get no quote for hours after its link is back: its bars are stored after this anyway. */
  static final Duration HOLD_AT_MOST = Duration.ofHours(6);
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

  /** The market's details arrived: its bars can be kept, and its quotes come next. */
  private record MarketKnown(piker.contracts.market.MktPair market) implements Command {}

  /** Time to hand storage the bars closed since the last flush. */
  private record FlushTick() implements Command {}

  /** Hands storage every closed bar now, then answers (datad's orderly stop). */
  record Flush(ActorRef<Flushed> replyTo) implements Command {}

  record Flushed() implements LocalOnly {}

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
    this.quotesIn = QuoteMeters.received(Metrics.registry(getContext().getSystem()), fqme);
    this.barPrices = known.market().priceScale();
    this.barSizes = known.market().sizeScale();
    this.seconds = new BarBuffer(1, capacity.seconds(), barPrices, barSizes);
    this.minutes = new BarBuffer(60, capacity.minutes(), barPrices, barSizes);
    this.history = new FeedHistory(getContext(), timers, fqme, client, capacity, store, seconds, minutes,
        backfilled -> subscribers.forEach(session -> session.tell(backfilled)), this::answerWaitingReads);
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

      @Override
      public void onGap(String bsFqme, long lastBeforeNs, long firstAfterNs) {
        self.tell(new BackendGap(lastBeforeNs, firstAfterNs));
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
        .onMessage(BackendGap.class, this::onGap)
        .onMessage(IdleTimeout.class, this::onIdleTimeout)
        .onMessage(Sample.class, this::onSample)
        .onMessage(FeedHistory.NextFrame.class, next -> toHistory(FeedHistory::requestFrame))
        .onMessage(FeedHistory.FrameStored.class, stored -> toHistory(FeedHistory::onFrameStored))
        .onMessage(FeedHistory.StoredLoaded.class, loaded -> toHistory(h -> h.onStoredLoaded(loaded)))
        .onMessage(FlushTick.class, tick -> flushClosed())
        .onMessage(Flush.class, flush -> {
          flushClosed();
          flush.replyTo().tell(new Flushed());
          return this;
        })
        .onMessage(FeedHistory.HistoryFrame.class, frame -> toHistory(h -> h.onHistoryFrame(frame)))
        .onMessage(FeedRecentBars.RecentLoaded.class, loaded -> toHistory(h -> h.recent().onRecentLoaded(loaded)))
        .onMessage(FeedRecentBars.RetryRecent.class, retry -> toHistory(h -> h.recent().onRetryRecent(retry)))
        .onMessage(FeedRecentBars.StartRepair.class, start -> toHistory(h -> h.recent().onStartRepair()))
        .onMessage(ReadBars.class, this::onReadBars)
        .onMessage(Retire.class, retire -> subscribers.isEmpty() && waiting.isEmpty() && waitingReads.isEmpty()
            ? Behaviors.stopped() : this)
        .onSignal(PostStop.class, signal -> {
          if (history != null && (streamTroubled || history.recent().repairing())) {
            getContext().getLog().info("feed {} stops with bars its stream may have missed trades of: they are not "
                + "stored, and its next start backfills them from the venue", fqme);
          }
          flushClosed();
          if (subscription != null) {
            subscription.close();
          }
          return this;
        })
        .build();
  }

  /** Hands a history message to the history, which exists from the market's details on (its messages after). */
  private Behavior<Command> toHistory(Consumer<FeedHistory> handler) {
    handler.accept(history);
    return this;
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
    } else if (!live || history.readsWait()) {
      waitingReads.add(read);
    } else {
      history.answer(read);
    }
    // a feed that is read is in use: it stays up for another idle period
    if (subscribers.isEmpty() && waiting.isEmpty()) {
      timers.startSingleTimer(IdleTimeout.class, new IdleTimeout(), idle);
    }
    return this;
  }

  /** Hands storage the bars closed since the last flush, and logs what the bars refused meanwhile. */
  private Behavior<Command> flushClosed() {
    if (seconds == null) {
      return this;
    }
    boolean hold = streamTroubled || history.recent().repairing();
    if (hold && !holding) {
      holdingSinceNs = System.nanoTime();
    }
    holding = hold;
    if (hold && System.nanoTime() - holdingSinceNs < HOLD_AT_MOST.toNanos()) {
      return this;
    }
    for (BarBuffer buffer : List.of(seconds, minutes)) {
      List<piker.contracts.market.Bar> closed = buffer.drainClosed();
      if (!closed.isEmpty()) {
        store.tell(new BarStore.Append(fqme, buffer.period(), closed));
      }
      int index = buffer == minutes ? 1 : 0;
      if (buffer.refusals() > refusalsLogged[index]) {
        getContext().getLog().warn("feed {}: the {} s bars refused {} value(s) (never rounded); the last: {}", fqme,
            buffer.period(), buffer.refusals() - refusalsLogged[index], buffer.lastRefusal());
        refusalsLogged[index] = buffer.refusals();
      }
    }
    return this;
  }

  private void answerWaitingReads() {
    waitingReads.forEach(history::answer);
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
    quotesIn.increment(arrived.quotes().size()); // set when the market became known, before any subscription
    streamTroubled &= arrived.quotes().isEmpty(); // quotes flow again: a gap, if any, has been told before them
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
      // a feed started mid-period: the open bars' trades before now are the venue's to tell, so reads wait
      if (!history.start()) {
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
    FeedMessages.FeedQuotes quotes = new FeedMessages.FeedQuotes(arrived.quotes(), System.nanoTime());
    subscribers.forEach(session -> session.tell(quotes));
    return this;
  }

  private Behavior<Command> onGap(BackendGap gap) {
    if (live && failed == null) { // before the feed is live, its start's merge holds every trade there is
      history.recent().onGap(gap.lastBeforeNs(), gap.firstAfterNs());
    }
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
    streamTroubled = true;
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
