package piker.backends.binance.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.backends.binance.exchange.BinanceMarket;
import piker.backends.binance.BinanceSettings;
import piker.backends.binance.rest.BinanceRest;
import piker.backends.binance.rest.HostGates;
import piker.backends.binance.rest.ServerClock;
import piker.contracts.RemoteError;
import piker.contracts.market.Bar;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.SymbolMatch;
import piker.contracts.spi.DataClient;

/**
 * Binance spot's data side (docs/venues/binance.md 13.1): markets and search from exchangeInfo, live quotes
 * from {@code <symbol>@bookTicker} and {@code <symbol>@trade} on shared market-stream connections, a startup
 * quote per market from REST before its live ticks, history from klines, and the open period's kline cut
 * exactly against the trade stream ({@link RecentKlines}).
 */
public final class BinanceDataClient implements DataClient {
  private static final Logger log = LoggerFactory.getLogger(BinanceDataClient.class);
  private static final long CLOCK_SYNC_MINUTES = 10;
  /** Live quotes kept for a listener while its startup quote is on its way. */
  private static final int MAX_EARLY_QUOTES = 100_000;
  /** How long a market's streams may take to be confirmed before its subscriber is told. */
  static final java.time.Duration START_TIMEOUT = java.time.Duration.ofSeconds(20);

  private final BinanceSettings settings;
  private final ScheduledThreadPoolExecutor timers = timers();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ServerClock clock;
  private final BinanceRest rest;
  private final MarketCatalog catalog;
  private final MarketStream.Tuning tuning;
  private final List<MarketStream> streams = new ArrayList<>();
  private final Map<String, MarketTape> tapes = new HashMap<>();
  private final Map<String, List<Registration>> listeners = new HashMap<>();
  final RecentKlines recent;
  /**
   * Held while listeners are called, never under this client's own lock (taken inside it, briefly, to read
   * state): a listener may call back into the client, and quotes still reach each listener in order.
   */
  private final Object delivery = new Object();

  /** One listener of one market: early live quotes wait for its startup quote. */
  private static final class Registration {
    final QuoteListener listener;
    List<Quote> early = new ArrayList<>();

    Registration(QuoteListener listener) {
      this.listener = listener;
    }
  }

  BinanceDataClient(BinanceSettings settings, ServerClock clock, MarketStream.Tuning tuning) {
    this(settings, clock, new HostGates(clock::nowMillis), tuning);
  }

  BinanceDataClient(BinanceSettings settings, ServerClock clock, HostGates gates, MarketStream.Tuning tuning) {
    this.settings = settings;
    this.clock = clock;
    this.tuning = tuning;
    this.rest = new BinanceRest(settings.restUrl(), http, clock, gates);
    this.catalog = new MarketCatalog(rest, clock::nowMillis);
    this.recent = new RecentKlines(this, rest, timers);
  }

  /** Opens a client with gates of its own (nothing else in the process shares its hosts' budgets). */
  public static CompletableFuture<BinanceDataClient> open(BinanceSettings settings) {
    ServerClock clock = ServerClock.system();
    return open(settings, clock, new HostGates(clock::nowMillis));
  }

  /**
   * Opens the client: the server clock is read first (and every 10 min), its failure only logged. Requests go
   * through {@code gates} (the backend instance's, shared with its trade side); {@code clock} is set by the
   * reads, so gates on it follow Binance's minutes.
   */
  public static CompletableFuture<BinanceDataClient> open(BinanceSettings settings, ServerClock clock, HostGates gates) {
    return open(settings, clock, gates, MarketStream.Tuning.BINANCE);
  }

  static CompletableFuture<BinanceDataClient> open(BinanceSettings settings, MarketStream.Tuning tuning) {
    ServerClock clock = ServerClock.system();
    return open(settings, clock, new HostGates(clock::nowMillis), tuning);
  }

  static CompletableFuture<BinanceDataClient> open(BinanceSettings settings, ServerClock clock, HostGates gates,
                                                   MarketStream.Tuning tuning) {
    BinanceDataClient client = new BinanceDataClient(settings, clock, gates, tuning);
    client.timers.scheduleWithFixedDelay(client::syncClock, CLOCK_SYNC_MINUTES, CLOCK_SYNC_MINUTES, TimeUnit.MINUTES);
    return client.rest.syncClock().handle((offset, error) -> {
      if (error != null) {
        log.warn("cannot read binance's clock at {}: {}", settings.restUrl(), error.getMessage());
      }
      return client;
    });
  }

  private void syncClock() {
    rest.syncClock().exceptionally(error -> {
      log.warn("cannot read binance's clock: {}", error.getMessage());
      return 0L;
    });
  }

  private static ScheduledThreadPoolExecutor timers() {
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "binance-data");
      thread.setDaemon(true);
      return thread;
    });
    timers.setRemoveOnCancelPolicy(true);
    return timers;
  }

  BinanceRest rest() {
    return rest;
  }

  ServerClock clock() {
    return clock;
  }

  @Override
  public CompletionStage<MktPair> mktInfo(String bsFqme) {
    return catalog.find(bsFqme).thenApply(BinanceMarket::pair);
  }

  /** The catalogue's market, Binance's filters included (the trade side reads its own, in trade/Markets). */
  CompletableFuture<BinanceMarket> market(String bsFqme) {
    return catalog.find(bsFqme);
  }

  @Override
  public CompletionStage<List<SymbolMatch>> search(String pattern, int limit) {
    return catalog.search(pattern, limit);
  }

  @Override
  public QuoteSubscription subscribe(Set<String> bsFqmes, QuoteListener listener) {
    Map<String, Registration> mine = new HashMap<>();
    for (String bsFqme : bsFqmes) {
      catalog.find(bsFqme).thenCompose(market -> {
        String symbol = market.symbol();
        Registration registration = new Registration(listener);
        MarketTape tape;
        synchronized (this) {
          tape = tapes.computeIfAbsent(symbol, key -> new MarketTape(market.pair()));
          listeners.computeIfAbsent(symbol, key -> new CopyOnWriteArrayList<>()).add(registration);
          mine.put(symbol, registration);
        }
        return streams(List.of(streamName(symbol, "trade"), streamName(symbol, "bookTicker")))
            .orTimeout(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .thenCompose(ok -> startup(symbol, tape)).thenAccept(startup -> goLive(registration, startup));
      }).whenComplete((ok, error) -> {
        if (error != null) {
          forget(mine);
          listener.onError(startFailure(bsFqme, error));
        }
      });
    }
    return () -> forget(mine);
  }

  /** Drops a subscription's listeners; a market nobody listens to any more loses its streams. */
  private synchronized void forget(Map<String, Registration> mine) {
    mine.forEach((symbol, registration) -> {
      List<Registration> list = listeners.get(symbol);
      if (list != null && list.remove(registration) && list.isEmpty()) {
        listeners.remove(symbol);
        if (!recent.waitsFor(symbol)) {
          unsubscribe(List.of(streamName(symbol, "trade"), streamName(symbol, "bookTicker")));
          // a later subscription starts from fresh prices (REST and the streams), never this one's last book: an
          // idle market's old bid and ask would otherwise be its startup quote, and a paper order could fill on it
          tapes.remove(symbol);
        }
      }
    });
    mine.clear();
  }

  /** Why a market's quotes could not start, in the user's words when it is only slow. */
  private RemoteError startFailure(String bsFqme, Throwable error) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return RemoteError.of("BinanceTimeout", "binance's market streams at " + settings.streamUrl()
          + " did not start " + bsFqme + " within " + START_TIMEOUT.toSeconds() + " s", BinanceRest.SOURCE);
    }
    return RemoteError.of(error, BinanceRest.SOURCE);
  }

  /**
   * The REST startup quote: the book ticker and the last price (weight 2 + 2); beside it, not waited for, the 24 h
   * ticker's newest trade id (weight 2), so a stream down from the start still tells its gap (a quiet market's).
   */
  private CompletableFuture<Quote> startup(String symbol, MarketTape tape) {
    rest.get("/api/v3/ticker/24hr", "symbol=" + symbol, 2).whenComplete((day, error) -> {
      if (error != null) {
        log.debug("no 24 h ticker for {} ({}): a stream down from the start tells no gap", symbol, error.toString());
        return;
      }
      synchronized (this) {
        tape.newestTradeWas(day.path("lastId").asLong(-1), clock.nowMillis() * 1_000_000);
      }
    });
    CompletableFuture<JsonNode> book = rest.get("/api/v3/ticker/bookTicker", "symbol=" + symbol, 2);
    CompletableFuture<JsonNode> price = rest.get("/api/v3/ticker/price", "symbol=" + symbol, 2);
    return book.thenCombine(price, (bookTicker, lastPrice) -> {
      synchronized (this) {
        return tape.startup(decimal(lastPrice, "price"), decimal(bookTicker, "bidPrice"),
            decimal(bookTicker, "askPrice"), clock.nowMillis() * 1_000_000);
      }
    });
  }

  private void goLive(Registration registration, Quote startup) {
    synchronized (delivery) {
      List<Quote> early;
      synchronized (this) {
        early = registration.early;
        registration.early = null;
      }
      if (early == null) {
        return;
      }
      registration.listener.onQuotes(List.of(startup));
      if (!early.isEmpty()) {
        registration.listener.onQuotes(early);
      }
    }
  }

  private static BigDecimal decimal(JsonNode node, String field) {
    return node.hasNonNull(field) ? new BigDecimal(node.path(field).asText()) : null;
  }

  /** The symbol a stream's name is of: {@code btcusdt@trade} → {@code BTCUSDT}. */
  static String symbolOf(String streamName) {
    int at = streamName.indexOf('@');
    return (at < 0 ? streamName : streamName.substring(0, at)).toUpperCase(java.util.Locale.ROOT);
  }

  static String streamName(String symbol, String kind) {
    return symbol.toLowerCase(java.util.Locale.ROOT) + "@" + kind;
  }

  /** Puts streams on connections with room, opening another past what one may carry (1000, under Binance's 1024). */
  synchronized CompletableFuture<Void> streams(List<String> names) {
    List<CompletableFuture<Void>> confirmed = new ArrayList<>();
    List<String> left = new ArrayList<>(names);
    for (MarketStream stream : streams) {
      int room = tuning.streamsPerConnection() - stream.streamCount();
      if (room > 0 && !left.isEmpty()) {
        List<String> here = List.copyOf(left.subList(0, Math.min(room, left.size())));
        left.removeAll(here);
        confirmed.add(stream.subscribe(here));
      }
    }
    while (!left.isEmpty()) {
      MarketStream stream = new MarketStream(settings.streamUrl(), http, timers, new Sink(), tuning, clock::nowMillis);
      streams.add(stream);
      List<String> here = List.copyOf(left.subList(0, Math.min(tuning.streamsPerConnection(), left.size())));
      left.removeAll(here);
      confirmed.add(stream.subscribe(here));
    }
    return CompletableFuture.allOf(confirmed.toArray(CompletableFuture[]::new));
  }

  synchronized void unsubscribe(List<String> names) {
    streams.forEach(stream -> stream.unsubscribe(names));
  }

  synchronized boolean quoted(String symbol) {
    return listeners.containsKey(symbol);
  }

  /** Lets a market's tape go once nobody quotes it: its next subscription starts from fresh prices. */
  synchronized void dropTape(String symbol) {
    if (!listeners.containsKey(symbol) && !recent.waitsFor(symbol)) {
      tapes.remove(symbol);
    }
  }

  synchronized MarketTape tape(String symbol, MktPair pair) {
    return tapes.computeIfAbsent(symbol, key -> new MarketTape(pair));
  }

  /** Everything the streams deliver, from any connection, one at a time. */
  private final class Sink implements MarketStream.Sink {
    @Override
    public void onMessage(StreamMessage message, long receivedNs) {
      synchronized (delivery) {
        List<QuoteListener> live;
        Quote quote;
        MarketTape.Gap gap = null;
        synchronized (BinanceDataClient.this) {
          Optional<Quote> made = Optional.empty();
          String symbol = null;
          if (message instanceof StreamMessage.Trade trade) {
            MarketTape tape = tapes.get(trade.symbol());
            if (tape != null) {
              symbol = trade.symbol();
              made = tape.trade(trade);
              gap = tape.takeGap();
              recent.onTrade(symbol);
            }
          } else if (message instanceof StreamMessage.BookTicker book) {
            MarketTape tape = tapes.get(book.symbol());
            if (tape != null) {
              symbol = book.symbol();
              made = tape.book(book, receivedNs);
            }
          } else if (message instanceof StreamMessage.Kline kline) {
            recent.onKline(kline);
          }
          if (made.isEmpty()) {
            return;
          }
          quote = made.get();
          live = liveListeners(symbol, quote);
        }
        for (QuoteListener listener : live) {
          if (gap != null) { // before the trade after it, as the SPI says (a listener still starting needs no word)
            listener.onGap(quote.fqme().bsFqme(), gap.lastBeforeNs(), gap.firstAfterNs());
          }
          listener.onQuotes(List.of(quote));
        }
      }
    }

    /** Told to the live listeners of the link's markets alone: markets on other connections stream on. */
    @Override
    public void onTrouble(RemoteError error, java.util.Collection<String> streams) {
      synchronized (delivery) {
        List<QuoteListener> live;
        synchronized (BinanceDataClient.this) {
          live = streams.stream().map(BinanceDataClient::symbolOf).distinct()
              .flatMap(symbol -> listeners.getOrDefault(symbol, List.of()).stream())
              .filter(registration -> registration.early == null).map(registration -> registration.listener)
              .distinct().toList();
        }
        live.forEach(listener -> listener.onError(error));
      }
    }
  }

  /** The listeners of {@code symbol} to give {@code quote} now; those still waiting for their startup keep it. */
  private List<QuoteListener> liveListeners(String symbol, Quote quote) {
    List<Registration> list = listeners.get(symbol);
    if (list == null) {
      return List.of();
    }
    List<QuoteListener> live = new ArrayList<>(list.size());
    for (Registration registration : list) {
      if (registration.early == null) {
        live.add(registration.listener);
      } else if (registration.early.size() < MAX_EARLY_QUOTES) {
        registration.early.add(quote);
      }
    }
    return live;
  }

  @Override
  public CompletionStage<List<Bar>> bars(String bsFqme, int periodSeconds, long endTime, int count) {
    String interval;
    try {
      interval = Klines.interval(periodSeconds);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return catalog.find(bsFqme).thenCompose(market -> {
      Klines.Paging paging = new Klines.Paging(endTime * 1000, count);
      return page(market.symbol(), periodSeconds, paging).thenApply(done -> paging.bars());
    });
  }

  /** One page after the other, newest first (13.2). */
  private CompletableFuture<Void> page(String symbol, int periodSeconds, Klines.Paging paging) {
    if (paging.done()) {
      return CompletableFuture.completedFuture(null);
    }
    Klines.Page page = paging.next();
    return rest.get("/api/v3/klines", page.query(symbol, periodSeconds), Klines.WEIGHT).thenCompose(rows -> {
      paging.accept(page, rows);
      return page(symbol, periodSeconds, paging);
    });
  }

  @Override
  public CompletionStage<Optional<RecentBars>> recentBars(String bsFqme, int periodSeconds, long since) {
    return catalog.find(bsFqme).thenCompose(market -> recent.load(market, periodSeconds, since));
  }

  @Override
  public int historyFrame() {
    return Klines.PAGE;
  }

  @Override
  public void close() {
    synchronized (this) {
      streams.forEach(MarketStream::close);
      streams.clear();
    }
    timers.shutdownNow();
  }
}
