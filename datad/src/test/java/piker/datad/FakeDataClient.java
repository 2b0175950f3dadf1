package piker.datad;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import piker.contracts.RemoteError;
import piker.contracts.market.Asset;
import piker.contracts.market.Bar;
import piker.contracts.market.FuzzyMatch;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.Scale;
import piker.contracts.market.SymbolMatch;
import piker.contracts.market.Tick;
import piker.contracts.names.Fqme;
import piker.contracts.spi.DataClient;

/** An in-memory backend for datad's tests: the test emits quotes, the client counts subscriptions. */
final class FakeDataClient implements DataClient {
  static final List<String> MARKETS = List.of("aaausd.spot", "bbbusd.spot");
  final Map<String, QuoteListener> listeners = new ConcurrentHashMap<>();
  final AtomicInteger subscriptions = new AtomicInteger();
  final AtomicInteger closedSubscriptions = new AtomicInteger();

  /** Every fake market's tick and lot is 0.01 (mktInfo): its quotes count cents. */
  static final Scale CENTS = Scale.of(2);

  static Quote quote(String market, long n) {
    BigDecimal price = new BigDecimal("100.00").add(BigDecimal.valueOf(n, 2));
    return Quote.of(Fqme.parse(market + ".fake"), n, CENTS, CENTS, price, price, price,
        List.of(new Tick("trade", price, BigDecimal.valueOf(n))));
  }

  /** Emits from the test thread, as a backend's own thread would. */
  void emit(String market, long n) {
    listeners.get(market).onQuotes(List.of(quote(market, n)));
  }

  /** Tells the listener its stream missed the trades between two instants, as a backend's own thread would. */
  void gap(String market, long lastBeforeNs, long firstAfterNs) {
    listeners.get(market).onGap(market, lastBeforeNs, firstAfterNs);
  }

  /** While set, every details request fails with it, as a venue that cannot answer. */
  volatile RemoteError mktInfoFailure;

  @Override
  public CompletionStage<MktPair> mktInfo(String bsFqme) {
    RemoteError failure = mktInfoFailure;
    if (failure != null) {
      return CompletableFuture.failedFuture(failure.toException());
    }
    if (!MARKETS.contains(bsFqme)) {
      return CompletableFuture.failedFuture(RemoteError.of("UnknownMarket", "no " + bsFqme, "fake").toException());
    }
    BigDecimal tick = new BigDecimal("0.01");
    return CompletableFuture.completedFuture(new MktPair(Fqme.parse(bsFqme + ".fake"),
        new Asset(bsFqme.substring(0, 3), "crypto", tick), new Asset("usd", "fiat", tick), tick, tick,
        BigDecimal.ZERO, bsFqme));
  }

  @Override
  public CompletionStage<List<SymbolMatch>> search(String pattern, int limit) {
    return CompletableFuture.completedFuture(FuzzyMatch.rank(pattern, MARKETS, market -> market, limit).stream()
        .map(market -> new SymbolMatch(Fqme.parse(market + ".fake"), "fake", FuzzyMatch.score(pattern, market)))
        .toList());
  }

  @Override
  public QuoteSubscription subscribe(Set<String> bsFqmes, QuoteListener listener) {
    subscriptions.incrementAndGet();
    String market = bsFqmes.iterator().next();
    if (!MARKETS.contains(market)) {
      listener.onError(RemoteError.of("UnknownMarket", "the venue lists no market '" + market + "'", "fake"));
      return closedSubscriptions::incrementAndGet;
    }
    listeners.put(market, listener);
    listener.onQuotes(List.of(Quote.of(Fqme.parse(market + ".fake"), 0, CENTS, CENTS, new BigDecimal("100.00"),
        new BigDecimal("99.99"), new BigDecimal("100.01"), List.of())));
    return () -> {
      listeners.remove(market, listener);
      closedSubscriptions.incrementAndGet();
    };
  }

  /** History requests made, and how many of the first ones fail like a venue error. */
  final AtomicInteger historyRequests = new AtomicInteger();
  final AtomicInteger failingHistory = new AtomicInteger();
  /** How far back the fake venue's history goes, in bars. */
  volatile int historyDepth = 35;

  @Override
  public CompletionStage<List<Bar>> bars(String bsFqme, int periodSeconds, long endTime, int count) {
    historyRequests.incrementAndGet();
    if (failingHistory.getAndDecrement() > 0) {
      return CompletableFuture.failedFuture(RemoteError.of("VenueTimeout", "history is slow today", "fake")
          .toException());
    }
    long end = Math.floorDiv(endTime, periodSeconds) * periodSeconds;
    long oldest = HISTORY_END - (long) historyDepth * periodSeconds;
    List<Bar> bars = new java.util.ArrayList<>();
    for (long time = Math.max(oldest, end - (long) count * periodSeconds); time < end; time += periodSeconds) {
      BigDecimal price = new BigDecimal("100.00");
      bars.add(new Bar(time, price, price, price, price, BigDecimal.ONE));
    }
    return CompletableFuture.completedFuture(bars);
  }

  /** The answer to the next recent-bars request, completed by the test; null: the fake has none to give. */
  volatile CompletableFuture<java.util.Optional<RecentBars>> recent;
  /** Answers taken one per request before {@link #recent} is. */
  final java.util.Queue<CompletableFuture<java.util.Optional<RecentBars>>> recentAnswers =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  final AtomicInteger recentRequests = new AtomicInteger();

  @Override
  public CompletionStage<java.util.Optional<RecentBars>> recentBars(String bsFqme, int periodSeconds, long since) {
    recentRequests.incrementAndGet();
    CompletableFuture<java.util.Optional<RecentBars>> queued = recentAnswers.poll();
    CompletableFuture<java.util.Optional<RecentBars>> answer = queued != null ? queued : recent;
    return answer == null ? CompletableFuture.completedFuture(java.util.Optional.empty())
        : answer.thenApply(bars -> bars.map(given -> new RecentBars(given.bars().stream()
            .filter(bar -> bar.time() % periodSeconds == 0).toList(), given.asOfNs())));
  }

  /** The depth of 1-minute history the fake announces (historyDepth); empty: it names no bound. */
  volatile java.util.OptionalInt announcedMinutes = java.util.OptionalInt.empty();

  @Override
  public java.util.OptionalInt historyDepth(int periodSeconds) {
    return periodSeconds == 60 ? announcedMinutes : java.util.OptionalInt.empty();
  }

  /** Where the fake history ends: the time of the fake market's snapshot. */
  static final long HISTORY_END = 0;

  @Override
  public int historyFrame() {
    return 10;
  }

  @Override
  public int historyRequestsPerSecond() {
    return 1000;
  }

  @Override
  public void close() {}
}
