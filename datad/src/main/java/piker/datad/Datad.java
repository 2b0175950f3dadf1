package piker.datad;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.ReceiveBuilder;
import piker.contracts.LocalOnly;
import piker.contracts.Payload;
import piker.contracts.daemon.Cookie;
import piker.contracts.daemon.DaemonBase;
import piker.contracts.daemon.DaemonLifetime;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Hello;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.endpoints.EndpointTable;
import piker.contracts.names.Fqme;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.DataClient;

/**
 * {@code datad.<broker>}: one backend's data side. A feed bus with one {@link Feed} per market shared
 * by every subscriber, a {@link QuoteSession} per subscriber, and market info and symbol search
 * served from the backend. It serves only the datad endpoints the backend implements and never
 * starts a brokerd.
 */
public final class Datad extends DaemonBase {
  private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

  private record FeedStopped(Fqme fqme, ActorRef<Feed.Command> feed) implements DaemonProtocol.Command, LocalOnly {}

  private final Backend backend;
  private final DataClient client;
  private final Duration feedIdle;
  private final Feed.Capacity barCapacity;
  private final ActorRef<BarStore.Command> store;
  private final Map<Fqme, ActorRef<Feed.Command>> feeds = new HashMap<>();
  private final KnownMarkets knownMarkets = new KnownMarkets();

  public static Behavior<DaemonProtocol.Command> create(DaemonSpec spec, Backend backend) {
    BackendContext context = new BackendContext(spec.settings(), spec.options());
    return DaemonLifetime.createAsync(spec, OPEN_TIMEOUT,
        ctx -> backend.openDataClient(context),
        (ctx, client) -> new Datad(ctx, spec, backend, client));
  }

  private Datad(ActorContext<DaemonProtocol.Command> ctx, DaemonSpec spec, Backend backend, DataClient client) {
    super(ctx, spec, EndpointTable.endpoints(backend, DaemonKind.DATAD));
    this.backend = backend;
    this.client = client;
    Config config = ctx.getSystem().settings().config();
    this.feedIdle = config.getDuration("piker.datad.feed-idle");
    int subscriberBuffer = config.getInt("piker.datad.subscriber-buffer");
    boolean history = EndpointTable.endpoints(backend, DaemonKind.DATAD).contains(Endpoint.OPEN_HISTORY_CLIENT);
    this.barCapacity = new Feed.Capacity(config.getInt("piker.datad.bars.seconds"),
        config.getInt("piker.datad.bars.minutes"),
        history ? config.getInt("piker.datad.backfill.seconds") : 0,
        history ? config.getInt("piker.datad.backfill.minutes") : 0, history);
    Set<Endpoint> exposed = EndpointTable.endpoints(backend, DaemonKind.DATAD);
    if (exposed.contains(Endpoint.GET_MKT_INFO)) {
      serveCall(Endpoint.GET_MKT_INFO, this::mktInfo);
    }
    if (exposed.contains(Endpoint.OPEN_SYMBOL_SEARCH)) {
      serveCall(Endpoint.OPEN_SYMBOL_SEARCH, this::search);
    }
    if (exposed.contains(Endpoint.READ_BARS)) {
      serveCall(Endpoint.READ_BARS, this::readBars);
    }
    this.store = ctx.spawn(BarStore.create(spec.settings().dataDir().resolve("history").resolve(backend.name()),
        config.getDuration("piker.datad.history.export-interval")), "bar-store", DispatcherSelector.blocking());
    ActorRef<DaemonProtocol.Command> samplerd = spec.dependencies().get(DaemonKind.SAMPLERD);
    if (samplerd != null) {
      Hello hello = Hello.of(Cookie.read(spec.settings().cookieFile()));
      ctx.spawn(Behaviors.supervise(SamplerLink.create(samplerd, spec.services(), hello, ctx.getSelf()))
          .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2)),
          "sampler-link");
    }
    if (exposed.contains(Endpoint.STREAM_QUOTES)) {
      ActorRef<DaemonProtocol.Command> self = ctx.getSelf();
      serveSession(Endpoint.STREAM_QUOTES, (session, params) -> QuoteSession.open(session, params, self,
          backend.name(), subscriberBuffer));
    }
  }

  @Override
  protected ReceiveBuilder<DaemonProtocol.Command> receive(ReceiveBuilder<DaemonProtocol.Command> builder) {
    return builder
        .onMessage(FeedMessages.AttachFeed.class, this::onAttachFeed)
        .onMessage(FeedMessages.FeedIdle.class, this::onFeedIdle)
        .onMessage(SamplerLink.Sampled.class, this::onSampled)
        .onMessage(FeedStopped.class, this::onFeedStopped);
  }

  private CompletionStage<? extends Payload> mktInfo(Payload request) {
    if (!(request instanceof DatadProtocol.MktInfoRequest info) || info.fqme() == null) {
      throw new IllegalArgumentException("get_mkt_info takes a MktInfoRequest with an fqme");
    }
    requireOwn(info.fqme());
    return knownMarkets.answer(info.fqme(), () -> client.mktInfo(info.fqme().bsFqme()))
        .thenApply(DatadProtocol.MktInfoReply::new);
  }

  private CompletionStage<? extends Payload> search(Payload request) {
    if (!(request instanceof DatadProtocol.SearchRequest search) || search.pattern() == null
        || search.pattern().isBlank()) {
      throw new IllegalArgumentException("open_symbol_search takes a non-empty pattern");
    }
    if (search.pattern().length() > DatadProtocol.MAX_SEARCH_PATTERN) {
      throw new IllegalArgumentException("a search pattern has at most " + DatadProtocol.MAX_SEARCH_PATTERN
          + " characters");
    }
    if (search.limit() < 1 || search.limit() > DatadProtocol.MAX_SEARCH_RESULTS) {
      throw new IllegalArgumentException("limit must be 1.." + DatadProtocol.MAX_SEARCH_RESULTS);
    }
    return client.search(search.pattern(), search.limit()).thenApply(DatadProtocol.SearchReply::new);
  }

  private CompletionStage<? extends Payload> readBars(Payload request) {
    if (!(request instanceof DatadProtocol.BarsRequest bars) || bars.fqme() == null) {
      throw new IllegalArgumentException("read_bars takes a BarsRequest with an fqme");
    }
    requireOwn(bars.fqme());
    if (bars.period() != 1 && bars.period() != 60) {
      throw new IllegalArgumentException("bars come in periods of 1 s and 60 s, not " + bars.period() + " s");
    }
    if (bars.count() < 1 || bars.count() > DatadProtocol.MAX_PAGE) {
      throw new IllegalArgumentException("count must be 1.." + DatadProtocol.MAX_PAGE + " a page");
    }
    if (bars.before() < 0) {
      throw new IllegalArgumentException("before must be an epoch second, or 0 for the newest bars");
    }
    ActorRef<Feed.Command> feed = feed(bars.fqme());
    return AskPattern.<Feed.Command, Feed.BarsRead>ask(feed,
            replyTo -> new Feed.ReadBars(bars.period(), bars.count(), bars.before(), replyTo), READ_TIMEOUT,
            getContext().getSystem().scheduler())
        .thenApply(read -> {
          if (read.error() != null) {
            throw read.error().toException();
          }
          return new DatadProtocol.BarsReply(read.bars(), read.held(), read.backfilling());
        });
  }

  private Behavior<DaemonProtocol.Command> onSampled(SamplerLink.Sampled sampled) {
    Feed.Sample sample = new Feed.Sample(sampled.step().period(), sampled.step().time());
    feeds.values().forEach(feed -> feed.tell(sample));
    return this;
  }

  private void requireOwn(Fqme fqme) {
    if (!fqme.broker().equals(backend.name())) {
      throw new IllegalArgumentException("fqme " + fqme + " is not a market of backend '" + backend.name() + "'");
    }
  }

  private Behavior<DaemonProtocol.Command> onAttachFeed(FeedMessages.AttachFeed attach) {
    feed(attach.fqme()).tell(new Feed.Subscribe(attach.session()));
    return this;
  }

  /** The market's feed, started on first use. */
  private ActorRef<Feed.Command> feed(Fqme fqme) {
    return feeds.computeIfAbsent(fqme, market -> {
      ActorRef<Feed.Command> spawned = getContext().spawnAnonymous(
          Feed.create(market, client, feedIdle, getContext().getSelf(), barCapacity, store));
      getContext().watchWith(spawned, new FeedStopped(market, spawned));
      return spawned;
    });
  }

  private Behavior<DaemonProtocol.Command> onFeedIdle(FeedMessages.FeedIdle idle) {
    feeds.remove(idle.fqme(), idle.feed());
    idle.feed().tell(new Feed.Retire());
    return this;
  }

  private Behavior<DaemonProtocol.Command> onFeedStopped(FeedStopped stopped) {
    feeds.remove(stopped.fqme(), stopped.feed());
    return this;
  }

  /** Every feed hands storage its closed bars, then the store exports Parquet and closes. */
  @Override
  protected CompletionStage<?> onStoppingAsync() {
    java.util.List<java.util.concurrent.CompletableFuture<Feed.Flushed>> flushes = new java.util.ArrayList<>();
    for (ActorRef<Feed.Command> feed : feeds.values()) {
      flushes.add(AskPattern.<Feed.Command, Feed.Flushed>ask(feed, Feed.Flush::new, READ_TIMEOUT,
          getContext().getSystem().scheduler()).toCompletableFuture());
    }
    ActorRef<BarStore.Command> closing = store;
    org.apache.pekko.actor.typed.Scheduler scheduler = getContext().getSystem().scheduler();
    return java.util.concurrent.CompletableFuture.allOf(flushes.toArray(java.util.concurrent.CompletableFuture[]::new))
        .exceptionally(error -> null)
        .thenCompose(done -> AskPattern.<BarStore.Command, BarStore.Closed>ask(closing, BarStore.Close::new,
            READ_TIMEOUT, scheduler));
  }

  @Override
  protected void onTerminated() {
    client.close();
  }
}
