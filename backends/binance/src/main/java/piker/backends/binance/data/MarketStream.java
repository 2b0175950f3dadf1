package piker.backends.binance.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.backends.binance.rest.BinanceRest;
import piker.backends.binance.ws.Keepalives;
import piker.backends.wire.PendingSubscribes;
import piker.backends.wire.WsLink;
import piker.contracts.RemoteError;
import piker.contracts.metrics.VenueMeters;

/**
 * One market-stream connection ({@code /stream?streams=}, combined) carrying the streams it is asked for
 * (docs/venues/binance.md 8 and 13.6). SUBSCRIBE and UNSUBSCRIBE go by integer id, each awaited; our
 * messages are paced under the per-second limit. The websocket itself (paced sends, the watchdog that pings
 * a quiet link and takes one silent for {@code deadAfter} as dead) is {@link WsLink}. A dropped link is
 * replaced with backoff and its streams restored; before the 24 h limit, and on serverShutdown, a second
 * connection takes the same streams and the old one closes once the new one is confirmed. Ticks both
 * links delivered meanwhile are dropped downstream by their ids ({@link MarketTape}).
 */
final class MarketStream {
  private static final Logger log = LoggerFactory.getLogger(MarketStream.class);
  /** Stream names in a URL or one SUBSCRIBE (13.3). */
  static final int NAMES_PER_MESSAGE = 200;
  static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
  /** Overlap of an old and a new connection while they are swapped. */
  private static final Duration SWAP_GRACE = Duration.ofSeconds(2);

  /** What arrives, with its receive time in server-clock nanoseconds. */
  interface Sink {
    void onMessage(StreamMessage message, long receivedNs);

    /** The link dropped (reconnecting): the quotes of {@code streams} (names as {@code btcusdt@trade}) may be stale. */
    void onTrouble(RemoteError error, Collection<String> streams);
  }

  /**
   * Binance's documented limits and our margins under them (13.3), shortened by tests: silence after which we
   * ping, silence taken for a dead link, connection age renewed at, reconnect backoff, our messages a second,
   * streams a connection. A drop is noticed within {@code deadAfter} even when no FIN or RST reaches us, and
   * the link is back one backoff later: 3 s + 1 s, inside the 5 s. That needs a server that answers
   * our pings; one that has not answered any is given {@link Keepalives#QUIET_DEAD_AFTER} of
   * silence instead (Binance documents only its own 20 s pings). A ping a second on a quiet link (none on a
   * busy one) leaves room under Binance's 5 messages a second.
   */
  record Tuning(Duration pingAfter, Duration deadAfter, Duration maxAge, Duration minBackoff, Duration maxBackoff,
                int messagesPerSecond, int streamsPerConnection) {
    static final Tuning BINANCE = new Tuning(Duration.ofSeconds(1), Duration.ofSeconds(3),
        Duration.ofHours(23).plusMinutes(50), Duration.ofSeconds(1), Duration.ofSeconds(60), 4, 1000);

    WsLink.Keepalive keepalive() {
      return Keepalives.of(pingAfter, deadAfter, maxAge);
    }
  }

  private final URI base;
  private final HttpClient http;
  private final ScheduledExecutorService timers;
  private final Sink sink;
  private final Tuning tuning;
  private final java.util.function.LongSupplier serverNowMs;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicLong ids = new AtomicLong();
  private final Set<String> wanted = new LinkedHashSet<>();
  private final Map<Long, CompletableFuture<Void>> replies = new ConcurrentHashMap<>();
  private WsLink current;
  private boolean connecting;
  private boolean closed;
  private long backoffMs;
  /** Subscriptions waiting for a connection to open: it carries them, by URL or SUBSCRIBE. */
  private final List<CompletableFuture<Void>> awaitingOpen = new ArrayList<>();
  /** Streams SUBSCRIBEd on the current link and not confirmed yet: a later subscriber of one hears that answer. */
  private final PendingSubscribes confirming = new PendingSubscribes(this);

  MarketStream(URI base, HttpClient http, ScheduledExecutorService timers, Sink sink, Tuning tuning,
               java.util.function.LongSupplier serverNowMs) {
    this.base = base;
    this.http = http;
    this.timers = timers;
    this.sink = sink;
    this.tuning = tuning;
    this.serverNowMs = serverNowMs;
    this.backoffMs = tuning.minBackoff().toMillis();
  }

  synchronized int streamCount() {
    return wanted.size();
  }

  /** Adds streams; completes when the venue has confirmed them. */
  synchronized CompletableFuture<Void> subscribe(Collection<String> names) {
    List<String> fresh = names.stream().filter(name -> !wanted.contains(name)).toList();
    wanted.addAll(fresh);
    if (current == null) {
      CompletableFuture<Void> opened = new CompletableFuture<>();
      awaitingOpen.add(opened);
      if (!connecting) {
        connect(false);
      }
      return opened;
    }
    WsLink link = current;
    return confirming.subscribe(names, fresh, asked -> {
      CompletableFuture<Void> answer = control(link, "SUBSCRIBE", asked); // one answer for the whole message
      Map<String, CompletableFuture<Void>> each = new java.util.LinkedHashMap<>();
      asked.forEach(name -> each.put(name, answer));
      return each;
    });
  }

  /** Drops streams; the connection closes when none is left. */
  synchronized void unsubscribe(Collection<String> names) {
    List<String> gone = names.stream().filter(wanted::remove).toList();
    if (current == null || gone.isEmpty()) {
      return;
    }
    if (wanted.isEmpty()) {
      WsLink link = current;
      current = null;
      confirming.clear();
      link.close();
      return;
    }
    control(current, "UNSUBSCRIBE", gone).exceptionally(error -> null);
  }

  /** SUBSCRIBE/UNSUBSCRIBE in messages of at most 200 names, each awaited by its id. */
  private CompletableFuture<Void> control(WsLink link, String method, List<String> names) {
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    for (int from = 0; from < names.size(); from += NAMES_PER_MESSAGE) {
      long id = ids.incrementAndGet();
      ObjectNode message = json.createObjectNode().put("method", method).put("id", id);
      names.subList(from, Math.min(names.size(), from + NAMES_PER_MESSAGE)).forEach(message.putArray("params")::add);
      CompletableFuture<Void> answer = new CompletableFuture<>();
      replies.put(id, answer);
      ScheduledFuture<?> timeout = timers.schedule(() -> answer.completeExceptionally(RemoteError.of("BinanceTimeout",
          "binance did not answer " + method + " " + names + " within " + REPLY_TIMEOUT.toSeconds() + " s",
          BinanceRest.SOURCE).toException()), REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      answer.whenComplete((ok, error) -> {
        timeout.cancel(false);
        replies.remove(id);
      });
      link.send(message.toString()).exceptionally(notSent -> null); // unsent: its reply times out
      answers.add(answer);
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
  }

  /** Opens a link carrying every wanted stream; a swap keeps the old one until the new one is confirmed. */
  private void connect(boolean swap) {
    connecting = true;
    List<String> names = List.copyOf(wanted);
    if (names.isEmpty()) {
      connecting = false;
      return;
    }
    List<String> inUrl = names.subList(0, Math.min(NAMES_PER_MESSAGE, names.size()));
    URI uri = URI.create(base + "/stream?streams=" + String.join("/", inUrl));
    WsLink.open(http, uri, Duration.ofSeconds(10), tuning.keepalive(), tuning.messagesPerSecond(), timers,
        new Frames()).whenComplete((link, error) -> opened(link, error, names, inUrl.size(), swap));
  }

  /**
   * Takes an opened link under the lock; the subscriptions waiting for it are completed after, outside it:
   * their callers go on to take their own locks, which may be held by a thread waiting for this one.
   */
  private void opened(WsLink link, Throwable error, List<String> names, int inUrl, boolean swap) {
    CompletableFuture<Void> confirmed;
    List<CompletableFuture<Void>> waiting;
    synchronized (this) {
      if (error != null || closed || link.isDown()) {
        if (link != null) {
          link.abort();
        }
        connecting = false;
        if (!closed) {
          log.warn("cannot reach binance's market streams at {}: {}", base, String.valueOf(error));
          scheduleReconnect(swap);
        }
        return;
      }
      WsLink old = current;
      current = link;
      confirming.clear();
      connecting = false;
      List<String> rest = names.subList(inUrl, names.size());
      // streams asked for while the link was opening are not in its URL
      List<String> later = wanted.stream().filter(name -> !names.contains(name)).toList();
      List<String> toSubscribe = new ArrayList<>(rest);
      toSubscribe.addAll(later);
      confirmed = toSubscribe.isEmpty() ? CompletableFuture.completedFuture(null)
          : control(link, "SUBSCRIBE", toSubscribe);
      // streams given up while the link was opening are in its URL or on their way: take them off again
      List<String> unwanted = names.stream().filter(name -> !wanted.contains(name)).toList();
      if (!unwanted.isEmpty()) {
        control(link, "UNSUBSCRIBE", unwanted).exceptionally(failed -> null);
      }
      waiting = List.copyOf(awaitingOpen);
      awaitingOpen.clear();
      if (old != null) {
        // the old link keeps flowing until the new one is confirmed and has had time to deliver
        confirmed.whenComplete((ok, failed) -> timers.schedule(old::close, SWAP_GRACE.toMillis(), TimeUnit.MILLISECONDS));
      }
    }
    confirmed.whenComplete((ok, failed) -> {
      if (failed == null) {
        synchronized (this) {
          backoffMs = tuning.minBackoff().toMillis();
        }
      }
      waiting.forEach(future -> {
        if (failed == null) {
          future.complete(null);
        } else {
          future.completeExceptionally(failed);
        }
      });
    });
  }

  private synchronized void dropped(WsLink link, String why) {
    if (closed || link != current) {
      return; // a link already swapped out, or ours closed on purpose
    }
    current = null;
    confirming.clear();
    log.warn("lost binance's market streams at {} ({}); reconnecting", base, why);
    VenueMeters.reconnecting("binance", "market");
    RemoteError trouble = RemoteError.of("BinanceDisconnected", "lost binance's market streams (" + why
        + "); reconnecting", BinanceRest.SOURCE);
    List<String> carried = List.copyOf(wanted);
    timers.execute(() -> sink.onTrouble(trouble, carried)); // never under this lock: the sink takes its owner's
    scheduleReconnect(false);
  }

  private void scheduleReconnect(boolean swap) {
    long delay = backoffMs;
    backoffMs = Math.min(backoffMs * 2, tuning.maxBackoff().toMillis());
    connecting = true;
    timers.schedule(() -> {
      synchronized (this) {
        if (!closed && (swap || current == null)) {
          connect(swap);
        } else {
          connecting = false;
        }
      }
    }, delay, TimeUnit.MILLISECONDS);
  }

  /** Replaces the current link before Binance cuts it (24 h) or because the server is going down. */
  private synchronized void rotate(WsLink link, String why) {
    if (closed || link != current || connecting) {
      return;
    }
    log.info("renewing binance's market stream connection ({})", why);
    connect(true);
  }

  void close() {
    synchronized (this) {
      closed = true;
      if (current != null) {
        current.close();
        current = null;
        confirming.clear();
      }
    }
    // outside the lock: a cancelled reply completes its subscribers' futures, which take their own locks
    replies.values().forEach(reply -> reply.cancel(false));
  }

  /** What one link hears: replies to our messages, serverShutdown, and market data for the sink. */
  private final class Frames implements WsLink.Handler {
    @Override
    public void onText(WsLink link, String text) {
      StreamMessage message;
      try {
        message = StreamMessage.parse(text); // trades and book tickers without a JSON tree: the hot path
      } catch (IOException e) {
        log.warn("binance's market stream sent something that is not JSON; ignored");
        return;
      }
      if (message instanceof StreamMessage.Reply reply) {
        CompletableFuture<Void> answer = replies.get(reply.id());
        if (answer != null) {
          if (reply.ok()) {
            answer.complete(null);
          } else {
            answer.completeExceptionally(RemoteError.of(reply.code(), reply.message(), BinanceRest.SOURCE)
                .toException());
          }
        }
        return;
      }
      if (message instanceof StreamMessage.ServerShutdown) {
        rotate(link, "binance announced a server shutdown");
        return;
      }
      sink.onMessage(message, serverNowMs.getAsLong() * 1_000_000);
    }

    @Override
    public void onDown(WsLink link, String why) {
      dropped(link, why);
    }

    @Override
    public void onAged(WsLink link) {
      rotate(link, "it is " + tuning.maxAge() + " old; binance ends connections at 24 h");
    }
  }
}
