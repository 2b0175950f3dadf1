package piker.contracts.datad;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import piker.contracts.LocalOnly;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.Session;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.names.Fqme;

/**
 * A daemon's own unthrottled feed of one market from datad (emsd's trigger book, paperboi's
 * clearing): the market's details, its startup quote, then every quote, with credit granted as the
 * parent is told. It stops after telling the parent {@link Lost}; the parent decides whether to
 * open it again.
 */
public final class QuoteFeed extends AbstractBehavior<QuoteFeed.Command> {
  private static final Duration INFO_TIMEOUT = Duration.ofSeconds(15);
  private static final int WINDOW = DatadProtocol.DEFAULT_WINDOW;

  /** Internal messages only: a feed takes no orders from outside. */
  public sealed interface Command extends LocalOnly {}

  private record Info(MktPair mkt, RemoteError error) implements Command {}

  private record FromSession(Session.Event event) implements Command {}

  /** datad or its session stopped without a word: its node died (on a cluster, downed and removed). */
  private record Gone() implements Command {}

  /** Ends the feed: its session is cancelled cleanly. */
  public record Close() implements Command {}

  /** What the parent is told. */
  public sealed interface Event extends LocalOnly {
    Fqme fqme();
  }

  public record Ready(Fqme fqme, MktPair mkt, Quote startup) implements Event {}

  public record Quotes(Fqme fqme, List<Quote> quotes) implements Event {}

  /** The market is unknown, or its feed ended; the feed actor has stopped. */
  public record Lost(Fqme fqme, RemoteError error) implements Event {}

  /** datad told of trouble with the market's stream (a dropped venue link): its quotes may be stale till the next. */
  public record Troubled(Fqme fqme, RemoteError error) implements Event {}

  private final ActorRef<DaemonProtocol.Command> datad;
  private final Hello hello;
  private final Fqme fqme;
  private final ActorRef<Event> parent;
  private final ActorRef<Session.Event> opener;
  private ActorRef<Session.Input> session;
  private int consumed;

  public static Behavior<Command> create(ActorRef<DaemonProtocol.Command> datad, Hello hello, Fqme fqme,
                                         ActorRef<Event> parent) {
    return Behaviors.setup(ctx -> new QuoteFeed(ctx, datad, hello, fqme, parent));
  }

  private QuoteFeed(ActorContext<Command> ctx, ActorRef<DaemonProtocol.Command> datad, Hello hello, Fqme fqme,
                    ActorRef<Event> parent) {
    super(ctx);
    this.datad = datad;
    this.hello = hello;
    this.fqme = fqme;
    this.parent = parent;
    this.opener = ctx.messageAdapter(Session.Event.class, FromSession::new);
    // a datad that dies with its node never ends its sessions: without the watch the feed would stall unseen
    ctx.watchWith(datad, new Gone());
    ctx.ask(DaemonProtocol.CallResult.class, datad, INFO_TIMEOUT,
        replyTo -> new DaemonProtocol.Call(Endpoint.GET_MKT_INFO.wireName(), hello,
            new DatadProtocol.MktInfoRequest(fqme), replyTo),
        (result, error) -> info(result, error, ctx));
  }

  private static Info info(DaemonProtocol.CallResult result, Throwable error, ActorContext<Command> ctx) {
    if (result instanceof DaemonProtocol.Reply reply && reply.result() instanceof DatadProtocol.MktInfoReply info) {
      return new Info(info.mkt(), null);
    }
    if (result instanceof DaemonProtocol.Failure failure) {
      return new Info(null, failure.error());
    }
    return new Info(null, RemoteError.of(error != null ? error : new IllegalStateException("unexpected " + result),
        ctx.getSelf().path().toString()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Info.class, this::onInfo)
        .onMessage(FromSession.class, this::onSessionEvent)
        .onMessage(Gone.class, gone -> lost(RemoteError.of("SessionLost", "lost contact with datad, the feed of "
            + fqme + " (its node died, or it stopped)", getContext().getSelf().path().toString())))
        .onMessage(Close.class, this::onClose)
        .build();
  }

  private MktPair mkt;

  private Behavior<Command> onInfo(Info info) {
    if (info.error() != null) {
      return lost(info.error());
    }
    mkt = info.mkt();
    datad.tell(new DaemonProtocol.OpenSession(UUID.randomUUID().toString(), Endpoint.STREAM_QUOTES.wireName(), hello,
        new DatadProtocol.StreamParams(List.of(fqme), 0, WINDOW), opener));
    return this;
  }

  private Behavior<Command> onSessionEvent(FromSession from) {
    Session.Event event = from.event();
    if (event instanceof Session.Started started) {
      session = started.session();
      getContext().watchWith(session, new Gone());
      Quote startup = started.first() instanceof DatadProtocol.StreamStarted first && !first.startup().isEmpty()
          ? first.startup().get(0) : null;
      parent.tell(new Ready(fqme, mkt, startup));
    } else if (event instanceof Session.Message message) {
      onMessage(message.body());
    } else if (event instanceof Session.Ended ended) {
      return lost(ended.error() != null ? ended.error()
          : RemoteError.of("FeedEnded", "the feed of " + fqme + " ended", getContext().getSelf().path().toString()));
    } else if (event instanceof Session.Refused refused) {
      return lost(refused.error());
    }
    return this;
  }

  private void onMessage(Payload body) {
    if (body instanceof DatadProtocol.QuoteBatch batch) {
      parent.tell(new Quotes(fqme, batch.quotes()));
      if (++consumed >= WINDOW / 2) {
        session.tell(new Session.Send(new DatadProtocol.Credit(consumed)));
        consumed = 0;
      }
    } else if (body instanceof DatadProtocol.FeedNotice notice) {
      parent.tell(new Troubled(fqme, notice.error()));
    } else if (body instanceof DatadProtocol.Overrun overrun) {
      // an order book must know it missed ticks: a trigger may have been crossed unseen
      getContext().getLog().warn("feed of {} overran: {} quotes dropped", fqme, overrun.dropped());
    }
  }

  private Behavior<Command> onClose(Close close) {
    if (session != null) {
      session.tell(Session.cancelFrom(getContext().getSystem(), opener));
    }
    return Behaviors.stopped();
  }

  private Behavior<Command> lost(RemoteError error) {
    parent.tell(new Lost(fqme, error));
    return Behaviors.stopped();
  }
}
