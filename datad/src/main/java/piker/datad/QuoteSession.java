package piker.datad;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import piker.contracts.LocalOnly;
import piker.contracts.Payload;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Session;
import piker.contracts.metrics.Metrics;
import piker.contracts.daemon.SessionContext;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.datad.DatadProtocol.StreamParams;
import piker.contracts.market.Quote;
import piker.contracts.names.Fqme;

/**
 * One subscriber of {@code stream_quotes}, with its own policy: at most {@code window} batches in
 * flight until the opener grants credit; unthrottled sends as soon as there is credit (batching
 * only what piled up), throttled sends one conflated frame per period. What does not fit the buffer
 * is dropped oldest first, counted, and reported to the subscriber and the log.
 */
final class QuoteSession extends AbstractBehavior<Session.Input> {
  /** Quotes per batch when an unthrottled subscriber has fallen behind. */
  static final int MAX_BATCH = 512;
  /**
   * Bytes one message may take on the wire: half of Artery's frame (256 KiB by default), which drops a
   * bigger message whole. A bigger conflated frame goes as several messages, each on a credit.
   */
  static final int MAX_MESSAGE_BYTES = 128 * 1024;
  /**
   * How long a lagging subscriber's quotes may gather into a bigger batch before they go anyway (Pekko's
   * scheduler ticks every 10 ms, so in practice up to a tick).
   */
  static final Duration LINGER = Duration.ofMillis(2);
  private static final long OVERRUN_REPORT_NANOS = 1_000_000_000L;

  private record Frame() implements Session.Input, LocalOnly {}

  private record Linger() implements Session.Input, LocalOnly {}

  /** Drops held back by the once-a-second limit are due to be reported. */
  private record OverrunDue() implements Session.Input, LocalOnly {}

  private final SessionContext session;
  private final StreamParams params;
  private final int window;
  private final Map<Fqme, Quote> startup = new LinkedHashMap<>();
  private final StreamBuffer buffer;
  private final Set<Fqme> attaching;
  private final TimerScheduler<Session.Input> timers;
  private final QuoteMeters meters;
  /** When the oldest quote held reached datad; 0 while none is held. */
  private long oldestHeldNanos;
  private int credit;
  private long seq;
  private long overrunTotal;
  private long overrunUnreported;
  private long lastOverrunReport;

  /** Validates the parameters (throwing refuses the session) and asks datad for each feed. */
  static Behavior<Session.Input> open(SessionContext session, Payload params, ActorRef<DaemonProtocol.Command> datad,
                                     String broker, int bufferCapacity) {
    StreamParams stream = validate(params, broker);
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      for (Fqme fqme : new LinkedHashSet<>(stream.fqmes())) {
        datad.tell(new FeedMessages.AttachFeed(fqme, session.self()));
      }
      return new QuoteSession(ctx, timers, session, stream, bufferCapacity);
    }));
  }

  static StreamParams validate(Payload params, String broker) {
    if (!(params instanceof StreamParams stream)) {
      throw new IllegalArgumentException("stream_quotes takes StreamParams");
    }
    if (stream.fqmes().isEmpty() || stream.fqmes().size() > DatadProtocol.MAX_FQMES) {
      throw new IllegalArgumentException("stream_quotes takes 1.." + DatadProtocol.MAX_FQMES + " markets");
    }
    for (Fqme fqme : stream.fqmes()) {
      if (fqme == null || !fqme.broker().equals(broker)) {
        throw new IllegalArgumentException("fqme " + fqme + " is not a market of backend '" + broker + "'");
      }
    }
    if (stream.throttleHz() < 0 || stream.throttleHz() > DatadProtocol.MAX_THROTTLE_HZ) {
      throw new IllegalArgumentException("throttle must be 0.." + DatadProtocol.MAX_THROTTLE_HZ + " Hz");
    }
    if (stream.window() < 0 || stream.window() > DatadProtocol.MAX_WINDOW) {
      throw new IllegalArgumentException("window must be 0.." + DatadProtocol.MAX_WINDOW + " batches");
    }
    return stream;
  }

  private QuoteSession(ActorContext<Session.Input> ctx, TimerScheduler<Session.Input> timers, SessionContext session,
                       StreamParams params, int bufferCapacity) {
    super(ctx);
    this.buffer = new StreamBuffer(bufferCapacity);
    this.timers = timers;
    this.session = session;
    this.params = params;
    this.window = params.window() == 0 ? DatadProtocol.DEFAULT_WINDOW : params.window();
    this.credit = window;
    this.attaching = new LinkedHashSet<>(params.fqmes());
    this.meters = new QuoteMeters(Metrics.registry(ctx.getSystem()), params.fqmes().get(0).broker());
  }

  @Override
  public Receive<Session.Input> createReceive() {
    return newReceiveBuilder()
        .onMessage(FeedMessages.Attached.class, this::onAttached)
        .onMessage(FeedMessages.FeedQuotes.class, this::onQuotes)
        .onMessage(FeedMessages.FeedFailed.class, failed -> session.fail(failed.error()))
        .onMessage(FeedMessages.FeedTrouble.class, this::onTrouble)
        .onMessage(FeedMessages.Backfilled.class, this::onBackfilled)
        .onMessage(Frame.class, this::onFrame)
        .onMessage(Linger.class, this::onLinger)
        .onMessage(OverrunDue.class, due -> { reportOverrun(); return this; })
        .onMessage(Session.Send.class, this::onOpenerMessage)
        .build();
  }

  private Behavior<Session.Input> onAttached(FeedMessages.Attached attached) {
    startup.put(attached.fqme(), attached.startup());
    attaching.remove(attached.fqme());
    if (attaching.isEmpty() && !session.isLive()) {
      session.started(new DatadProtocol.StreamStarted(params.fqmes().stream().map(startup::get).toList()));
      // what waited while the feeds attached (market details, history) is no delay of datad's path
      oldestHeldNanos = buffer.isEmpty() ? 0 : System.nanoTime();
      if (params.throttleHz() > 0) {
        timers.startTimerAtFixedRate(new Frame(), Duration.ofNanos(1_000_000_000L / params.throttleHz()));
      }
      flush();
    }
    return this;
  }

  private Behavior<Session.Input> onQuotes(FeedMessages.FeedQuotes quotes) {
    if (buffer.isEmpty()) {
      oldestHeldNanos = quotes.arrivedNanos();
    }
    int dropped = buffer.add(quotes.quotes());
    if (dropped > 0) {
      overrun(dropped);
    }
    if (params.throttleHz() == 0) {
      flush();
    }
    return this;
  }

  private Behavior<Session.Input> onFrame(Frame frame) {
    while (session.isLive() && credit > 0 && !buffer.isEmpty()) {
      send(buffer.drainConflated(MAX_MESSAGE_BYTES));
    }
    reportOverrun();
    return this;
  }

  private Behavior<Session.Input> onTrouble(FeedMessages.FeedTrouble trouble) {
    if (session.isLive()) {
      session.send(new DatadProtocol.FeedNotice(trouble.fqme(), trouble.error()));
    }
    return this;
  }

  private Behavior<Session.Input> onBackfilled(FeedMessages.Backfilled progress) {
    if (session.isLive()) {
      session.send(new DatadProtocol.BackfillProgress(progress.fqme(), progress.period(), progress.loaded(),
          progress.target()));
    }
    return this;
  }

  private Behavior<Session.Input> onOpenerMessage(Session.Send message) {
    if (message.body() instanceof DatadProtocol.Credit granted && granted.batches() > 0) {
      credit = (int) Math.min((long) credit + granted.batches(), window);
      if (params.throttleHz() == 0) {
        flush();
      }
    } else {
      getContext().getLog().warn("session {}: ignored {}", session.sessionId(), message.body());
    }
    return this;
  }

  /**
   * Unthrottled: send while there is credit and something to send. A subscriber with more than a
   * quarter of its window of credit left gets each quote at once; one that lags (a quarter or less
   * left) gets fewer, larger batches: quotes gather until a batch is full or {@link #LINGER} has passed.
   * That is what makes remote streams fast without delaying a subscriber that keeps up. A quarter, not
   * a half: clients grant credit by the half window (one message back per half window, not per batch),
   * so a subscriber that keeps up holds half its window, less what is in flight, between two grants.
   */
  private void flush() {
    while (session.isLive() && credit > 0 && !buffer.isEmpty()) {
      if (credit <= window / 4 && buffer.size() < MAX_BATCH) {
        if (!timers.isTimerActive(Linger.class)) {
          timers.startSingleTimer(Linger.class, new Linger(), LINGER);
        }
        return;
      }
      send(buffer.drain(MAX_BATCH, MAX_MESSAGE_BYTES));
    }
  }

  private Behavior<Session.Input> onLinger(Linger linger) {
    if (session.isLive() && credit > 0 && !buffer.isEmpty()) {
      send(buffer.drain(MAX_BATCH, MAX_MESSAGE_BYTES));
    }
    flush();
    return this;
  }

  private void send(List<Quote> quotes) {
    credit--;
    session.send(new DatadProtocol.QuoteBatch(++seq, quotes));
    // a throttled session holds quotes for its frame on purpose: only an unthrottled one times datad's path
    meters.sent(quotes, params.throttleHz() == 0 ? oldestHeldNanos : 0, System.nanoTime());
    if (buffer.isEmpty()) {
      oldestHeldNanos = 0;
    }
  }

  private void overrun(int dropped) {
    meters.dropped(dropped);
    overrunTotal += dropped;
    overrunUnreported += dropped;
    reportOverrun();
  }

  /**
   * At most once a second, so a stalled subscriber is not flooded with notices either; drops held back
   * by that limit are reported when it allows, even if no quote comes after them (never silent).
   */
  private void reportOverrun() {
    if (overrunUnreported == 0 || !session.isLive()) {
      return;
    }
    long now = System.nanoTime();
    long wait = OVERRUN_REPORT_NANOS - (now - lastOverrunReport);
    if (wait > 0) {
      if (!timers.isTimerActive(OverrunDue.class)) {
        timers.startSingleTimer(OverrunDue.class, new OverrunDue(), Duration.ofNanos(wait));
      }
      return;
    }
    lastOverrunReport = now;
    getContext().getLog().warn("session {} fell behind: dropped {} quotes ({} in all)", session.sessionId(),
        overrunUnreported, overrunTotal);
    session.send(new DatadProtocol.Overrun(overrunUnreported, overrunTotal));
    overrunUnreported = 0;
  }
}
