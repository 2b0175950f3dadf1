package piker.datad;

/**
 * The closed bars of a {@link BarBuffer}, oldest first, in a bounded ring over {@link BarColumns}: index 0 is
 * the oldest bar held; a push when full drops the oldest; history goes in front while there is room.
 */
final class BarRing {
  private final int capacity;
  private final BarColumns columns;
  /** The slot of the oldest bar. */
  private int head;
  private int size;

  BarRing(int period, int capacity) {
    this.capacity = capacity;
    this.columns = new BarColumns(period, capacity);
  }

  int size() {
    return size;
  }

  /** Bars the ring still has room for. */
  int room() {
    return capacity - size;
  }

  long time(int index) {
    return columns.time(slot(index));
  }

  long get(int index, int field) {
    return columns.get(slot(index), field);
  }

  /** Whether a bar at {@code time} can be stored (see {@link BarColumns#fits}). */
  boolean fits(long time) {
    return columns.fits(time);
  }

  /** Rewrites the bar at {@code index}. */
  void set(int index, long time, long open, long high, long low, long close, long volume) {
    columns.set(slot(index), time, open, high, low, close, volume);
  }

  /** Adds the newest bar; when full, the oldest goes. */
  void push(long time, long open, long high, long low, long close, long volume) {
    int slot;
    if (size < capacity) {
      slot = slot(size);
      size++;
    } else {
      slot = head;
      head = (head + 1) % capacity;
    }
    columns.set(slot, time, open, high, low, close, volume);
  }

  /** Adds a bar older than all held; the caller checks {@link #room} first. */
  void prepend(long time, long open, long high, long low, long close, long volume) {
    if (size == capacity) {
      throw new IllegalStateException("no room in front of the oldest bar");
    }
    head = (head - 1 + capacity) % capacity;
    columns.set(head, time, open, high, low, close, volume);
    size++;
  }

  /** The index of the bar at {@code time}, or -1; searched from the newest, where late trades land. */
  int indexOf(long time) {
    for (int i = size - 1; i >= 0; i--) {
      long held = time(i);
      if (held == time) {
        return i;
      }
      if (held < time) {
        return -1;
      }
    }
    return -1;
  }

  /** Bytes the columns take on the heap. */
  long bytes() {
    return columns.bytes();
  }

  private int slot(int index) {
    return (head + index) % capacity;
  }
}
