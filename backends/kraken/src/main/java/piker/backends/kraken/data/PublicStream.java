package piker.backends.kraken.data;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.backends.kraken.Reconnects;
import piker.backends.kraken.rest.Envelope;
import piker.backends.kraken.rest.KrakenErrors;
import piker.backends.kraken.rest.KrakenRest;
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
  /** Symbols in one subscribe (ours: the docs name no limit; a list is accepted). */
  static final int SYMBOLS_PER_MESSAGE = 50;
  static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
  /** Quick reconnects before the documented 5 s spacing. */
  private static final long[] QUICK_RETRIES_MS = {100, 500, 1000};
  private static final long SLOW_RETRY_MS = 5_000;
  private static final long MAX_RETRY_MS = 60_000;

  /** The wait before the n-th reconnect in a row: 0.1, 0.5, 1 s, then 5 s doubling to 60 s. */
  static long backoffMs(int step) {
    return step < QUICK_RETRIES_MS.length ? QUICK_RETRIES_MS[step]
        : Math.min(MAX_RETRY_MS, SLOW_RETRY_MS << Math.min(4, step - QUICK_RETRIES_MS.length));
  }

  /** What arrives, one message at a time per connection. */
  interface Sink {
    void onMessage(WsMessage message);

    /** The link dropped (reconnecting) or the engine is not online. */
    void onTrouble(RemoteError error);
  }

  /**
   * The watchdog's clocks: heartbeats come about every second while subscribed, so 2 s of silence earns a
   * ping and 4 s (5 s when the server never answered a ping) means the link is dead; no renewal age (Kraken
   * names none).
   */
  static final WsLink.Keepalive KEEPALIVE = new WsLink.Keepalive(Duration.ofSeconds(2), Duration.ofSeconds(4),
      Duration.ofDays(3650), Duration.ofSeconds(5));

  private final URI uri;
  private final HttpClient http;
  private final ScheduledExecutorService timers;
  private final Sink sink;
  private final AtomicLong reqIds = new AtomicLong();
  private final Set<String> wanted = new LinkedHashSet<>();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final List<CompletableFuture<Void>> awaitingOpen = new ArrayList<>();
  private WsLink current;
  private boolean connecting;
  private boolean closed;
  /** This link's pacing; its budget is shared by every public link of the client. */
  private final Reconnects reconnects;

  /** A request awaiting one acknowledgement per symbol. */
  private record Pending(CompletableFuture<Void> done, AtomicInteger left) {}

  PublicStream(URI uri, HttpClient http, ScheduledExecutorService timers, Sink sink,
               Reconnects reconnects) {
    this.reconnects = reconnects;
    this.uri = uri;
    this.http = http;
    this.timers = timers;
    this.sink = sink;
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
      awaitingOpen.add(opened);
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
    return fresh.isEmpty() ? CompletableFuture.completedFuture(null) : request(current, "subscribe", fresh);
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
      link.close();
      return;
    }
    request(current, "unsubscribe", gone).exceptionally(error -> null);
  }

  /** {@code method} for both channels, in batches; completes when every symbol of every batch is acknowledged. */
  private CompletableFuture<Void> request(WsLink link, String method, List<String> symbols) {
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    for (int from = 0; from < symbols.size(); from += SYMBOLS_PER_MESSAGE) {
      List<String> batch = symbols.subList(from, Math.min(symbols.size(), from + SYMBOLS_PER_MESSAGE));
      // trade before ticker: the trade snapshot (history, or what a reconnect missed) is read before the
      // ticker snapshot that starts a market, so every trade after it arrives as an update
      answers.add(send(link, method, channel("trade", batch).put("snapshot", true), batch.size()));
      answers.add(send(link, method, channel("ticker", batch).put("event_trigger", "bbo").put("snapshot", true),
          batch.size()));
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
  }

  private static ObjectNode channel(String name, List<String> symbols) {
    ObjectNode params = Envelope.JSON.createObjectNode().put("channel", name);
    symbols.forEach(params.putArray("symbol")::add);
    return params;
  }

  private CompletableFuture<Void> send(WsLink link, String method, ObjectNode params, int acks) {
    long reqId = reqIds.incrementAndGet();
    ObjectNode message = Envelope.JSON.createObjectNode().put("method", method);
    message.set("params", params);
    message.put("req_id", reqId);
    CompletableFuture<Void> done = new CompletableFuture<>();
    pending.put(reqId, new Pending(done, new AtomicInteger(acks)));
    ScheduledFuture<?> timeout = timers.schedule(() -> done.completeExceptionally(RemoteError.of("KrakenTimeout",
        "kraken did not acknowledge " + method + " " + params.path("channel").asText() + " " + params.path("symbol")
            + " within " + REPLY_TIMEOUT.toSeconds() + " s", KrakenRest.SOURCE).toException()),
        REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    done.whenComplete((ok, error) -> {
      timeout.cancel(false);
      pending.remove(reqId);
    });
    link.send(message.toString()).exceptionally(notSent -> null); // unsent: its acknowledgement times out
    return done;
  }

  private void connect() {
    connecting = true;
    WsLink.open(http, uri, Duration.ofSeconds(10), KEEPALIVE, 0, timers, new Frames())
        .whenComplete(this::opened);
  }

  /** Takes an opened link and subscribes everything wanted; waiting subscribers are completed outside the lock. */
  private void opened(WsLink link, Throwable error) {
    CompletableFuture<Void> confirmed;
    List<CompletableFuture<Void>> waiting;
    synchronized (this) {
      connecting = false;
      if (error != null || closed || link.isDown()) {
        if (link != null) {
          link.abort();
        }
        if (!closed) {
          log.warn("cannot reach kraken's public websocket at {}: {}", uri, String.valueOf(error));
          scheduleReconnect();
        }
        return;
      }
      current = link;
      confirmed = wanted.isEmpty() ? CompletableFuture.completedFuture(null)
          : request(link, "subscribe", List.copyOf(wanted));
      waiting = List.copyOf(awaitingOpen);
      awaitingOpen.clear();
    }
    confirmed.whenComplete((ok, failed) -> {
      if (failed == null) {
        reconnects.up(); // the backoff starts again only once it stayed up a while (Reconnects)
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
      return;
    }
    current = null;
    log.warn("lost kraken's public websocket at {} ({}); reconnecting", uri, why);
    VenueMeters.reconnecting("kraken", "public");
    RemoteError trouble = RemoteError.of("KrakenDisconnected", "lost kraken's public websocket (" + why
        + "); reconnecting", KrakenRest.SOURCE);
    timers.execute(() -> sink.onTrouble(trouble)); // never under this lock: the sink takes its owner's
    reconnects.down();
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    connectAfter(reconnects.nextDelayMs());
  }

  private void connectAfter(long delay) {
    connecting = true;
    timers.schedule(() -> {
      synchronized (this) {
        if (!closed && current == null) {
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
      }
    }
    pending.values().forEach(request -> request.done().cancel(false));
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
        acknowledged(reply);
      } else if (message instanceof WsMessage.Status status && !status.system().equals("online")) {
        sink.onTrouble(RemoteError.of("KrakenStatus", "kraken's engine is " + status.system()
            + " (quotes go on; orders may be refused)", KrakenRest.SOURCE));
      } else if (message instanceof WsMessage.Batch) {
        sink.onMessage(message);
      }
    }

    private void acknowledged(WsMessage.Reply reply) {
      Pending request = pending.get(reply.reqId());
      if (request == null) {
        return;
      }
      if (!reply.success()) {
        String error = reply.error().isEmpty() ? "EGeneral:Invalid arguments" : reply.error();
        request.done().completeExceptionally(KrakenErrors.of(error, KrakenRest.SOURCE).toException());
      } else if (request.left().decrementAndGet() <= 0) {
        request.done().complete(null);
      }
    }

    @Override
    public void onDown(WsLink link, String why) {
      dropped(link, why);
    }
  }
}
