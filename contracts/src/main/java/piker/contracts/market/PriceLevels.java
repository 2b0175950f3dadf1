package piker.contracts.market;

import java.util.Arrays;

/**
 * One side of a book: levels keyed by a price in scaled longs ({@link Scale}), best first. A book is
 * served from its best level, so the levels sit in a sorted primitive array with the best at its END:
 * reading or taking the best is O(1) and allocates nothing; adding or dropping a level elsewhere shifts
 * the levels between it and the end ({@code System.arraycopy}), few for a level near the market.
 *
 * <p>Prices must be {@code >= 0} (the lowest-first side keys by the negated price, exact for those).
 * Not thread-safe.
 *
 * @param <L> what a level holds
 */
public final class PriceLevels<L> {
  private static final int INITIAL_LEVELS = 16;

  private final boolean highestFirst;
  private long[] keys = new long[INITIAL_LEVELS];
  private Object[] levels = new Object[INITIAL_LEVELS];
  private int count;

  /** @param highestFirst whether the highest price is the best level (bids), else the lowest (asks) */
  public PriceLevels(boolean highestFirst) {
    this.highestFirst = highestFirst;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  public int size() {
    return count;
  }

  /** The best level's price; the side must not be empty. */
  public long bestPrice() {
    return priceOf(keys[count - 1]);
  }

  /** The best level; the side must not be empty. */
  @SuppressWarnings("unchecked")
  public L best() {
    return (L) levels[count - 1];
  }

  /** Removes and returns the best level; the side must not be empty. */
  public L pollBest() {
    L best = best();
    levels[--count] = null;
    return best;
  }

  /** The level at {@code price}, or null. */
  @SuppressWarnings("unchecked")
  public L get(long price) {
    int at = Arrays.binarySearch(keys, 0, count, keyOf(price));
    return at < 0 ? null : (L) levels[at];
  }

  /** Adds a level at a price that has none. */
  public void put(long price, L level) {
    if (price < 0) {
      throw new IllegalArgumentException("a price level must be >= 0: " + price);
    }
    long key = keyOf(price);
    int at = Arrays.binarySearch(keys, 0, count, key);
    if (at >= 0) {
      throw new IllegalStateException("a level at " + price + " exists");
    }
    at = -at - 1;
    if (count == keys.length) {
      keys = Arrays.copyOf(keys, count * 2);
      levels = Arrays.copyOf(levels, count * 2);
    }
    System.arraycopy(keys, at, keys, at + 1, count - at);
    System.arraycopy(levels, at, levels, at + 1, count - at);
    keys[at] = key;
    levels[at] = level;
    count++;
  }

  /** Drops the level at {@code price}; whether there was one. */
  public boolean remove(long price) {
    int at = Arrays.binarySearch(keys, 0, count, keyOf(price));
    if (at < 0) {
      return false;
    }
    count--;
    System.arraycopy(keys, at + 1, keys, at, count - at);
    System.arraycopy(levels, at + 1, levels, at, count - at);
    levels[count] = null;
    return true;
  }

  // keys ascend, so the best (highest price, or lowest by its negation) is last
  private long keyOf(long price) {
    return highestFirst ? price : -price;
  }

  private long priceOf(long key) {
    return highestFirst ? key : -key;
  }
}
