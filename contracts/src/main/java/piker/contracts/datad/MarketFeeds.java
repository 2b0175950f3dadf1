package piker.contracts.datad;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import piker.contracts.LocalOnly;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;

/**
 * A daemon's quote feeds (emsd's trigger books, paperboi's clearing), one {@link QuoteFeed} child per
 * market it wants, of any broker's datad: found or started through the service manager on first need,
 * watched, and found again when it stopped.
 *
 * <p>It lives inside its owner actor, on the owner's thread: the owner routes every {@link Message} to
 * {@link #onMessage} and acts on the {@link Update}s it returns (no extra hop on the quote path). A market
 * that never became ready ends in {@link Failed} and is forgotten; one that was ready and lost its feed
 * ends in {@link Lost} and is opened again after {@code reopenDelay} unless the owner {@link #close}s it.
 */
public final class MarketFeeds {
  public static final Duration DATAD_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration REOPEN_DELAY = Duration.ofSeconds(1);

  /** What the owner routes here: its feeds' events, datad lookups and stops, reopen timers. */
  public sealed interface Message extends DaemonProtocol.Command, LocalOnly {}

  private record FromFeed(QuoteFeed.Event event) implements Message {}

  private record DatadFound(String broker, ActorRef<DaemonProtocol.Command> datad, RemoteError error)
      implements Message {}

  private record DatadStopped(String broker, ActorRef<DaemonProtocol.Command> datad) implements Message {}

  private record Reopen(Fqme fqme) implements Message {}

  /** A closed feed has stopped: events of that market are the next feed's from now on. */
  private record FeedClosed(Fqme fqme) implements Message {}

  /** What the owner is told. */
  public sealed interface Update extends LocalOnly {
    Fqme fqme();
  }

  /** The market's details and the quote its feed started with (null when datad had none). */
  public record Ready(Fqme fqme, MktPair mkt, Quote startup) implements Update {}

  public record Quotes(Fqme fqme, List<Quote> quotes) implements Update {}

  /** The market never became ready (unknown, no datad, its feed refused); it is forgotten. */
  public record Failed(Fqme fqme, RemoteError error) implements Update {}

  /** A ready market's feed ended; it opens again after the reopen delay unless the owner closes it. */
  public record Lost(Fqme fqme, RemoteError error) implements Update {}

  /** datad told of trouble with a ready market's stream: its last quotes may be stale until the next one. */
  public record Troubled(Fqme fqme, RemoteError error) implements Update {}

  /** One wanted market: its feed (null while none runs), whether it was ever ready, whether it waits for datad. */
  private static final class Feed {
    ActorRef<QuoteFeed.Command> ref;
    boolean ready;
    boolean awaitingDatad;
  }

  private final ActorContext<DaemonProtocol.Command> ctx;
  private final Hello hello;
  private final Optional<ActorRef<ServicesProtocol.Command>> services;
  private final String source;
  private final Duration reopenDelay;
  private final ActorRef<QuoteFeed.Event> feedAdapter;
  private final Map<Fqme, Feed> feeds = new HashMap<>();
  /** Feeds told to close and not yet stopped: their late events are dropped, their market's next feed waits. */
  private final Map<Fqme, ActorRef<QuoteFeed.Command>> closing = new HashMap<>();
  private final Map<String, ActorRef<DaemonProtocol.Command>> datads = new HashMap<>();
  private final Set<String> lookingUp = new HashSet<>();

  public MarketFeeds(ActorContext<DaemonProtocol.Command> ctx, Hello hello,
                     Optional<ActorRef<ServicesProtocol.Command>> services, String source) {
    this(ctx, hello, services, source, REOPEN_DELAY);
  }

  public MarketFeeds(ActorContext<DaemonProtocol.Command> ctx, Hello hello,
                     Optional<ActorRef<ServicesProtocol.Command>> services, String source, Duration reopenDelay) {
    this.ctx = ctx;
    this.hello = hello;
    this.services = services;
    this.source = source;
    this.reopenDelay = reopenDelay;
    this.feedAdapter = ctx.messageAdapter(QuoteFeed.Event.class, FromFeed::new);
  }

  /** Wants the market: opens its feed unless one runs or is on its way; the owner hears {@link Ready} or {@link Failed}. */
  public void open(Fqme fqme) {
    Feed feed = feeds.computeIfAbsent(fqme, f -> new Feed());
    if (feed.ref == null && !feed.awaitingDatad && !closing.containsKey(fqme)) {
      start(fqme, feed);
    }
  }

  /** No longer wants the market: its feed is closed and no reopen follows. */
  public void close(Fqme fqme) {
    Feed feed = feeds.remove(fqme);
    if (feed != null && feed.ref != null) {
      feed.ref.tell(new QuoteFeed.Close());
      closing.put(fqme, feed.ref);
      ctx.watchWith(feed.ref, new FeedClosed(fqme));
    }
  }

  /** Handles one of this component's messages; returns what the owner must act on, in order. */
  public List<Update> onMessage(Message message) {
    if (message instanceof FromFeed from) {
      return onFeed(from.event());
    }
    if (message instanceof DatadFound found) {
      return onDatadFound(found);
    }
    if (message instanceof DatadStopped stopped) {
      // found (or started) again through the service manager when a feed next needs it
      datads.remove(stopped.broker(), stopped.datad());
    } else if (message instanceof Reopen reopen) {
      Feed feed = feeds.get(reopen.fqme());
      if (feed != null && feed.ref == null && !feed.awaitingDatad) {
        start(reopen.fqme(), feed);
      }
    } else if (message instanceof FeedClosed closed) {
      closing.remove(closed.fqme());
      Feed feed = feeds.get(closed.fqme());
      if (feed != null && feed.ref == null && !feed.awaitingDatad) {
        start(closed.fqme(), feed);
      }
    }
    return List.of();
  }

  private List<Update> onFeed(QuoteFeed.Event event) {
    Feed feed = feeds.get(event.fqme());
    if (feed == null || closing.containsKey(event.fqme())) {
      return List.of();
    }
    if (event instanceof QuoteFeed.Quotes quotes) {
      return List.of(new Quotes(quotes.fqme(), quotes.quotes()));
    }
    if (event instanceof QuoteFeed.Ready ready) {
      feed.ready = true;
      return List.of(new Ready(ready.fqme(), ready.mkt(), ready.startup()));
    }
    if (event instanceof QuoteFeed.Troubled troubled) {
      return List.of(new Troubled(troubled.fqme(), troubled.error()));
    }
    QuoteFeed.Lost lost = (QuoteFeed.Lost) event;
    feed.ref = null;
    if (!feed.ready) {
      feeds.remove(lost.fqme());
      return List.of(new Failed(lost.fqme(), lost.error()));
    }
    ctx.scheduleOnce(reopenDelay, ctx.getSelf(), new Reopen(lost.fqme()));
    return List.of(new Lost(lost.fqme(), lost.error()));
  }

  private void start(Fqme fqme, Feed feed) {
    ActorRef<DaemonProtocol.Command> datad = datads.get(fqme.broker());
    if (datad != null) {
      feed.ref = ctx.spawnAnonymous(QuoteFeed.create(datad, hello, fqme, feedAdapter),
          DispatcherSelector.sameAsParent());
      return;
    }
    feed.awaitingDatad = true;
    findDatad(fqme.broker());
  }

  private void findDatad(String broker) {
    if (!lookingUp.add(broker)) {
      return;
    }
    if (services.isEmpty()) {
      // answered as a message, like a lookup: the owner has recorded what waits before it hears
      ctx.getSelf().tell(new DatadFound(broker, null, RemoteError.of("NoDatad",
          "this daemon runs without a service manager: it has no datad." + broker + " for quotes", source)));
      return;
    }
    ServiceName name = ServiceName.of(DaemonKind.DATAD, broker);
    ctx.ask(ServicesProtocol.SpawnReply.class, services.get(), DATAD_TIMEOUT,
        replyTo -> new ServicesProtocol.SpawnInternal(name, replyTo),
        (reply, error) -> reply instanceof ServicesProtocol.Spawned spawned
            ? new DatadFound(broker, spawned.ref(), null)
            : new DatadFound(broker, null, reply instanceof ServicesProtocol.SpawnFailed failed ? failed.error()
                : RemoteError.of(error != null ? error : new IllegalStateException("unexpected " + reply), source)));
  }

  private List<Update> onDatadFound(DatadFound found) {
    lookingUp.remove(found.broker());
    if (found.datad() != null && !found.datad().equals(datads.get(found.broker()))) {
      datads.put(found.broker(), found.datad());
      ctx.watchWith(found.datad(), new DatadStopped(found.broker(), found.datad()));
    }
    if (found.error() != null) {
      ctx.getLog().warn("no datad.{}: {}", found.broker(), found.error().describe());
    }
    List<Update> updates = new ArrayList<>();
    Iterator<Map.Entry<Fqme, Feed>> waiting = feeds.entrySet().iterator();
    while (waiting.hasNext()) {
      Map.Entry<Fqme, Feed> entry = waiting.next();
      Feed feed = entry.getValue();
      if (!feed.awaitingDatad || !entry.getKey().broker().equals(found.broker())) {
        continue;
      }
      feed.awaitingDatad = false;
      if (found.datad() != null) {
        start(entry.getKey(), feed);
      } else if (feed.ready) {
        // a market the owner holds orders in: keep trying, as after a lost feed
        ctx.scheduleOnce(reopenDelay, ctx.getSelf(), new Reopen(entry.getKey()));
      } else {
        waiting.remove();
        updates.add(new Failed(entry.getKey(), found.error()));
      }
    }
    return updates;
  }
}
