package piker.datad;

import java.util.Arrays;
import java.util.List;
import piker.contracts.market.Bar;
import piker.contracts.market.Scale;

/**
 * The venue's recent bars as one {@link BarBuffer} awaits and merges them (docs/history.md): the live trades
 * kept while they are on their way, the first bar they are wanted from, the earliest cut an answer may have, and
 * the cut of the last merge, at or before which a live trade is in the venue's bars already. Owned by its
 * buffer; not thread-safe.
 */
final class RecentMerge {
  /** {@link #merge}'s answer to venue bars cut too early to merge: ask again. */
  static final int CUT_TOO_EARLY = -1;

  /** The live trades kept until the venue's bars are merged (venue time, price, size); null when none wait. */
  private TradeJournal journal;
  private long liveFrom;
  /** The venue instant the merged bars hold trades up to: a live trade at or before it is in them already. */
  private long cutoffNs = Long.MIN_VALUE;
  /**
   * The earliest cut the awaited bars may have: the newest trade taken before the keeping began (a later trade
   * of the venue's would be in neither) and the first trade after each gap of the stream (the gap's trades are
   * in the venue's bars only from there on).
   */
  private long coverNs = Long.MIN_VALUE;
  /** The venue time of the newest trade taken. */
  private long newestTradeNs = Long.MIN_VALUE;

  /** Whether a trade at {@code epochNanos} is in bars merged already. */
  boolean counted(long epochNanos) {
    return epochNanos <= cutoffNs;
  }

  /** A live trade was taken into the bars: kept while a merge waits. */
  void taken(long epochNanos, long price, long quantity) {
    if (journal != null && !journal.add(epochNanos, price, quantity)) {
      journal = null; // too long a wait: the live bars stay as they are
    }
    newestTradeNs = Math.max(newestTradeNs, epochNanos);
  }

  /** Starts keeping the live trades for bars wanted from {@code firstLiveBar}; returns it. */
  long start(long firstLiveBar) {
    journal = new TradeJournal();
    liveFrom = firstLiveBar;
    coverNs = newestTradeNs;
    return liveFrom;
  }

  /**
   * A gap in the stream before a trade at {@code firstAfterNs}, whose bars from {@code from} on are to be the
   * venue's: true when this starts the keeping, false when it was on (the trades kept since it began hold all
   * the gap's neighbours, so only the bars to replace and the cut to reach may grow).
   */
  boolean gap(long from, long firstAfterNs) {
    boolean starts = journal == null;
    if (starts) {
      start(from);
    } else {
      liveFrom = Math.min(liveFrom, from);
    }
    coverNs = Math.max(coverNs, firstAfterNs);
    return starts;
  }

  long liveFrom() {
    return liveFrom;
  }

  boolean waiting() {
    return journal != null;
  }

  void abandon() {
    journal = null;
  }

  /** See {@link BarBuffer#mergeRecent}: the venue's bars, as of {@code asOfNs}, into {@code bars}. */
  int merge(List<Bar> recent, long asOfNs, BarBuffer bars) {
    if (journal == null) {
      return 0;
    }
    if (asOfNs < coverNs) {
      return CUT_TOO_EARLY;
    }
    TradeJournal live = journal;
    journal = null;
    cutoffNs = Math.max(cutoffNs, asOfNs);
    // the kept trades after the cut (the few that came while the answer was on its way), in arrival order
    int[] after = new int[live.length()];
    int afterCount = 0;
    for (int i = 0; i < live.length(); i++) {
      if (live.timeNs(i) > asOfNs) {
        after[afterCount++] = i;
      }
    }
    long[] replaced = new long[recent.size()];
    int merged = 0;
    long[] row = new long[5];
    for (Bar venue : recent) {
      if (venue.time() < liveFrom || bars.align(venue.time()) != venue.time() || !bars.toUnits(venue, row)) {
        continue; // older bars are the backfill's; they are complete
      }
      bars.openUpTo(venue.time());
      long latest = asOfNs; // the bar holds the venue's trades up to the cut, and the kept ones after it
      for (int k = 0; k < afterCount; k++) {
        int i = after[k];
        if (bars.align(Math.floorDiv(live.timeNs(i), 1_000_000_000L)) == venue.time()) {
          withTrade(row, live.price(i), live.size(i), venue.time(), bars);
          latest = Math.max(latest, live.timeNs(i));
        }
      }
      if (bars.replace(venue.time(), row, latest)) {
        replaced[merged++] = venue.time();
      }
    }
    if (merged > 0) {
      bars.reflatten(Arrays.copyOf(replaced, merged));
    }
    return merged;
  }

  /** Adds a trade to a bar's row (open, high, low, close, volume); a flat bar's first trade is its open. */
  private static void withTrade(long[] row, long price, long size, long barTime, BarBuffer bars) {
    long sum = bars.addVolume(row[4], size, barTime);
    if (sum == Scale.NONE) {
      return;
    }
    if (row[4] == 0) {
      row[0] = price;
      row[1] = price;
      row[2] = price;
    } else {
      row[1] = Math.max(row[1], price);
      row[2] = Math.min(row[2], price);
    }
    row[3] = price;
    row[4] = sum;
  }
}
