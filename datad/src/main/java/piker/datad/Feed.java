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
  record ReadBars(int period, int count, ActorRef<BarsRead> replyTo) implements Command {}

  /** The answer to {@link ReadBars}: the bars, or why there are none. */
  record BarsRead(List<piker.contracts.market.Bar> bars, RemoteError error) implements LocalOnly {}

  /**
   * datad → feed: datad has forgotten this feed, so no new subscriber can reach it. Datad alone
   * retires feeds, in the same order as it hands them out, so no subscriber is sent to a dead feed.
   */
  record Retire() implements Command {}

  private final Fqme fqme;
  private final ActorRef<DaemonProtocol.Command> datad;
  private final Duration idle;
  private final TimerScheduler<Command> timers;
  private final DataClient.QuoteSubscription subscription;
  private final Set<ActorRef<Session.Input>> subscribers = new HashSet<>();
  private final List<ActorRef<Session.Input>> waiting = new ArrayList<>();
  private final List<ReadBars> waitingReads = new ArrayList<>();
  private final BarBuffer seconds;
  private final BarBuffer minutes;
  private boolean live;
  /** Set when the feed could not start: every subscriber is told so at once. */
  private RemoteError failed;
  private long timeNs;
  private BigDecimal last;
  private BigDecimal bid;
  private BigDecimal ask;

  /** How many bars each period keeps. */
  record Capacity(int seconds, int minutes) {}

  static Behavior<Command> create(Fqme fqme, DataClient client, Duration idle, ActorRef<DaemonProtocol.Command> datad,
                                  Capacity capacity) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Feed(ctx, timers, fqme, client, idle, datad,
        capacity)));
  }

  private Feed(ActorContext<Command> ctx, TimerScheduler<Command> timers, Fqme fqme, DataClient client,
               Duration idle, ActorRef<DaemonProtocol.Command> datad, Capacity capacity) {
    super(ctx);
    this.seconds = new BarBuffer(1, capacity.seconds());
    this.minutes = new BarBuffer(60, capacity.minutes());
    this.fqme = fqme;
    this.datad = datad;
    this.idle = idle;
    this.timers = timers;
    ActorRef<Command> self = ctx.getSelf();
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
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(SubscriberGone.class, this::onSubscriberGone)
        .onMessage(BackendQuotes.class, this::onQuotes)
        .onMessage(BackendError.class, this::onError)
        .onMessage(IdleTimeout.class, this::onIdleTimeout)
        .onMessage(Sample.class, this::onSample)
        .onMessage(ReadBars.class, this::onReadBars)
        .onMessage(Retire.class, retire -> subscribers.isEmpty() && waiting.isEmpty() && waitingReads.isEmpty()
            ? Behaviors.stopped() : this)
        .onSignal(PostStop.class, signal -> {
          subscription.close();
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
    if (sample.period() == seconds.period()) {
      seconds.step(sample.time());
    } else if (sample.period() == minutes.period()) {
      minutes.step(sample.time());
    }
    return this;
  }

  private Behavior<Command> onReadBars(ReadBars read) {
    if (failed != null) {
      read.replyTo().tell(new BarsRead(List.of(), failed));
    } else if (!live) {
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

  private void answer(ReadBars read) {
    BarBuffer buffer = read.period() == minutes.period() ? minutes : seconds;
    read.replyTo().tell(new BarsRead(buffer.last(read.count()), null));
  }

  private Behavior<Command> onIdleTimeout(IdleTimeout timeout) {
    if (subscribers.isEmpty() && waiting.isEmpty()) {
      datad.tell(new FeedMessages.FeedIdle(fqme, getContext().getSelf()));
    }
    return this;
  }

  private Behavior<Command> onQuotes(BackendQuotes arrived) {
    if (failed != null) {
      return this;
    }
    for (Quote quote : arrived.quotes()) {
      for (piker.contracts.market.Tick tick : quote.ticks()) {
        if (tick.type().equals("trade")) {
          seconds.trade(quote.timeNs(), tick.price(), tick.size());
          minutes.trade(quote.timeNs(), tick.price(), tick.size());
        }
      }
      timeNs = Math.max(timeNs, quote.timeNs());
      last = quote.last() != null ? quote.last() : last;
      bid = quote.bid() != null ? quote.bid() : bid;
      ask = quote.ask() != null ? quote.ask() : ask;
    }
    if (!live) {
      // the first answer is the backend's snapshot: from now on the feed is live
      live = true;
      long startSecond = Math.floorDiv(timeNs, 1_000_000_000L);
      seconds.seed(startSecond, last);
      minutes.seed(startSecond, last);
      waitingReads.forEach(this::answer);
      waitingReads.clear();
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
      waitingReads.forEach(read -> read.replyTo().tell(new BarsRead(List.of(), failed)));
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

  /** The market's state as a startup quote: it carries last, and no ticks. */
  private Quote snapshot() {
    return new Quote(fqme, timeNs, last, bid, ask, List.of());
  }
}
