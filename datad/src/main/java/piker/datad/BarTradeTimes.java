package piker.datad;

import java.util.Arrays;

/**
 * The venue times of the first and last trades counted in each of the last few closed bars, so a trade that
 * arrives after its bar closed (network latency, a reconnect's replayed trades) takes the bar's close when it is
 * the bar's latest trade, and its open when it is the earliest: a late trade's venue time says where in the bar it
 * happened. Older bars than these keep their open and close. {@link #UNKNOWN} as a first time: the bar's open is
 * not to be moved (the venue's bar, merged); as a last time: any later trade is the latest. Owned by one
 * {@link BarBuffer}.
 */
final class BarTradeTimes {
  /** Closed bars remembered: late trades come within a few of them. */
  static final int KEPT = 16;
  static final long UNKNOWN = Long.MIN_VALUE;

  private final long[] bars = new long[KEPT];
  private final long[] first = new long[KEPT];
  private final long[] last = new long[KEPT];
  private int next;

  BarTradeTimes() {
    Arrays.fill(bars, Long.MIN_VALUE);
  }

  /** A bar closed with trades at {@code firstNs} to {@code lastNs} (or none: both {@link #UNKNOWN}). */
  void closed(long barTime, long firstNs, long lastNs) {
    bars[next] = barTime;
    first[next] = firstNs;
    last[next] = lastNs;
    next = (next + 1) % KEPT;
  }

  /** Where {@code barTime} is kept, or -1. */
  int find(long barTime) {
    for (int i = 0; i < KEPT; i++) {
      if (bars[i] == barTime) {
        return i;
      }
    }
    return -1;
  }

  long first(int slot) {
    return first[slot];
  }

  long last(int slot) {
    return last[slot];
  }

  void set(int slot, long firstNs, long lastNs) {
    first[slot] = firstNs;
    last[slot] = lastNs;
  }

  /** The bar was rewritten (a merge) to hold trades up to {@code lastNs}: its open is the venue's, not moved. */
  void merged(long barTime, long lastNs) {
    int slot = find(barTime);
    if (slot >= 0) {
      set(slot, UNKNOWN, lastNs);
    } else {
      closed(barTime, UNKNOWN, lastNs);
    }
  }
}
