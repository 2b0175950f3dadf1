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
