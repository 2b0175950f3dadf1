package piker.datad;

import java.util.Arrays;

/**
 * The live trades a feed keeps while the venue's recent bars are on their way (see
 * {@link BarBuffer#awaitRecent}): venue time, price and size in the market's units, in arrival order, in
 * one {@code long[]} rather than an object a trade. Bounded: past {@link #MAX} trades the wait is given up.
 */
final class TradeJournal {
  static final int MAX = 100_000;

  private long[] trades = new long[3 * 64];
  private int length;

  /** Keeps a trade; false when the journal is full (and the trade not kept). */
  boolean add(long timeNs, long price, long size) {
    if (length == MAX) {
      return false;
    }
    if (3 * (length + 1) > trades.length) {
      trades = Arrays.copyOf(trades, Math.min(2 * trades.length, 3 * MAX));
    }
    trades[3 * length] = timeNs;
    trades[3 * length + 1] = price;
    trades[3 * length + 2] = size;
    length++;
    return true;
  }

  int length() {
    return length;
  }

  long timeNs(int index) {
    return trades[3 * index];
  }

  long price(int index) {
    return trades[3 * index + 1];
  }

  long size(int index) {
    return trades[3 * index + 2];
  }
}
