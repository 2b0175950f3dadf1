package piker.contracts.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.ReceiveBuilder;
import piker.contracts.LocalOnly;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonBase;
import piker.contracts.daemon.DaemonLifetime;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Session;
import piker.contracts.daemon.SessionContext;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.names.Fqme;

/**
 * A datad for protocol tests of its clients (emsd, paperboi): it knows the markets it is given,
 * starts every stream with the startup quote it holds, and sends each {@link Push}ed quote to every
 * stream of that market, like a venue tick would arrive.
 */
public final class ScriptedDatad extends DaemonBase {

  /** A quote from the "venue"; it also becomes the market's startup quote for later streams. */
  public record Push(Quote quote) implements DaemonProtocol.Command, LocalOnly {}

  /** Trouble with a market's stream (a dropped venue link), told to its streams as datad tells it. */
  public record Notice(Fqme fqme, RemoteError error) implements DaemonProtocol.Command, LocalOnly {}

  private record Tell(DatadProtocol.FeedNotice notice) implements Session.Input, LocalOnly {}

  /** A stream registers with the datad; {@code startedWith} is the quote it began with, if any. */
  private record Subscribed(Fqme fqme, ActorRef<Session.Input> session, Quote startedWith)
      implements DaemonProtocol.Command, LocalOnly {}

  private record Deliver(Quote quote) implements Session.Input, LocalOnly {}

  private final Map<Fqme, MktPair> markets;
  private final Map<Fqme, Quote> startup;
  private final Map<Fqme, List<ActorRef<Session.Input>>> streams = new java.util.HashMap<>();

  public static Behavior<DaemonProtocol.Command> create(DaemonSpec spec, List<MktPair> markets, List<Quote> startup) {
    return DaemonLifetime.create(spec, ctx -> new ScriptedDatad(ctx, spec, markets, startup));
  }

  private ScriptedDatad(ActorContext<DaemonProtocol.Command> ctx, DaemonSpec spec, List<MktPair> markets,
                        List<Quote> startup) {
    super(ctx, spec, Set.of(Endpoint.GET_MKT_INFO, Endpoint.STREAM_QUOTES));
    this.markets = new java.util.HashMap<>();
    markets.forEach(mkt -> this.markets.put(mkt.fqme(), mkt));
    // read by the streams' own actors when they start: a concurrent map
    this.startup = new java.util.concurrent.ConcurrentHashMap<>();
    startup.forEach(quote -> this.startup.put(quote.fqme(), quote));
    ActorRef<DaemonProtocol.Command> self = ctx.getSelf();
    serveCall(Endpoint.GET_MKT_INFO, request -> {
      Fqme fqme = ((DatadProtocol.MktInfoRequest) request).fqme();
      MktPair mkt = this.markets.get(fqme);
      if (mkt == null) {
        throw RemoteError.of("UnknownMarket", "no market " + fqme, "scripted-datad").toException();
      }
      return CompletableFuture.completedFuture(new DatadProtocol.MktInfoReply(mkt));
    });
    serveSession(Endpoint.STREAM_QUOTES, (session, params) -> stream(session, params, self));
  }

  private Behavior<Session.Input> stream(SessionContext session, piker.contracts.Payload params,
                                         ActorRef<DaemonProtocol.Command> self) {
    Fqme fqme = ((DatadProtocol.StreamParams) params).fqmes().get(0);
    Quote startedWith = startup.get(fqme);
    session.started(new DatadProtocol.StreamStarted(startedWith == null ? List.of() : List.of(startedWith)));
    self.tell(new Subscribed(fqme, session.self(), startedWith));
    long[] seq = {0};
    return Behaviors.receive(Session.Input.class)
        .onMessage(Deliver.class, deliver -> {
          session.send(new DatadProtocol.QuoteBatch(++seq[0], List.of(deliver.quote())));
          return Behaviors.same();
        })
        .onMessage(Tell.class, tell -> {
          session.send(tell.notice());
          return Behaviors.same();
        })
        .onMessage(Session.Send.class, credit -> Behaviors.same())
        .build();
  }

  @Override
  protected ReceiveBuilder<DaemonProtocol.Command> receive(ReceiveBuilder<DaemonProtocol.Command> builder) {
    return builder
        .onMessage(Subscribed.class, subscribed -> {
          streams.computeIfAbsent(subscribed.fqme(), f -> new ArrayList<>()).add(subscribed.session());
          // a quote pushed after the stream started but before it registered would be lost: send it now
          Quote latest = startup.get(subscribed.fqme());
          if (latest != null && latest != subscribed.startedWith()) {
            subscribed.session().tell(new Deliver(latest));
          }
          return this;
        })
        .onMessage(Push.class, push -> {
          startup.put(push.quote().fqme(), push.quote());
          streams.getOrDefault(push.quote().fqme(), List.of()).forEach(s -> s.tell(new Deliver(push.quote())));
          return this;
        })
        .onMessage(Notice.class, notice -> {
          streams.getOrDefault(notice.fqme(), List.of())
              .forEach(s -> s.tell(new Tell(new DatadProtocol.FeedNotice(notice.fqme(), notice.error()))));
          return this;
        });
  }

  @Override
  protected void onSessionEnded(ActorRef<Session.Input> session) {
    streams.values().forEach(list -> list.remove(session));
  }
}
