package piker.backends.binance.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import piker.backends.binance.exchange.BinanceMarket;
import piker.backends.binance.rest.BinanceRest;
import piker.contracts.RemoteError;
import piker.contracts.market.Bar;
import piker.contracts.spi.DataClient.RecentBars;

/**
 * The open period's true bar for a feed that starts mid-period (docs/venues/binance.md 13.6, the SPI's
 * {@code recentBars}): the latest {@code <symbol>@kline_<interval>} event is the period's OHLCV up to its last
 * trade id {@code L}; the trade stream's quote time of trade {@code L} ({@link MarketTape#cutAfter}) is the
 * instant the bars hold trades up to. The periods before it come from REST klines, asked for once the cut is
 * known: the cut's period has opened, so each earlier one has closed and its row holds all its trades (a row
 * read before would miss the trades after it that the cut counts as the venue's). While the trade stream has
 * not caught up with a kline, the next kline or trade is awaited; a quiet market whose stream delivered no
 * trade at all is cut at once when the wait ends.
 */
final class RecentKlines {
  static final Duration WAIT = Duration.ofSeconds(5);

  private final BinanceDataClient client;
  private final Rows rows;
  private final ScheduledExecutorService timers;
  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

  private static final class Waiter {
    final String symbol;
    final String interval;
    final MarketTape tape;
    final long sinceMs;
    final CompletableFuture<Cut> cut = new CompletableFuture<>();
    StreamMessage.Kline latest;

    Waiter(String symbol, String interval, MarketTape tape, long sinceMs) {
      this.symbol = symbol;
      this.interval = interval;
      this.tape = tape;
      this.sinceMs = sinceMs;
    }
  }

  /** A kline and the instant its trades end at. */
  private record Cut(StreamMessage.Kline kline, long asOfNs) {}

  /** The venue's kline rows of a market opening at or after {@code sinceMs}, oldest first (REST). */
  interface Rows {
    CompletableFuture<JsonNode> since(String symbol, String interval, long sinceMs);
  }

  RecentKlines(BinanceDataClient client, BinanceRest rest, ScheduledExecutorService timers) {
    this(client, (symbol, interval, sinceMs) -> rest.get("/api/v3/klines", "symbol=" + symbol + "&interval="
        + interval + "&startTime=" + sinceMs + "&limit=" + Klines.PAGE, Klines.WEIGHT), timers);
  }

  RecentKlines(BinanceDataClient client, Rows rows, ScheduledExecutorService timers) {
    this.client = client;
    this.rows = rows;
    this.timers = timers;
  }

  /** True while a load keeps the market's trade stream on. */
  boolean waitsFor(String symbol) {
    return waiters.stream().anyMatch(waiter -> waiter.symbol.equals(symbol));
  }

  CompletableFuture<Optional<RecentBars>> load(BinanceMarket market, int periodSeconds, long since) {
    String interval = Klines.interval(periodSeconds);
    String symbol = market.symbol();
    Waiter waiter;
    synchronized (client) { // the tape and the waiter at once: a tape dropped meanwhile is never the one waited on
      waiter = new Waiter(symbol, interval, client.tape(symbol, market.pair()), since * 1000);
      waiters.add(waiter);
    }
    List<String> names = List.of(BinanceDataClient.streamName(symbol, "trade"),
        BinanceDataClient.streamName(symbol, "kline_" + interval));
    // however long the streams take to confirm, the caller hears within a bound
    Duration bound = BinanceDataClient.START_TIMEOUT.plus(WAIT);
    timers.schedule(() -> waiter.cut.completeExceptionally(RemoteError.of("BinanceTimeout", "the " + interval
        + " kline stream of " + symbol + " did not start within " + bound.toSeconds() + " s", BinanceRest.SOURCE)
        .toException()), bound.toMillis(), TimeUnit.MILLISECONDS);
    client.streams(names).whenComplete((ok, error) -> {
      if (error != null) {
        waiter.cut.completeExceptionally(error);
      } else {
        timers.schedule(() -> giveUp(waiter), WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    });
    // the rows once the cut is known, not alongside it: see the class comment
    CompletableFuture<Optional<RecentBars>> answer = waiter.cut.thenCompose(cut -> closed(symbol, interval,
        since * 1000, cut.kline().openMs(), new ArrayList<>()).thenApply(bars -> {
          bars.add(cut.kline().bar());
          return Optional.of(new RecentBars(bars, cut.asOfNs()));
        }));
    answer.whenComplete((done, error) -> {
      waiters.remove(waiter);
      List<String> unwanted = new ArrayList<>();
      if (!waitsFor(symbol) && !client.quoted(symbol)) {
        unwanted.add(names.get(0));
        client.dropTape(symbol);
      }
      if (waiters.stream().noneMatch(other -> other.symbol.equals(symbol) && other.interval.equals(interval))) {
        unwanted.add(names.get(1));
      }
      client.unsubscribe(unwanted);
    });
    return answer;
  }

  /**
   * The closed periods from {@code fromMs} up to the cut's period, page by page: a page holds at most
   * {@link Klines#PAGE} rows from its startTime on, so a full page that ends before the cut is followed by the
   * next, from its last open + 1 (never one whose opens do not advance).
   */
  private CompletableFuture<List<Bar>> closed(String symbol, String interval, long fromMs, long cutOpenMs,
                                              List<Bar> bars) {
    return rows.since(symbol, interval, fromMs).thenCompose(page -> {
      long lastOpen = Long.MIN_VALUE;
      for (JsonNode row : page) {
        long open = Klines.openTimeMs(row);
        lastOpen = Math.max(lastOpen, open);
        if (open >= fromMs && open < cutOpenMs) {
          bars.add(Klines.bar(row));
        }
      }
      boolean more = page.size() >= Klines.PAGE && lastOpen >= fromMs && lastOpen + 1 < cutOpenMs;
      return more ? closed(symbol, interval, lastOpen + 1, cutOpenMs, bars) : CompletableFuture.completedFuture(bars);
    });
  }

  /** Under the client's lock: a kline event may settle its market's waiters. */
  void onKline(StreamMessage.Kline kline) {
    for (Waiter waiter : waiters) {
      // a kline of a period before the feed's first live one would leave that one as the feed saw it
      if (waiter.symbol.equals(kline.symbol()) && waiter.interval.equals(kline.interval())
          && kline.openMs() >= waiter.sinceMs) {
        waiter.latest = kline;
        settle(waiter);
      }
    }
  }

  /** Under the client's lock: a trade may be the one a waiting kline ends with. */
  void onTrade(String symbol) {
    for (Waiter waiter : waiters) {
      if (waiter.symbol.equals(symbol) && waiter.latest != null) {
        settle(waiter);
      }
    }
  }

  private void settle(Waiter waiter) {
    OptionalLong cut = waiter.tape.cutAfter(waiter.latest.lastTradeId(), waiter.latest.trades(), waiter.latest.openMs());
    if (cut.isPresent()) {
      waiter.cut.complete(new Cut(waiter.latest, cut.getAsLong()));
    }
  }

  private void giveUp(Waiter waiter) {
    synchronized (client) {
      if (waiter.cut.isDone()) {
        return;
      }
      StreamMessage.Kline latest = waiter.latest;
      OptionalLong quiet = latest == null ? OptionalLong.empty()
          : waiter.tape.cutNow(latest.lastTradeId(), latest.trades(), latest.openMs(),
              client.clock().nowMillis() * 1_000_000);
      if (quiet.isPresent()) {
        waiter.cut.complete(new Cut(latest, quiet.getAsLong()));
      } else {
        waiter.cut.completeExceptionally(RemoteError.of("BinanceTimeout", "the open " + waiter.interval + " kline of "
            + waiter.symbol + " could not be matched with its trade stream within " + WAIT.toSeconds() + " s",
            BinanceRest.SOURCE).toException());
      }
    }
  }
}
