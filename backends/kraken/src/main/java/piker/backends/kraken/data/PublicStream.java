package piker.backends.kraken.data;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.backends.kraken.Reconnects;
import piker.backends.kraken.data.ChannelRequests.Refusal;
import piker.backends.kraken.rest.Envelope;
import piker.backends.kraken.rest.KrakenRest;
import piker.backends.wire.PendingSubscribes;
import piker.backends.wire.WsLink;
import piker.contracts.RemoteError;
import piker.contracts.metrics.VenueMeters;

/**
 * One public WebSocket v2 connection carrying {@code ticker} (bbo) and {@code trade} for the pairs it is asked
 * for (docs/venues/kraken.md 8, 13.6): one {@code subscribe} per channel for a batch of symbols, each awaited
 * by its {@code req_id} until every symbol is acknowledged. Kraken's heartbeat (about once a second while
 * subscribed) keeps the link talking; the shared {@link WsLink} watchdog pings a quiet link and takes a silent
 * one as dead. A dropped link is replaced (a few quick attempts, then 5 s apart and doubling, as Kraken asks;
 * the backoff starts again only after the link stayed up a minute, and attempts stay under a per-window budget:
 * {@link Reconnects}) and every symbol subscribed again, with trade snapshots so the trades the gap missed are
 * recovered ({@link MarketTape} drops the ones already passed on).
 */
final class PublicStream {
  private static final Logger log = LoggerFactory.getLogger(PublicStream.class);
  /** Quick reconnects before the documented 5 s spacing. */
  private static final long[] QUICK_RETRIES_MS = {100, 500, 1000};
  private static final long SLOW_RETRY_MS = 5_000;
  private static final long MAX_RETRY_MS = 60_000;
  /** A refused subscription is asked for again along the same steps from 1 s: 1, 5, 10, 20, 40, 60 s. */
  private static final int RETRY_FROM_STEP = 2;

  /** The wait before the n-th reconnect in a row: 0.1, 0.5, 1 s, then 5 s doubling to 60 s. */
  static long backoffMs(int step) {
    return step < QUICK_RETRIES_MS.length ? QUICK_RETRIES_MS[step]
        : Math.min(MAX_RETRY_MS, SLOW_RETRY_MS << Math.min(4, step - QUICK_RETRIES_MS.length));
  }

  /** What arrives, one message at a time per connection. */
  interface Sink {
    void onMessage(WsMessage message);

    /** The link dropped (reconnecting), or {@code symbols} were refused: their quotes may be stale. */
    void onTrouble(RemoteError error, Collection<String> symbols);

    /** News of the venue that does not stop the quotes (its engine's status): they are as fresh as ever. */
    void onNotice(RemoteError notice);
  }

  /**
   * The watchdog's clocks: heartbeats come about every second while subscribed, so 2 s of silence earns a
   * ping and 4 s (5 s when the server never answered a ping) means the link is dead; no renewal age (Kraken
   * names none).
   */
  static final WsLink.Keepalive KEEPALIVE = new WsLink.Keepalive(Duration.ofSeconds(2), Duration.ofSeconds(4),
      Duration.ofDays(3650), Duration.ofSeconds(5)).withApplicationPing(Envelope.PING);

  private final URI uri;
  private final HttpClient http;
  private final ScheduledExecutorService timers;
  private final Sink sink;
  private final Set<String> wanted = new LinkedHashSet<>();
  private final List<Waiter> awaitingOpen = new ArrayList<>();
  private final ChannelRequests requests;
  /** Symbols asked for on the current link and not acknowledged yet: a later subscriber of one hears that answer. */
  private final PendingSubscribes acknowledging = new PendingSubscribes(this);
  private WsLink current;
  private boolean connecting;
  /** The engine's state as the last {@code status} message told it (online until one says otherwise). */
  private String engine = "online";
  private boolean closed;
  /** This link's pacing; its budget is shared by every public link of the client. */
  private final Reconnects reconnects;

  /** A subscriber waiting for a link to open, and the symbols it asked for: only their refusals are its own. */
  private record Waiter(CompletableFuture<Void> opened, List<String> symbols) {}

  PublicStream(URI uri, HttpClient http, ScheduledExecutorService timers, Sink sink,
               Reconnects reconnects) {
    this.reconnects = reconnects;
    this.uri = uri;
    this.http = http;
    this.timers = timers;
    this.sink = sink;
    this.requests = new ChannelRequests(timers);
  }

  synchronized int symbolCount() {
    return wanted.size();
  }

  synchronized boolean carries(String symbol) {
    return wanted.contains(symbol);
  }

  /** Adds symbols (WS v2 names); completes when Kraken has acknowledged both channels for each. */
  synchronized CompletableFuture<Void> subscribe(Collection<String> symbols) {
    List<String> fresh = symbols.stream().filter(wanted::add).toList();
    if (current == null) {
      CompletableFuture<Void> opened = new CompletableFuture<>();
      awaitingOpen.add(new Waiter(opened, List.copyOf(symbols)));
      if (!connecting) {
        long wait = reconnects.firstDelayMs(); // a first connection counts against Kraken's limit too
        if (wait <= 0) {
          connect();
        } else {
          connectAfter(wait);
        }
      }
      return opened;
    }
    WsLink link = current;
    return acknowledging.subscribe(symbols, fresh, asked -> {
      CompletableFuture<List<Refusal>> answers = requests.request(link, "subscribe", asked);
      Map<String, CompletableFuture<Void>> each = new java.util.LinkedHashMap<>();
      asked.forEach(symbol -> each.put(symbol, answers.thenCompose(refused -> ChannelRequests.allTaken(refused.stream()
          .filter(refusal -> refusal.symbol().equals(symbol)).toList()))));
      return each;
    });
  }

  /** Drops symbols; the connection closes when none is left. */
  synchronized void unsubscribe(Collection<String> symbols) {
    List<String> gone = symbols.stream().filter(wanted::remove).toList();
    if (current == null || gone.isEmpty()) {
      return;
    }
    if (wanted.isEmpty()) {
      WsLink link = current;
      current = null;
      acknowledging.clear();
      link.close();
      return;
    }
    requests.request(current, "unsubscribe", gone).exceptionally(error -> List.of());
  }

  private void connect() {
    connecting = true;
    WsLink.open(http, uri, Duration.ofSeconds(10), KEEPALIVE, 0, timers, new Frames())
        .whenComplete(this::opened);
  }

  /** Takes an opened link and subscribes everything wanted; waiting subscribers are completed outside the lock. */
  private void opened(WsLink link, Throwable error) {
    CompletableFuture<List<Refusal>> confirmed;
    List<Waiter> waiting;
    synchronized (this) {
      connecting = false;
      if (error != null || closed || link.isDown()) {
        if (link != null) {
          link.abort();
        }
        if (!closed) {
          log.warn("cannot reach kraken's public websocket at {}: {}", uri,
              error != null ? error.toString() : "it closed as it opened");
          scheduleReconnect();
        }
        return;
      }
      current = link;
      acknowledging.clear();
      confirmed = wanted.isEmpty() ? CompletableFuture.completedFuture(List.of())
          : requests.request(link, "subscribe", List.copyOf(wanted));
      waiting = List.copyOf(awaitingOpen);
      awaitingOpen.clear();
    }
    confirmed.whenComplete((refused, failed) -> {
      // first the callers waiting for this link, each with the refusals of its own symbols: one refused drops its
      // symbols before any is asked for again
      for (Waiter waiter : waiting) {
        CompletableFuture<Void> answer = failed != null ? CompletableFuture.failedFuture(failed)
            : ChannelRequests.allTaken(refused.stream().filter(each -> waiter.symbols().contains(each.symbol()))
                .toList());
        answer.whenComplete((ok, refusal) -> {
          if (refusal == null) {
            waiter.opened().complete(null);
          } else {
            waiter.opened().completeExceptionally(refusal);
          }
        });
      }
      if (failed != null) {
        notSubscribed(link, failed);
        return;
      }
      reconnects.up(); // the link took its subscribes (some may be asked for again): the backoff may start over
      retryLater(link, refused, 0);
    });
  }

  private synchronized void dropped(WsLink link, String why) {
    if (closed || link != current) {
      return;
    }
    current = null;
    acknowledging.clear();
    log.warn("lost kraken's public websocket at {} ({}); reconnecting", uri, why);
    VenueMeters.reconnecting("kraken", "public");
    RemoteError trouble = RemoteError.of("KrakenDisconnected", "lost kraken's public websocket (" + why
        + "); reconnecting", KrakenRest.SOURCE);
    List<String> carried = List.copyOf(wanted);
    timers.execute(() -> sink.onTrouble(trouble, carried)); // never under this lock: the sink takes its owner's
    reconnects.down();
    scheduleReconnect();
  }

  /**
   * Symbols a link's subscribes were refused for (a market halted, a server busy) would stay silent: the trouble
   * is told, and each is asked for again on the same link, 1 s later, then 5 s doubling to a minute, for as long
   * as it is wanted (a first subscriber hears the refusal itself and drops its symbols). The others stream meanwhile.
   */
  private void retryLater(WsLink link, List<Refusal> refusals, int attempt) {
    List<Refusal> refused;
    synchronized (this) {
      refused = refusals.stream().filter(each -> wanted.contains(each.symbol())).toList();
    }
    if (refused.isEmpty()) {
      return;
    }
    long delay = backoffMs(RETRY_FROM_STEP + attempt);
    String which = refused.stream().map(each -> each.channel() + " " + each.symbol() + ": " + each.error())
        .distinct().collect(java.util.stream.Collectors.joining("; "));
    log.warn("kraken refused subscriptions on its public websocket ({}); asking again in {} ms", which, delay);
    RemoteError trouble = RemoteError.of("KrakenNotSubscribed", "kraken refused the subscriptions (" + which
        + "); asking again in " + delay + " ms", KrakenRest.SOURCE);
    List<String> refusedSymbols = refused.stream().map(Refusal::symbol).distinct().toList();
    timers.execute(() -> sink.onTrouble(trouble, refusedSymbols)); // the others stream on
    timers.schedule(() -> {
      List<CompletableFuture<List<Refusal>>> again = new ArrayList<>();
      synchronized (this) {
        if (closed || link != current) {
          return; // a new link subscribes everything wanted
        }
        for (String channel : List.of("trade", "ticker")) {
          List<String> symbols = refused.stream().filter(each -> each.channel().equals(channel))
              .map(Refusal::symbol).filter(wanted::contains).distinct().toList();
          if (!symbols.isEmpty()) {
            again.add(requests.send(link, "subscribe", channel, symbols));
          }
        }
      }
      ChannelRequests.gather(again).whenComplete((stillRefused, failed) -> {
        if (failed != null) {
          notSubscribed(link, failed);
        } else {
          retryLater(link, stillRefused, attempt + 1);
        }
      });
    }, delay, TimeUnit.MILLISECONDS);
  }

  /**
   * A link's subscribes went unanswered (or were refused whole): the feeds it should carry would stay silent, so
   * the trouble is told and the link replaced, with the reconnect backoff.
   */
  private synchronized void notSubscribed(WsLink link, Throwable failed) {
    if (closed || link != current) {
      return;
    }
    current = null;
    acknowledging.clear();
    String why = RemoteError.of(failed, KrakenRest.SOURCE).describe();
    log.warn("kraken's public websocket at {} did not take the subscriptions: {}; connecting again", uri, why);
    RemoteError trouble = RemoteError.of("KrakenNotSubscribed", "kraken did not take the market subscriptions ("
        + why + "); connecting again", KrakenRest.SOURCE);
    List<String> carried = List.copyOf(wanted);
    timers.execute(() -> sink.onTrouble(trouble, carried));
    link.close();
    reconnects.down();
    scheduleReconnect();
  }

  /**
   * The engine's state from a {@code status} message (each link's first, and any change): one that is not online
   * is told as trouble, and so is its end, once the engine is online again, so a feed's subscribers do not keep
   * the last notice for the state of things.
   */
  private void engineStatus(String system) {
    String before;
    synchronized (this) {
      before = engine;
      engine = system;
    }
    if (!system.equals("online")) {
      sink.onNotice(RemoteError.of("KrakenStatus", "kraken's engine is " + system
          + " (quotes go on; orders may be refused)", KrakenRest.SOURCE));
    } else if (!before.equals("online")) {
      sink.onNotice(RemoteError.of("KrakenStatus", "kraken's engine is online again (it was " + before + ")",
          KrakenRest.SOURCE));
    }
  }

  private void scheduleReconnect() {
    connectAfter(reconnects.nextDelayMs());
  }

  private void connectAfter(long delay) {
    connecting = true;
    timers.schedule(() -> {
      synchronized (this) {
        if (!closed && current == null && !(wanted.isEmpty() && awaitingOpen.isEmpty())) {
          connect();
        } else {
          connecting = false;
        }
      }
    }, delay, TimeUnit.MILLISECONDS);
  }

  void close() {
    synchronized (this) {
      closed = true;
      if (current != null) {
        current.close();
        current = null;
        acknowledging.clear();
      }
    }
    requests.cancelAll();
  }

  /** What one link hears: acknowledgements of our requests, the engine's status, and market data for the sink. */
  private final class Frames implements WsLink.Handler {
    @Override
    public void onText(WsLink link, String text) {
      WsMessage message;
      try {
        message = WsMessage.parse(text);
      } catch (IOException | RuntimeException e) {
        log.warn("kraken's public websocket sent something we cannot read; ignored: {}", e.getMessage());
        return;
      }
      if (message instanceof WsMessage.Reply reply) {
        requests.acknowledged(reply);
      } else if (message instanceof WsMessage.Status status) {
        engineStatus(status.system());
      } else if (message instanceof WsMessage.Batch) {
        sink.onMessage(message);
      }
    }

    @Override
    public void onDown(WsLink link, String why) {
      dropped(link, why);
    }
  }
}
