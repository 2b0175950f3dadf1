package piker.pikerd.bench;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.market.Asset;
import piker.contracts.market.Bar;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.SymbolMatch;
import piker.contracts.market.Scale;
import piker.contracts.market.TickKind;
import piker.contracts.names.Fqme;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.DataClient;

/** The benchmark's in-process backend: one market whose quotes the benchmark's generator emits. */
final class GeneratorBackend implements Backend {
  static final Fqme FQME = Fqme.parse("benchusd.spot.bench");
  private static final BigDecimal PRICE = new BigDecimal("60000.10");
  private static final BigDecimal SIZE = new BigDecimal("0.50000");
  /** The market's scales (mktInfo's price tick and lot, both 0.01) and the quote's values in them, made once. */
  private static final Scale PRICES = Scale.of(2);
  private static final Scale SIZES = Scale.of(2);
  private static final long PRICE_UNITS = PRICES.units(PRICE);
  private static final long SIZE_UNITS = SIZES.units(SIZE);

  private volatile DataClient.QuoteListener listener;
  private final CompletableFuture<Void> subscribed = new CompletableFuture<>();

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public Set<Endpoint> endpoints() {
    return EnumSet.of(Endpoint.STREAM_QUOTES, Endpoint.GET_MKT_INFO);
  }

  /** A quote stamped with the monotonic clock, which every JVM on this machine shares. */
  static Quote quote() {
    return Quote.ofTick(FQME, System.nanoTime(), PRICES, SIZES, PRICE_UNITS, PRICE_UNITS, PRICE_UNITS, TickKind.TRADE,
        PRICE_UNITS, SIZE_UNITS);
  }

  CompletableFuture<Void> subscribed() {
    return subscribed;
  }

  void emit(List<Quote> quotes) {
    listener.onQuotes(quotes);
  }

  @Override
  public CompletionStage<DataClient> openDataClient(BackendContext context) {
    return CompletableFuture.completedFuture(new DataClient() {
      @Override
      public CompletionStage<MktPair> mktInfo(String bsFqme) {
        BigDecimal tick = new BigDecimal("0.01");
        return CompletableFuture.completedFuture(new MktPair(FQME, new Asset("bench", "crypto", tick),
            new Asset("usd", "fiat", tick), tick, tick, BigDecimal.ZERO, "BENCH"));
      }

      @Override
      public CompletionStage<List<SymbolMatch>> search(String pattern, int limit) {
        return CompletableFuture.completedFuture(List.of());
      }

      @Override
      public QuoteSubscription subscribe(Set<String> bsFqmes, QuoteListener quoteListener) {
        listener = quoteListener;
        quoteListener.onQuotes(List.of(quote()));
        subscribed.complete(null);
        return () -> { };
      }

      @Override
      public CompletionStage<List<Bar>> bars(String bsFqme, int periodSeconds, long endTime, int count) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException());
      }

      @Override
      public void close() {}
    });
  }

  /** A quote intended for {@code timeNs} (System.nanoTime) on a rate schedule, at the usual price. */
  static Quote quoteAt(long timeNs) {
    return Quote.ofTick(FQME, timeNs, PRICES, SIZES, PRICE_UNITS, PRICE_UNITS, PRICE_UNITS, TickKind.TRADE,
        PRICE_UNITS, SIZE_UNITS);
  }

  /** A quote intended for {@code timeNs}, a trade at {@code price}, which is also the touch. */
  static Quote quoteAt(long timeNs, BigDecimal price) {
    long units = PRICES.units(price);
    return Quote.ofTick(FQME, timeNs, PRICES, SIZES, units, units, units, TickKind.TRADE, units, SIZE_UNITS);
  }
}
