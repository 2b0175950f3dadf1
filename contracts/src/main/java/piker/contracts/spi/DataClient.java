package piker.contracts.spi;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import piker.contracts.RemoteError;
import piker.contracts.market.Bar;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.SymbolMatch;

/**
 * The data side of a backend: market info, symbol search, live quotes and history. Every request is
 * answered on the backend's own threads; callers (datad's actors) pipe the results back to themselves.
 */
public interface DataClient extends AutoCloseable {

  /** Market details for the backend's own key ({@code btcusdt.spot}). */
  CompletionStage<MktPair> mktInfo(String bsFqme);

  /** Fuzzy search, best match first. */
  CompletionStage<List<SymbolMatch>> search(String pattern, int limit);

  /** Streams quotes for the given markets to {@code listener} until the subscription is closed. */
  QuoteSubscription subscribe(Set<String> bsFqmes, QuoteListener listener);

  /**
   * Up to {@code count} bars of {@code periodSeconds} ending before {@code endTime} (epoch seconds,
   * exclusive), oldest first.
   */
  CompletionStage<List<Bar>> bars(String bsFqme, int periodSeconds, long endTime, int count);

  /**
   * The bars of {@code periodSeconds} from the one opening at {@code since} (epoch seconds) up to and
   * including the open one, as the venue has them now, with the venue instant they hold trades up to (see
   * {@link RecentBars}). datad merges them with the live trades of a feed that started mid-period, so the
   * open bar has the trades from before the feed started. A backend that cannot name that instant answers
   * empty, and the open bar starts at the feed's startup quote.
   */
  default CompletionStage<Optional<RecentBars>> recentBars(String bsFqme, int periodSeconds, long since) {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  /**
   * Recent bars, oldest first, the last one open, as of a venue instant: each holds exactly its period's
   * trades with venue time at or before {@code asOfNs}, and every trade the live stream delivers that is
   * not in them has a later venue time. So a live trade is counted on top of them iff its time is after
   * {@code asOfNs}.
   */
  record RecentBars(List<Bar> bars, long asOfNs) {
    public RecentBars {
      bars = List.copyOf(bars);
    }
  }

  /**
   * The type of a {@link #bars} or {@link #recentBars} failure that asking again will not cure: the venue holds
   * more trades over the span than its limits let one request read (Kraken's Trades pages). datad gives up at once.
   */
  String HISTORY_TOO_DENSE = "HistoryTooDense";

  /** Most bars one {@link #bars} request may ask for. */
  default int historyFrame() {
    return 1000;
  }

  /**
   * The most bars of {@code periodSeconds} back from now the venue serves at all, the open one included
   * (Kraken's OHLC: its newest 720 candles); empty when its history has no such bound. datad backfills no deeper, says so, and reports
   * this as the backfill's target.
   */
  default OptionalInt historyDepth(int periodSeconds) {
    return OptionalInt.empty();
  }

  /** The backend's history rate limit: at most this many {@link #bars} requests a second. */
  default int historyRequestsPerSecond() {
    return 10;
  }

  @Override
  void close();

  /** Receives quotes and errors from the backend's threads; implementations must only enqueue. */
  interface QuoteListener {
    void onQuotes(List<Quote> quotes);

    void onError(RemoteError error);

    /**
     * The live stream missed trades of {@code bsFqme}: the trade ids it passed on jump, so trades after venue
     * time {@code lastBeforeNs} (the last trade passed on before them) and before {@code firstAfterNs} (the
     * first one after them, passed on next) never came. Told before that next trade's quote, on the thread
     * and in the order of the quotes. datad repairs the bars from {@code lastBeforeNs} on with the venue's
     * {@link #recentBars}, once they are cut at or after {@code firstAfterNs}.
     */
    default void onGap(String bsFqme, long lastBeforeNs, long firstAfterNs) {}
  }

  /** A live subscription; closing it stops the stream. */
  interface QuoteSubscription extends AutoCloseable {
    @Override
    void close();
  }
}
