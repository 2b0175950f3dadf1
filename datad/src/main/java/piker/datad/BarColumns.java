package piker.datad;

/**
 * The storage of a ring of bars: each bar is five {@code long}s (open, high, low, close, volume, in the
 * market's scaled units) and its time as an {@code int} count of periods from the first bar stored, 44
 * bytes a bar with no object per bar. Rows live in chunks of {@value #CHUNK} bars allocated on first use,
 * so a market that is not full yet costs what it holds, and no array is large enough for G1 to place it in
 * a humongous region of its own (a one-day {@code long[86_400]} would waste a third of a 1 MB region).
 * Slots are the ring's; the ring's order is its owner's business.
 */
final class BarColumns {
  static final int OPEN = 0;
  static final int HIGH = 1;
  static final int LOW = 2;
  static final int CLOSE = 3;
  static final int VOLUME = 4;
  private static final int FIELDS = 5;
  /** Bars a chunk holds: 40 KB of values and 4 KB of times. */
  static final int CHUNK = 1024;
  private static final int SHIFT = 10;

  private final int period;
  private final int capacity;
  private final long[][] values;
  private final int[][] times;
  /** The time offsets count periods from here: the first bar stored's time. */
  private long base = Long.MIN_VALUE;

  BarColumns(int period, int capacity) {
    this.period = period;
    this.capacity = capacity;
    int chunks = (capacity + CHUNK - 1) >>> SHIFT;
    this.values = new long[chunks][];
    this.times = new int[chunks][];
  }

  /** Whether a bar at {@code time} can be stored: its distance from the first bar fits the time column. */
  boolean fits(long time) {
    if (base == Long.MIN_VALUE) {
      return true;
    }
    long offset = (time - base) / period;
    return offset >= Integer.MIN_VALUE && offset <= Integer.MAX_VALUE;
  }

  long time(int slot) {
    return base + (long) times[slot >>> SHIFT][slot & (CHUNK - 1)] * period;
  }

  long get(int slot, int field) {
    return values[slot >>> SHIFT][(slot & (CHUNK - 1)) * FIELDS + field];
  }

  void put(int slot, int field, long value) {
    values[slot >>> SHIFT][(slot & (CHUNK - 1)) * FIELDS + field] = value;
  }

  /** Stores a whole bar; {@code time} must {@link #fits fit}. */
  void set(int slot, long time, long open, long high, long low, long close, long volume) {
    if (base == Long.MIN_VALUE) {
      base = time;
    }
    int chunk = slot >>> SHIFT;
    if (values[chunk] == null) {
      int rows = Math.min(CHUNK, capacity - (chunk << SHIFT));
      values[chunk] = new long[rows * FIELDS];
      times[chunk] = new int[rows];
    }
    int row = slot & (CHUNK - 1);
    times[chunk][row] = Math.toIntExact((time - base) / period);
    int at = row * FIELDS;
    long[] chunkValues = values[chunk];
    chunkValues[at + OPEN] = open;
    chunkValues[at + HIGH] = high;
    chunkValues[at + LOW] = low;
    chunkValues[at + CLOSE] = close;
    chunkValues[at + VOLUME] = volume;
  }

  /** Bytes the allocated chunks take on the heap (array headers included, 16 bytes each). */
  long bytes() {
    long bytes = 0;
    for (int chunk = 0; chunk < values.length; chunk++) {
      if (values[chunk] != null) {
        bytes += 16 + 8L * values[chunk].length + 16 + 4L * times[chunk].length;
      }
    }
    return bytes;
  }
}
