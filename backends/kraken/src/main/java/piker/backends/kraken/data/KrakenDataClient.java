package piker.backends.kraken.data;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import piker.backends.kraken.KrakenSettings;
import piker.backends.kraken.Reconnects;
import piker.backends.kraken.exchange.KrakenPair;
import piker.backends.kraken.rest.KrakenRest;
import piker.contracts.RemoteError;
import piker.contracts.market.Bar;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.SymbolMatch;
import piker.contracts.spi.DataClient;

/**
 * Kraken spot's data side (docs/venues/kraken.md 13.1, 13.2): markets and search from {@code AssetPairs}
 * (every spelling of a pair finds it), live quotes from WebSocket v2 {@code ticker} (bbo) and {@code trade} on
 * shared public connections, the first ticker snapshot as each market's startup quote, history from REST
 * {@code OHLC} (only its newest 720 candles exist: {@link #historyFrame}) and 1 s bars from REST
 * {@code Trades}.
 */
public final class KrakenDataClient implements DataClient {
  /** Live quotes kept for a listener while its startup quote is on its way. */
  private static final int MAX_EARLY_QUOTES = 100_000;
  /** Symbols one public connection carries (ours: the docs name no limit). */
  static final int SYMBOLS_PER_CONNECTION = 200;
  static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  /** Bars one request asks for: under half the OHLC window, so two frames back from now are both whole. */
  static final int FRAME = 300;

  private final KrakenSettings settings;
  private final ScheduledThreadPoolExecutor timers = timers();
  private final HttpClient http = HttpClient.newHttpClient();
  private final KrakenRest rest;
  private final MarketCatalog catalog;
  private final List<PublicStream> streams = new ArrayList<>();
  private final Map<String, MarketTape> tapes = new HashMap<>();
  private final Map<String, List<Registration>> listeners = new HashMap<>();
  /** Held while listeners are called, never under this client's own lock: quotes reach each listener in order. */
  private final Object delivery = new Object();

  /** One listener of one market: live quotes wait for its startup quote. */
  private static final class Registration {
    final QuoteListener listener;
    List<Quote> early = new ArrayList<>();

    Registration(QuoteListener listener) {
      this.listener = listener;
    }
  }

  /** Connection attempts of the public links, shared with every client of the process to the host (per-IP limit). */
  private final Reconnects.Budget connects;

  private KrakenDataClient(KrakenSettings settings, Reconnects.Budget connects) {
    this.connects = connects;
    this.settings = settings;
    this.rest = new KrakenRest(settings.restUrl(), http);
    this.catalog = new MarketCatalog(rest, System::currentTimeMillis);
  }

  /** Opens the client: nothing is asked of Kraken until a request needs it. */
  public static CompletableFuture<KrakenDataClient> open(KrakenSettings settings) {
    return open(settings, Reconnects.Budget.forHost(settings.wsUrl()));
  }

  /** As above, the public links' connection attempts counted in {@code connects} (tests give a small one). */
  static CompletableFuture<KrakenDataClient> open(KrakenSettings settings,
                                                  Reconnects.Budget connects) {
    return CompletableFuture.completedFuture(new KrakenDataClient(settings, connects));
  }

  private static ScheduledThreadPoolExecutor timers() {
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "kraken-data");
      thread.setDaemon(true);
      return thread;
    });
    timers.setRemoveOnCancelPolicy(true);
    return timers;
  }

  @Override
  public CompletionStage<MktPair> mktInfo(String bsFqme) {
    return catalog.find(bsFqme).thenApply(KrakenPair::pair);
  }

  @Override
  public CompletionStage<List<SymbolMatch>> search(String pattern, int limit) {
    return catalog.search(pattern, limit);
  }

  @Override
  public QuoteSubscription subscribe(Set<String> bsFqmes, QuoteListener listener) {
    Map<String, Registration> mine = new HashMap<>();
    for (String bsFqme : bsFqmes) {
      catalog.find(bsFqme).thenCompose(pair -> {
        Registration registration = new Registration(listener);
        Quote startup;
        synchronized (this) {
          MarketTape tape = tapes.computeIfAbsent(pair.symbol(), key -> new MarketTape(pair.pair()));
          listeners.computeIfAbsent(pair.symbol(), key -> new CopyOnWriteArrayList<>()).add(registration);
          mine.put(pair.symbol(), registration);
          startup = tape.started() ? tape.startupQuote() : null;
        }
        if (startup != null) {
          goLive(List.of(registration), startup);
        }
        return stream(pair.symbol()).orTimeout(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }).whenComplete((ok, error) -> {
        if (error != null) {
          forget(mine);
          listener.onError(startFailure(bsFqme, error));
        }
      });
    }
    return () -> forget(mine);
  }

  /** Puts a symbol on a connection with room, opening another past {@link #SYMBOLS_PER_CONNECTION}. */
  private synchronized CompletableFuture<Void> stream(String symbol) {
    for (PublicStream stream : streams) {
      if (stream.carries(symbol)) {
        return stream.subscribe(List.of(symbol)); // already there: completes once that connection is up
      }
    }
    for (PublicStream stream : streams) {
      if (stream.symbolCount() < SYMBOLS_PER_CONNECTION) {
        return stream.subscribe(List.of(symbol));
      }
    }
    PublicStream stream = new PublicStream(settings.wsUrl(), http, timers, new Sink(),
        new Reconnects(PublicStream::backoffMs, Reconnects.STABLE_AFTER,
            connects, System::currentTimeMillis));
    streams.add(stream);
    return stream.subscribe(List.of(symbol));
  }

  /** Drops a subscription's listeners; a market nobody listens to any more is unsubscribed, its tape let go. */
  private synchronized void forget(Map<String, Registration> mine) {
    mine.forEach((symbol, registration) -> {
      List<Registration> list = listeners.get(symbol);
      if (list != null && list.remove(registration) && list.isEmpty()) {
        listeners.remove(symbol);
        // a later subscription starts from Kraken's snapshots again, not this one's state (its first trade
        // snapshot is history, not trades of the gap delivered as live ticks)
        tapes.remove(symbol);
        streams.forEach(stream -> stream.unsubscribe(List.of(symbol)));
      }
    });
    mine.clear();
  }

  private RemoteError startFailure(String bsFqme, Throwable error) {
    Throwable cause = KrakenRest.cause(error);
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return RemoteError.of("KrakenTimeout", "kraken's public websocket at " + settings.wsUrl()
          + " did not start " + bsFqme + " within " + START_TIMEOUT.toSeconds() + " s", KrakenRest.SOURCE);
    }
    return RemoteError.of(cause, KrakenRest.SOURCE);
  }

  /** Gives waiting registrations their startup quote, then what arrived for them meanwhile. */
  private void goLive(List<Registration> registrations, Quote startup) {
    synchronized (delivery) {
      for (Registration registration : registrations) {
        List<Quote> early;
        synchronized (this) {
          early = registration.early;
          registration.early = null;
        }
        if (early == null) {
          continue;
        }
        registration.listener.onQuotes(List.of(startup));
        if (!early.isEmpty()) {
          registration.listener.onQuotes(early);
        }
      }
    }
  }

  /** Everything the streams deliver, one message at a time. */
  private final class Sink implements PublicStream.Sink {
    @Override
    public void onMessage(WsMessage message) {
      synchronized (delivery) {
        Map<QuoteListener, Delivery> out = new LinkedHashMap<>();
        Map<String, Quote> startups = new LinkedHashMap<>();
        synchronized (KrakenDataClient.this) {
          Set<MarketTape> snapshotted = new HashSet<>();
          for (WsMessage entry : ((WsMessage.Batch) message).entries()) {
            String symbol;
            java.util.Optional<Quote> made;
            MarketTape tape;
            if (entry instanceof WsMessage.Ticker ticker) {
              symbol = ticker.symbol();
              tape = tapes.get(symbol);
              if (tape == null) {
                continue;
              }
              boolean wasStarted = tape.started();
              made = tape.ticker(ticker);
              if (!wasStarted) {
                made.ifPresent(startup -> startups.put(symbol, startup));
                continue;
              }
            } else if (entry instanceof WsMessage.Trade trade) {
              symbol = trade.symbol();
              tape = tapes.get(symbol);
              if (tape == null) {
                continue;
              }
              made = tape.trade(trade);
              MarketTape.Gap gap = tape.takeGap();
              if (gap != null) {
                routeGap(symbol, tape.fqme().bsFqme(), gap, out);
              }
              if (trade.snapshot()) {
                snapshotted.add(tape);
              }
            } else {
              continue;
            }
            made.ifPresent(quote -> route(symbol, quote, out));
          }
          snapshotted.forEach(MarketTape::tradeSnapshotDone);
        }
        out.forEach((listener, delivery) -> delivery.tell(listener));
        startups.forEach((symbol, startup) -> goLive(waiting(symbol), startup));
      }
    }

    /**
     * Told as the listeners' trouble, then each live listener gets its markets' quotes as they stand (no ticks):
     * the quotes go on, so nothing downstream takes them for stale (paper holding orders, datad holding bars).
     */
    @Override
    public void onNotice(RemoteError notice) {
      synchronized (delivery) {
        Map<QuoteListener, List<Quote>> current = new LinkedHashMap<>();
        synchronized (KrakenDataClient.this) {
          listeners.forEach((symbol, registrations) -> {
            MarketTape tape = tapes.get(symbol);
            for (Registration registration : registrations) {
              if (registration.early == null && tape != null && tape.started()) {
                current.computeIfAbsent(registration.listener, key -> new ArrayList<>()).add(tape.startupQuote());
              }
            }
          });
        }
        current.forEach((listener, quotes) -> {
          listener.onError(notice);
          listener.onQuotes(quotes);
        });
      }
    }

    /** Told to the live listeners of those symbols alone: the other links' markets stream on. */
    @Override
    public void onTrouble(RemoteError error, java.util.Collection<String> symbols) {
      synchronized (delivery) {
        List<QuoteListener> live;
        synchronized (KrakenDataClient.this) {
          live = symbols.stream().flatMap(symbol -> listeners.getOrDefault(symbol, List.of()).stream())
              .filter(registration -> registration.early == null).map(registration -> registration.listener)
              .distinct().toList();
        }
        live.forEach(listener -> listener.onError(error));
      }
    }
  }

  private synchronized List<Registration> waiting(String symbol) {
    return listeners.getOrDefault(symbol, List.of()).stream().filter(registration -> registration.early != null)
        .toList();
  }

  /** Adds {@code quote} for each live listener of {@code symbol}; one waiting for its startup keeps it. */
  private void route(String symbol, Quote quote, Map<QuoteListener, Delivery> out) {
    for (Registration registration : listeners.getOrDefault(symbol, List.of())) {
      if (registration.early == null) {
        out.computeIfAbsent(registration.listener, key -> new Delivery()).quote(quote);
      } else if (registration.early.size() < MAX_EARLY_QUOTES) {
        registration.early.add(quote);
      }
    }
  }

  /** Tells each live listener of {@code symbol} of a gap, before the quote after it (one still starting needs none). */
  private void routeGap(String symbol, String bsFqme, MarketTape.Gap gap, Map<QuoteListener, Delivery> out) {
    for (Registration registration : listeners.getOrDefault(symbol, List.of())) {
      if (registration.early == null) {
        out.computeIfAbsent(registration.listener, key -> new Delivery()).gap(bsFqme, gap);
      }
    }
  }

  /** What one message brings one listener, in order: its quotes, and each gap before the quote after it. */
  private static final class Delivery {
    /** Quotes and {@link GapNote}s. */
    private final List<Object> items = new ArrayList<>();

    void quote(Quote quote) {
      items.add(quote);
    }

    void gap(String bsFqme, MarketTape.Gap gap) {
      items.add(new GapNote(bsFqme, gap));
    }

    /** The quotes in as few batches as the gaps between them allow. */
    void tell(QuoteListener listener) {
      List<Quote> batch = new ArrayList<>();
      for (Object item : items) {
        if (item instanceof Quote quote) {
          batch.add(quote);
        } else if (item instanceof GapNote note) {
          if (!batch.isEmpty()) {
            listener.onQuotes(batch);
            batch = new ArrayList<>();
          }
          listener.onGap(note.bsFqme(), note.gap().lastBeforeNs(), note.gap().firstAfterNs());
        }
      }
      if (!batch.isEmpty()) {
        listener.onQuotes(batch);
      }
    }
  }

  private record GapNote(String bsFqme, MarketTape.Gap gap) {}

  /**
   * Bars of an OHLC interval come from the one OHLC window (the newest 720 candles: deeper is empty, which
   * ends a backfill there); 1 s bars from Trades, paged forward from the frame's start.
   */
  @Override
  public CompletionStage<List<Bar>> bars(String bsFqme, int periodSeconds, long endTime, int count) {
    if (Ohlc.serves(periodSeconds)) {
      return catalog.find(bsFqme).thenCompose(pair -> rest.get("OHLC", Ohlc.query(pair.key(), periodSeconds))
          .thenApply(result -> Ohlc.before(Ohlc.committed(result, pair.key(), periodSeconds), periodSeconds,
              endTime, count)));
    }
    if (periodSeconds <= 0 || 60 % periodSeconds != 0) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("kraken serves no " + periodSeconds
          + " s bars (OHLC intervals in minutes, and bars of seconds dividing a minute from Trades)"));
    }
    long from = endTime - (long) count * periodSeconds;
    return catalog.find(bsFqme).thenCompose(pair -> TradeBars.fetch(rest, pair.key(),
            TradeBars.since(from - TradeBars.LOOKBACK_SECONDS), endTime * 1_000_000_000L))
        .thenApply(trades -> TradeBars.framed(trades, periodSeconds, from, endTime,
            System.currentTimeMillis() / 1000));
  }

  /**
   * The bars from {@code since} to the open one, built from REST Trades as of a cut fixed when the load starts: the
   * later of now and the newest trade the stream has passed on (both to the websocket's microsecond; the stream's
   * trade keeps a local clock behind Kraken's from cutting before trades the feed already took), so no trade falls
   * between the bars and the stream. Paging stops at the first trade after it, so a busy market's new trades never
   * keep it going. Every trade at or before the cut is in the bars once a later one was read (Kraken's trades come in
   * time order); every later one is left to the stream, which stamps it after the cut. When Kraken had no trade after
   * the cut yet (an empty page), the cut is the last trade read, as the stream's later trades are later than it.
   * Empty when Kraken has no trade from {@code since} to the cut (the open bar then starts at the startup quote).
   */
  @Override
  public CompletionStage<Optional<RecentBars>> recentBars(String bsFqme, int periodSeconds, long since) {
    if (periodSeconds <= 0 || periodSeconds % 60 != 0 && 60 % periodSeconds != 0) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    java.time.Instant now = java.time.Instant.now();
    long nowNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    return catalog.find(bsFqme).thenCompose(pair -> {
      long cutNs = Math.max(nowNs, streamedTradeNs(pair.symbol())) / 1_000 * 1_000;
      // trades with time under cut + 1 µs read as at or before the cut on the websocket
      long afterCutNs = cutNs + 1_000;
      return TradeBars.fetch(rest, pair.key(), TradeBars.since(since), afterCutNs)
          .thenApply(read -> recent(read, cutNs, afterCutNs, periodSeconds, since));
    });
  }

  /** The venue time of the newest trade the stream passed on for {@code symbol}; 0 when none yet. */
  private synchronized long streamedTradeNs(String symbol) {
    MarketTape tape = tapes.get(symbol);
    return tape == null ? 0 : tape.lastTradeTimeNs();
  }

  /** The bars of the trades {@code read} up to the cut (see {@link #recentBars}), gaps filled flat to the open one. */
  static Optional<RecentBars> recent(List<TradeBars.Trade> read, long cutNs, long afterCutNs,
                                     int periodSeconds, long since) {
    long sinceNs = since * 1_000_000_000L; // the first page may start a second early (TradeBars.since)
    List<TradeBars.Trade> trades = read.stream()
        .filter(trade -> trade.timeNs() >= sinceNs && trade.timeNs() < afterCutNs).toList();
    if (trades.isEmpty()) {
      return Optional.empty();
    }
    boolean pastCut = read.stream().anyMatch(trade -> trade.timeNs() >= afterCutNs); // not those before since
    long asOfNs = pastCut ? cutNs : trades.get(trades.size() - 1).timeNs() / 1_000 * 1_000;
    List<Bar> bars = new ArrayList<>(TradeBars.bars(trades, periodSeconds, since, Long.MAX_VALUE));
    long open = System.currentTimeMillis() / 1000 / periodSeconds * periodSeconds;
    for (long t = bars.get(bars.size() - 1).time() + periodSeconds; t <= open; t += periodSeconds) {
      bars.add(Bars.flat(t, bars.get(bars.size() - 1).close()));
    }
    return Optional.of(new RecentBars(bars, asOfNs));
  }

  @Override
  public int historyFrame() {
    return FRAME;
  }

  /** OHLC's window, its 720 entries (the open one included); 1 s bars (from Trades) go as deep as Kraken's trades. */
  @Override
  public OptionalInt historyDepth(int periodSeconds) {
    return Ohlc.serves(periodSeconds) ? OptionalInt.of(Ohlc.WINDOW) : OptionalInt.empty();
  }

  /** Kraken's public calls are paced at one a second sustained ({@link KrakenRest}). */
  @Override
  public int historyRequestsPerSecond() {
    return 1;
  }

  @Override
  public void close() {
    synchronized (this) {
      streams.forEach(PublicStream::close);
      streams.clear();
    }
    timers.shutdownNow();
  }
}
