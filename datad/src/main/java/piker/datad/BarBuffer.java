package piker.datad;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import piker.contracts.market.Bar;
import piker.contracts.market.Scale;

/**
 * One market's OHLC bars of one period: a bounded ring of closed bars plus the current one. Trades
 * update the bar their venue time falls in; samplerd's steps close the current bar and open the next
 * at the previous close with zero volume, so a quiet period still gets its flat bar. A bar's time is
 * the period-aligned epoch second it opens at; no bar is ever written twice or skipped. Owned by one
 * feed actor; not thread-safe.
 *
 * <p>Prices and volumes are held as {@code long}s in the market's scales ({@link BarColumns}): OHLC in
 * price units, volume in size units. Decimals are converted exactly at the edges (trades, history and
 * bars in; {@link Bar}s out, at the market's decimals); a value off its scale is refused, never rounded.
 * A trade whose size would overflow its bar's volume is refused whole, so a bar is never wrong, only
 * short of that trade. Refusals are counted and the last one described ({@link #refusals}): the feed
 * logs them.
 */
final class BarBuffer {
  private final int period;
  private final int capacity;
  private final BarUnits units;
  /** The closed bars, oldest first. */
  private final BarRing ring;
  /** Live bars closed (or amended) since the last {@link #drainClosed}: what storage has not seen. */
  private final List<Bar> closedSince = new ArrayList<>();
  // the current bar; valid when hasCurrent
  private boolean hasCurrent;
  private long time;
  private long open;
  private long high;
  private long low;
  private long close;
  private long volume;
  /** Whether the current bar has had a trade; a flat bar's first trade becomes its open. */
  private boolean traded;
  /** The venue times of the current bar's first and last trades ({@link BarTradeTimes#UNKNOWN}: see there). */
  private long firstNs = BarTradeTimes.UNKNOWN;
  private long lastNs = BarTradeTimes.UNKNOWN;
  /** The same for the last few closed bars, for trades that come after their bar closed. */
  private final BarTradeTimes closedTimes = new BarTradeTimes();
  /** The venue's recent bars awaited and merged: see {@link #awaitRecent}, {@link #gap} and {@link #mergeRecent}. */
  private final RecentMerge recent = new RecentMerge();
  private long refusals;
  private String lastRefusal;

  /** Most live trades kept while the venue's recent bars are on their way; past it the merge is given up. */
  static final int MAX_JOURNAL = TradeJournal.MAX;
  /** {@link #mergeRecent}'s answer to venue bars cut too early to merge: ask again. */
  static final int CUT_TOO_EARLY = RecentMerge.CUT_TOO_EARLY;

  BarBuffer(int periodSeconds, int capacity, Scale prices, Scale sizes) {
    if (periodSeconds <= 0 || capacity <= 0) {
      throw new IllegalArgumentException("period and capacity must be positive");
    }
    this.period = periodSeconds;
    this.capacity = capacity;
    this.units = new BarUnits(prices, sizes);
    this.ring = new BarRing(periodSeconds, capacity);
  }

  int period() {
    return period;
  }

  long align(long epochSeconds) {
    return Math.floorDiv(epochSeconds, period) * period;
  }

  /** Starts the series at a known price (a feed's startup quote) when it has no bar yet. */
  void seed(long epochSeconds, BigDecimal price) {
    if (!hasCurrent && price != null) {
      long priceUnits = units.price(price);
      if (priceUnits == Scale.NONE) {
        refuse("the startup price " + price.toPlainString() + " is off the market's scales (" + units.describe()
            + ")");
      } else {
        seed(epochSeconds, priceUnits);
      }
    }
  }

  /** {@link #seed(long, BigDecimal)} with the price in units ({@link Scale#NONE}: unknown). */
  void seed(long epochSeconds, long price) {
    if (!hasCurrent && price != Scale.NONE) {
      openBar(align(epochSeconds), price, 0);
      traded = false;
    }
  }

  /** A trade at venue time {@code epochNanos}; false when refused (off the market's scales). */
  boolean trade(long epochNanos, BigDecimal price, BigDecimal quantity) {
    long priceUnits = units.price(price);
    long sizeUnits = units.size(quantity);
    if (priceUnits == Scale.NONE || sizeUnits == Scale.NONE) {
      return refuse("a trade of " + plain(quantity) + " at " + plain(price) + " is off the market's scales ("
          + units.describe() + ")");
    }
    return trade(epochNanos, priceUnits, sizeUnits);
  }

  /**
   * A trade at venue time {@code epochNanos}, its price and size in the market's units (the hot path: no
   * allocation); false when refused (an unknown value, or a volume past a {@code long}).
   */
  boolean trade(long epochNanos, long price, long quantity) {
    if (recent.counted(epochNanos)) {
      return true; // in the venue's bars already (its live copy may come after them)
    }
    if (price == Scale.NONE || quantity == Scale.NONE) {
      return refuse("a trade without a price or size");
    }
    long barTime = align(Math.floorDiv(epochNanos, 1_000_000_000L));
    if (!hasCurrent) {
      openBar(barTime, price, quantity);
      firstNs = epochNanos;
      lastNs = epochNanos;
    } else {
      if (barTime > time) {
        rollTo(barTime);
      }
      if (barTime == time) {
        long sum = addVolume(volume, quantity, barTime);
        if (sum == Scale.NONE) {
          return false;
        }
        volume = sum;
        if (!traded) {
          // open = the first trade of the bar: a bar opened flat by a step takes its first trade whole
          open = price;
          high = price;
          low = price;
          close = price;
          traded = true;
          firstNs = epochNanos;
          lastNs = epochNanos;
        } else {
          high = Math.max(high, price);
          low = Math.min(low, price);
          // the venue's times place a trade in its bar, whatever order the trades arrive in
          if (epochNanos >= lastNs) {
            close = price;
            lastNs = epochNanos;
          }
          if (firstNs != BarTradeTimes.UNKNOWN && epochNanos < firstNs) {
            open = price;
            firstNs = epochNanos;
          }
        }
      } else if (!amendClosed(barTime, price, quantity, epochNanos)) {
        return false;
      }
    }
    recent.taken(epochNanos, price, quantity);
    return true;
  }

  /**
   * The feed has started mid-period: from now until {@link #mergeRecent} the live trades are kept, so the
   * venue's bars of the same periods can be merged without counting any trade twice. Returns the first
   * live bar's time, from which the venue's bars are wanted.
   */
  long awaitRecent() {
    return recent.start(hasCurrent ? time : Long.MAX_VALUE);
  }

  /**
   * The live stream missed the trades between {@code lastBeforeNs} and {@code firstAfterNs}: the venue's bars
   * from the period of {@code lastBeforeNs} on, from {@code earliestSecond} at the earliest (and those still
   * held), are to replace the held ones, merged as in {@link #mergeRecent} once they are cut at or after
   * {@code firstAfterNs}. True when this starts keeping the live trades (the venue's bars are to be asked for
   * from {@link #liveFrom}); false when they are kept already, for an answer that must now reach past this gap too.
   */
  boolean gap(long lastBeforeNs, long firstAfterNs, long earliestSecond) {
    long from = Math.max(align(Math.floorDiv(lastBeforeNs, 1_000_000_000L)), align(earliestSecond));
    long oldest = oldestTime();
    return recent.gap(oldest == Long.MAX_VALUE ? from : Math.max(from, oldest), firstAfterNs);
  }

  /** {@link #gap(long, long, long)} reaching back to the period of {@code lastBeforeNs}. */
  boolean gap(long lastBeforeNs, long firstAfterNs) {
    return gap(lastBeforeNs, firstAfterNs, Math.floorDiv(lastBeforeNs, 1_000_000_000L));
  }

  /** The first bar the venue's bars are wanted from (see {@link #awaitRecent} and {@link #gap}). */
  long liveFrom() {
    return recent.liveFrom();
  }

  /** Whether live trades are kept for a merge. */
  boolean awaitingRecent() {
    return recent.waiting();
  }

  /** The venue's recent bars will not come (or were too late): the live bars stay as they are. */
  void abandonRecent() {
    recent.abandon();
  }

  /**
   * Merges the venue's bars from the first live one to the open one, which hold exactly the trades at or
   * before {@code asOfNs}: each such bar becomes the venue's bar plus the live trades after
   * {@code asOfNs}, in arrival order; flat bars among and after them follow the new closes; from now on a live
   * trade at or before {@code asOfNs} is ignored (it is in the venue's bars). Every trade is counted once:
   * those at or before the cut-off come from the venue alone, those after it from the live stream alone.
   * Returns the bars merged; none when nothing waited for them (merged already, or given up);
   * {@link #CUT_TOO_EARLY}, the live trades still kept, when {@code asOfNs} is before a trade that is in
   * neither the venue's bars nor the kept ones (see {@link #gap}). A venue bar off the market's scales is
   * refused: the live bar of its period stays.
   */
  int mergeRecent(List<Bar> venueBars, long asOfNs) {
    return recent.merge(venueBars, asOfNs, this);
  }

  /** The venue's bar of {@code barTime} is coming: bars up to it are opened (its period may be ahead of ours). */
  void openUpTo(long barTime) {
    if (hasCurrent && barTime > time) {
      rollTo(barTime); // the venue's period opened before samplerd's step or a live trade said so
    }
  }

  /**
   * Puts {@code row} in the place of the held bar of {@code barTime}, which holds trades up to venue time
   * {@code lastNs} (a later trade is its close); false when none is held.
   */
  boolean replace(long barTime, long[] row, long lastNs) {
    if (hasCurrent && barTime == time) {
      open = row[0];
      high = row[1];
      low = row[2];
      close = row[3];
      volume = row[4];
      traded = volume > 0;
      firstNs = BarTradeTimes.UNKNOWN; // the venue's open stands; a later trade is the latest
      this.lastNs = lastNs;
      return true;
    }
    int index = ring.indexOf(barTime);
    if (index < 0) {
      return false;
    }
    set(index, barTime, row[0], row[1], row[2], row[3], row[4]);
    closedTimes.merged(barTime, lastNs);
    return true;
  }

  /**
   * Bars from the first merged one on that had no trade and were not {@code replaced} (sorted) were flat at a
   * close the merge may have changed: they follow the close before them. That reaches the quiet periods between
   * the venue's bars (a venue may leave a period without trades out) and those after them.
   */
  void reflatten(long[] replaced) {
    long previous = Scale.NONE;
    for (int i = 0; i < ring.size(); i++) {
      long barTime = ring.time(i);
      if (barTime < replaced[0]) {
        continue;
      }
      if (Arrays.binarySearch(replaced, barTime) < 0 && ring.get(i, BarColumns.VOLUME) == 0 && previous != Scale.NONE
          && ring.get(i, BarColumns.CLOSE) != previous) {
        set(i, barTime, previous, previous, previous, previous, 0);
      }
      previous = ring.get(i, BarColumns.CLOSE);
    }
    if (hasCurrent && time > replaced[0] && !traded && Arrays.binarySearch(replaced, time) < 0) {
      long flat = previous != Scale.NONE ? previous : close;
      open = flat;
      high = flat;
      low = flat;
      close = flat;
    }
  }

  /** Rewrites a held closed bar; storage takes the corrected bar. */
  private void set(int index, long barTime, long o, long h, long l, long c, long v) {
    ring.set(index, barTime, o, h, l, c, v);
    closedSince.add(bar(barTime, o, h, l, c, v));
  }

  /** samplerd reached the boundary {@code epochSeconds}: the bar opening there becomes current. */
  void step(long epochSeconds) {
    if (hasCurrent && align(epochSeconds) > time) {
      rollTo(align(epochSeconds));
    }
  }

  /** The live bars closed or amended since the last call, oldest first; storage takes them. */
  List<Bar> drainClosed() {
    List<Bar> drained = List.copyOf(closedSince);
    closedSince.clear();
    return drained;
  }

  /** Bars held, the current one included. */
  int held() {
    return ring.size() + (hasCurrent ? 1 : 0);
  }

  /** Bars the ring still has room for in front of its oldest (history that can be prepended). */
  int room() {
    return ring.room();
  }

  /** Values refused so far (off the market's scales, or a volume past a long). */
  long refusals() {
    return refusals;
  }

  /** What the last refusal was, for the log; null when none. */
  String lastRefusal() {
    return lastRefusal;
  }

  /** Bytes the ring's columns take on the heap. */
  long columnBytes() {
    return ring.bytes();
  }

  /** The time of the oldest bar held (the current one when the ring is empty); empty buffer: MAX_VALUE. */
  long oldestTime() {
    if (ring.size() > 0) {
      return ring.time(0);
    }
    return hasCurrent ? time : Long.MAX_VALUE;
  }

  /**
   * Prepends history, oldest first, older than everything held: bars at or after the oldest held are
   * dropped (the live bars win), and bars that do not fit the ring are the oldest ones, dropped too, as
   * are bars off the market's scales (refused). Returns the bars taken, oldest first.
   */
  List<Bar> prepend(List<Bar> history) {
    long limit = oldestTime();
    List<Bar> taken = new ArrayList<>();
    long[] row = new long[5];
    for (int i = history.size() - 1; i >= 0 && ring.room() > 0; i--) {
      Bar bar = history.get(i);
      if (bar.time() >= limit || align(bar.time()) != bar.time() || !toUnits(bar, row)) {
        continue;
      }
      ring.prepend(bar.time(), row[0], row[1], row[2], row[3], row[4]);
      taken.add(bar);
      limit = bar.time();
    }
    java.util.Collections.reverse(taken);
    return taken;
  }

  /** The newest {@code count} bars older than {@code before} (epoch seconds; 0: no limit), oldest first. */
  List<Bar> last(int count, long before) {
    if (before <= 0) {
      return last(count);
    }
    List<Bar> page = new ArrayList<>();
    if (hasCurrent && time < before && count > 0) {
      page.add(currentBar());
    }
    for (int i = ring.size() - 1; i >= 0 && page.size() < count; i--) {
      if (ring.time(i) < before) {
        page.add(closedBar(i));
      }
    }
    java.util.Collections.reverse(page);
    return page;
  }

  /** The newest {@code count} bars, the current one included, oldest first. */
  List<Bar> last(int count) {
    int current = hasCurrent ? 1 : 0;
    int fromRing = Math.min(ring.size(), Math.max(0, count - current));
    List<Bar> bars = new ArrayList<>(fromRing + current);
    for (int i = ring.size() - fromRing; i < ring.size(); i++) {
      bars.add(closedBar(i));
    }
    if (hasCurrent && count > 0) {
      bars.add(currentBar());
    }
    return bars;
  }

  private Bar closedBar(int index) {
    return bar(ring.time(index), ring.get(index, BarColumns.OPEN), ring.get(index, BarColumns.HIGH),
        ring.get(index, BarColumns.LOW), ring.get(index, BarColumns.CLOSE), ring.get(index, BarColumns.VOLUME));
  }

  private Bar currentBar() {
    return bar(time, open, high, low, close, volume);
  }

  private Bar bar(long barTime, long o, long h, long l, long c, long v) {
    return units.bar(barTime, o, h, l, c, v);
  }

  /** Closes bars up to {@code to}, filling empty periods flat at the last close. */
  private void rollTo(long to) {
    long missing = (to - time) / period - 1;
    if (missing > capacity) {
      // older flat bars would fall out of the ring anyway: keep the newest capacity of them
      closeCurrent();
      time = to - (long) capacity * period;
    }
    while (time < to) {
      closeCurrent();
      time += period;
    }
  }

  /** Pushes the current bar into the ring and opens a flat one at its close (same time: the caller moves it). */
  private void closeCurrent() {
    ring.push(time, open, high, low, close, volume);
    closedSince.add(currentBar());
    closedTimes.closed(time, traded ? firstNs : BarTradeTimes.UNKNOWN, traded ? lastNs : BarTradeTimes.UNKNOWN);
    open = close;
    high = close;
    low = close;
    volume = 0;
    traded = false;
    firstNs = BarTradeTimes.UNKNOWN;
    lastNs = BarTradeTimes.UNKNOWN;
  }

  private void openBar(long barTime, long price, long quantity) {
    hasCurrent = true;
    traded = true;
    time = barTime;
    open = price;
    high = price;
    low = price;
    close = price;
    volume = quantity;
  }


  /**
   * A late trade for a bar already closed, at venue time {@code epochNanos}, amends it if the ring still holds it:
   * a bar that had no trade becomes the trade's; otherwise its high, low and volume take it, and its close
   * (open) when it is the bar's latest (earliest) trade by venue time, for the last few bars
   * ({@link BarTradeTimes}): an older bar's close stays, where in it the trade happened not being known. Quiet
   * bars after it follow a close that moved. False when refused (its volume would overflow).
   */
  private boolean amendClosed(long barTime, long price, long quantity, long epochNanos) {
    int index = ring.indexOf(barTime);
    if (index < 0) {
      return true;
    }
    long held = ring.get(index, BarColumns.VOLUME);
    long sum = addVolume(held, quantity, barTime);
    if (sum == Scale.NONE) {
      return false;
    }
    long o = ring.get(index, BarColumns.OPEN);
    long c = ring.get(index, BarColumns.CLOSE);
    long before = c;
    int slot = closedTimes.find(barTime);
    if (held == 0) {
      o = price; // its only trade so far
      c = price;
      if (slot >= 0) {
        closedTimes.set(slot, epochNanos, epochNanos);
      }
    } else if (slot >= 0) {
      long first = closedTimes.first(slot);
      long last = closedTimes.last(slot);
      if (epochNanos >= last) {
        c = price;
        last = epochNanos;
      }
      if (first != BarTradeTimes.UNKNOWN && epochNanos < first) {
        o = price;
        first = epochNanos;
      }
      closedTimes.set(slot, first, last);
    }
    long h = held == 0 ? price : Math.max(ring.get(index, BarColumns.HIGH), price);
    long l = held == 0 ? price : Math.min(ring.get(index, BarColumns.LOW), price);
    set(index, barTime, o, h, l, c, sum);
    if (c != before) {
      followClose(index, c);
    }
    return true;
  }

  /** Quiet bars after the closed bar at {@code index} (and a quiet current one) follow its new close. */
  private void followClose(int index, long newClose) {
    for (int i = index + 1; i < ring.size(); i++) {
      if (ring.get(i, BarColumns.VOLUME) > 0) {
        return;
      }
      set(i, ring.time(i), newClose, newClose, newClose, newClose, 0);
    }
    if (hasCurrent && !traded) {
      open = newClose;
      high = newClose;
      low = newClose;
      close = newClose;
    }
  }

  /** {@code volume + quantity}, or {@link Scale#NONE} (refused) when it does not fit a long. */
  long addVolume(long volume, long quantity, long barTime) {
    try {
      long sum = Math.addExact(volume, quantity);
      if (sum != Scale.NONE) {
        return sum;
      }
    } catch (ArithmeticException overflow) {
      // refused below
    }
    refuse("a trade of " + units.sizes().decimal(quantity) + " would take the volume of the " + period
        + " s bar at " + barTime + " past a long in units of " + units.sizes());
    return Scale.NONE;
  }

  /** A bar's values in units into {@code row}; false (refused) when one is off its scale or its time cannot be held. */
  boolean toUnits(Bar bar, long[] row) {
    if (!ring.fits(bar.time())) {
      return refuse("a bar at " + bar.time() + " is too far from the bars held");
    }
    if (!units.row(bar, row)) {
      return refuse("the " + period + " s bar " + bar + " is off the market's scales (" + units.describe() + ")");
    }
    return true;
  }

  private static String plain(BigDecimal value) {
    return value == null ? "nothing" : value.toPlainString();
  }

  private boolean refuse(String why) {
    refusals++;
    lastRefusal = why;
    return false;
  }
}
