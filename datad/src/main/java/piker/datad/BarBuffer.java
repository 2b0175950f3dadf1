package piker.datad;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import piker.contracts.market.Bar;

/**
 * One market's OHLC bars of one period: a bounded ring of closed bars plus the current one. Trades
 * update the bar their venue time falls in; samplerd's steps close the current bar and open the next
 * at the previous close with zero volume, so a quiet period still gets its flat bar. A bar's time is
 * the period-aligned epoch second it opens at; no bar is ever written twice or skipped. Owned by one
 * feed actor; not thread-safe.
 */
final class BarBuffer {
  private final int period;
  private final int capacity;
  // the ring of closed bars, oldest at head
  private final long[] times;
  private final BigDecimal[] opens;
  private final BigDecimal[] highs;
  private final BigDecimal[] lows;
  private final BigDecimal[] closes;
  private final BigDecimal[] volumes;
  private int head;
  private int size;
  /** Live bars closed (or amended) since the last {@link #drainClosed}: what storage has not seen. */
  private final List<Bar> closedSince = new ArrayList<>();
  // the current bar; valid when hasCurrent
  private boolean hasCurrent;
  private long time;
  private BigDecimal open;
  private BigDecimal high;
  private BigDecimal low;
  private BigDecimal close;
  private BigDecimal volume;
  /** Whether the current bar has had a trade; a flat bar's first trade becomes its open. */
  private boolean traded;
  /**
   * The live trades since the feed started, kept until the venue's recent bars are merged (null when
   * nothing waits), and the first live bar: see {@link #awaitRecent} and {@link #mergeRecent}.
   */
  private List<LiveTrade> journal;
  private long liveFrom;
  /** The venue instant the merged bars hold trades up to: a live trade at or before it is in them already. */
  private long cutoffNs = Long.MIN_VALUE;

  /** Most live trades kept while the venue's recent bars are on their way; past it the merge is given up. */
  static final int MAX_JOURNAL = 100_000;

  private record LiveTrade(long timeNs, BigDecimal price, BigDecimal size) {}

  BarBuffer(int periodSeconds, int capacity) {
    if (periodSeconds <= 0 || capacity <= 0) {
      throw new IllegalArgumentException("period and capacity must be positive");
    }
    this.period = periodSeconds;
    this.capacity = capacity;
    this.times = new long[capacity];
    this.opens = new BigDecimal[capacity];
    this.highs = new BigDecimal[capacity];
    this.lows = new BigDecimal[capacity];
    this.closes = new BigDecimal[capacity];
    this.volumes = new BigDecimal[capacity];
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
      openBar(align(epochSeconds), price, BigDecimal.ZERO);
      traded = false;
    }
  }

  /** A trade at venue time {@code epochNanos}. */
  void trade(long epochNanos, BigDecimal price, BigDecimal quantity) {
    if (epochNanos <= cutoffNs) {
      return; // counted in the venue's bars already (its live copy may come after them)
    }
    if (journal != null) {
      if (journal.size() < MAX_JOURNAL) {
        journal.add(new LiveTrade(epochNanos, price, quantity));
      } else {
        journal = null; // too long a wait: the live bars stay as they are
      }
    }
    long barTime = align(Math.floorDiv(epochNanos, 1_000_000_000L));
    if (!hasCurrent) {
      openBar(barTime, price, quantity);
      return;
    }
    if (barTime > time) {
      rollTo(barTime);
    }
    if (barTime == time && !traded) {
      // open = the first trade of the bar: a bar opened flat by a step takes its first trade whole
      open = price;
      high = price;
      low = price;
      close = price;
      volume = volume.add(quantity);
      traded = true;
    } else if (barTime == time) {
      high = high.max(price);
      low = low.min(price);
      close = price;
      volume = volume.add(quantity);
    } else {
      amendClosed(barTime, price, quantity);
    }
  }

  /**
   * The feed has started mid-period: from now until {@link #mergeRecent} the live trades are kept, so the
   * venue's bars of the same periods can be merged without counting any trade twice. Returns the first
   * live bar's time, from which the venue's bars are wanted.
   */
  long awaitRecent() {
    journal = new ArrayList<>();
    liveFrom = hasCurrent ? time : Long.MAX_VALUE;
    return liveFrom;
  }

  /** The first live bar's time (see {@link #awaitRecent}). */
  long liveFrom() {
    return liveFrom;
  }

  /** Whether live trades are kept for a merge. */
  boolean awaitingRecent() {
    return journal != null;
  }

  /** The venue's recent bars will not come (or were too late): the live bars stay as they are. */
  void abandonRecent() {
    journal = null;
  }

  /**
   * Merges the venue's bars from the first live one to the open one, which hold exactly the trades at or
   * before {@code asOfNs}: each such bar becomes the venue's bar plus the live trades after
   * {@code asOfNs}, in arrival order; flat bars after them follow the new close; from now on a live trade
   * at or before {@code asOfNs} is ignored (it is in the venue's bars). Every trade is counted once: those
   * at or before the cut-off come from the venue alone, those after it from the live stream alone.
   * Returns the bars merged; none when nothing waited for them (merged already, or given up).
   */
  int mergeRecent(List<Bar> recent, long asOfNs) {
    if (journal == null) {
      return 0;
    }
    List<LiveTrade> live = journal;
    journal = null;
    cutoffNs = asOfNs;
    long newest = Long.MIN_VALUE;
    int merged = 0;
    for (Bar venue : recent) {
      if (venue.time() < liveFrom || align(venue.time()) != venue.time()) {
        continue; // older bars are the backfill's; they are complete
      }
      if (venue.time() > time) {
        rollTo(venue.time()); // the venue's period opened before samplerd's step or a live trade said so
      }
      Bar bar = venue;
      for (LiveTrade trade : live) {
        if (trade.timeNs() > asOfNs && align(Math.floorDiv(trade.timeNs(), 1_000_000_000L)) == venue.time()) {
          bar = withTrade(bar, trade.price(), trade.size());
        }
      }
      if (replace(bar)) {
        merged++;
        newest = bar.time();
      }
    }
    if (merged > 0) {
      reflattenAfter(newest);
    }
    return merged;
  }

  private static Bar withTrade(Bar bar, BigDecimal price, BigDecimal size) {
    if (bar.volume().signum() == 0) {
      return new Bar(bar.time(), price, price, price, price, size); // a flat bar's first trade is its open
    }
    return new Bar(bar.time(), bar.open(), bar.high().max(price), bar.low().min(price), price, bar.volume().add(size));
  }

  /** Puts {@code bar} in the place of the held bar of its time; false when none is held. */
  private boolean replace(Bar bar) {
    if (hasCurrent && bar.time() == time) {
      open = bar.open();
      high = bar.high();
      low = bar.low();
      close = bar.close();
      volume = bar.volume();
      traded = volume.signum() > 0;
      return true;
    }
    int slot = slotOf(bar.time());
    if (slot < 0) {
      return false;
    }
    set(slot, bar);
    return true;
  }

  /** Bars after {@code after} that had no trade were flat at a close the merge changed: they follow it. */
  private void reflattenAfter(long after) {
    BigDecimal previous = null;
    for (int i = 0; i < size; i++) {
      int slot = (head + i) % capacity;
      if (times[slot] == after) {
        previous = closes[slot];
      } else if (times[slot] > after && previous != null) {
        if (volumes[slot].signum() > 0) {
          return;
        }
        set(slot, new Bar(times[slot], previous, previous, previous, previous, BigDecimal.ZERO));
      }
    }
    if (hasCurrent && time > after && !traded) {
      BigDecimal flat = previous != null ? previous : close;
      open = flat;
      high = flat;
      low = flat;
      close = flat;
    }
  }

  private void set(int slot, Bar bar) {
    opens[slot] = bar.open();
    highs[slot] = bar.high();
    lows[slot] = bar.low();
    closes[slot] = bar.close();
    volumes[slot] = bar.volume();
    closedSince.add(bar); // storage takes the corrected bar
  }

  /** The ring slot of the closed bar at {@code barTime}, or -1. */
  private int slotOf(long barTime) {
    for (int i = size - 1; i >= 0; i--) {
      int slot = (head + i) % capacity;
      if (times[slot] == barTime) {
        return slot;
      }
      if (times[slot] < barTime) {
        return -1;
      }
    }
    return -1;
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
    return size + (hasCurrent ? 1 : 0);
  }

  /** Bars the ring still has room for in front of its oldest (history that can be prepended). */
  int room() {
    return capacity - size;
  }

  /** The time of the oldest bar held (the current one when the ring is empty); empty buffer: MAX_VALUE. */
  long oldestTime() {
    if (size > 0) {
      return times[head];
    }
    return hasCurrent ? time : Long.MAX_VALUE;
  }

  /**
   * Prepends history, oldest first, older than everything held: bars at or after the oldest held are
   * dropped (the live bars win), and bars that do not fit the ring are the oldest ones, dropped too.
   * Returns the bars taken, oldest first.
   */
  List<Bar> prepend(List<Bar> history) {
    long limit = oldestTime();
    List<Bar> taken = new ArrayList<>();
    for (int i = history.size() - 1; i >= 0 && size < capacity; i--) {
      Bar bar = history.get(i);
      if (bar.time() >= limit || align(bar.time()) != bar.time()) {
        continue;
      }
      head = (head - 1 + capacity) % capacity;
      times[head] = bar.time();
      opens[head] = bar.open();
      highs[head] = bar.high();
      lows[head] = bar.low();
      closes[head] = bar.close();
      volumes[head] = bar.volume();
      size++;
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
      page.add(new Bar(time, open, high, low, close, volume));
    }
    for (int i = size - 1; i >= 0 && page.size() < count; i--) {
      int slot = (head + i) % capacity;
      if (times[slot] < before) {
        page.add(new Bar(times[slot], opens[slot], highs[slot], lows[slot], closes[slot], volumes[slot]));
      }
    }
    java.util.Collections.reverse(page);
    return page;
  }

  /** The newest {@code count} bars, the current one included, oldest first. */
  List<Bar> last(int count) {
    int current = hasCurrent ? 1 : 0;
    int fromRing = Math.min(size, Math.max(0, count - current));
    List<Bar> bars = new ArrayList<>(fromRing + current);
    for (int i = size - fromRing; i < size; i++) {
      int slot = (head + i) % capacity;
      bars.add(new Bar(times[slot], opens[slot], highs[slot], lows[slot], closes[slot], volumes[slot]));
    }
    if (hasCurrent && count > 0) {
      bars.add(new Bar(time, open, high, low, close, volume));
    }
    return bars;
  }

  /** Closes bars up to {@code to}, filling empty periods flat at the last close. */
  private void rollTo(long to) {
    long missing = (to - time) / period - 1;
    if (missing > capacity) {
      // older flat bars would fall out of the ring anyway: keep the newest capacity of them
      push(time, open, high, low, close, volume);
      closedSince.add(new Bar(time, open, high, low, close, volume));
      time = to - (long) capacity * period;
      open = close;
      high = close;
      low = close;
      volume = BigDecimal.ZERO;
      traded = false;
    }
    while (time < to) {
      push(time, open, high, low, close, volume);
      closedSince.add(new Bar(time, open, high, low, close, volume));
      time += period;
      open = close;
      high = close;
      low = close;
      volume = BigDecimal.ZERO;
      traded = false;
    }
  }

  private void openBar(long barTime, BigDecimal price, BigDecimal quantity) {
    hasCurrent = true;
    traded = true;
    time = barTime;
    open = price;
    high = price;
    low = price;
    close = price;
    volume = quantity;
  }

  private void push(long barTime, BigDecimal o, BigDecimal h, BigDecimal l, BigDecimal c, BigDecimal v) {
    int slot;
    if (size < capacity) {
      slot = (head + size) % capacity;
      size++;
    } else {
      slot = head;
      head = (head + 1) % capacity;
    }
    times[slot] = barTime;
    opens[slot] = o;
    highs[slot] = h;
    lows[slot] = l;
    closes[slot] = c;
    volumes[slot] = v;
  }

  /**
   * A late trade for a bar already closed: its high, low and volume are amended if the ring still
   * holds it; its close stays, since a late report says nothing of where in the bar it happened.
   */
  private void amendClosed(long barTime, BigDecimal price, BigDecimal quantity) {
    for (int i = size - 1; i >= 0; i--) {
      int slot = (head + i) % capacity;
      if (times[slot] == barTime) {
        highs[slot] = highs[slot].max(price);
        lows[slot] = lows[slot].min(price);
        volumes[slot] = volumes[slot].add(quantity);
        closedSince.add(new Bar(times[slot], opens[slot], highs[slot], lows[slot], closes[slot], volumes[slot]));
        return;
      }
      if (times[slot] < barTime) {
        return;
      }
    }
  }
}
