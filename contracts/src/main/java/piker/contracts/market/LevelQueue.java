package piker.contracts.market;

import java.util.List;

/**
 * The entries of one price level, oldest first: an intrusive doubly linked list, so an entry leaves its
 * level in O(1) and a level costs nothing per entry beyond the entry itself. The levels of a
 * {@link PriceLevels} side. Not thread-safe.
 *
 * @param <E> the entries, which carry their own links
 */
public final class LevelQueue<E extends LevelQueue.Entry<E>> {

  /** What a level holds: an entry is in at most one level at a time. */
  public abstract static class Entry<E extends Entry<E>> {
    private LevelQueue<E> queue;
    private E prev;
    private E next;

    /** The entry queued after this one in its level, or null. */
    public final E next() {
      return next;
    }
  }

  private E head;
  private E tail;

  public boolean isEmpty() {
    return head == null;
  }

  /** The oldest entry, or null. */
  public E first() {
    return head;
  }

  /** Queues {@code entry} last; it must be in no level. */
  public void append(E entry) {
    Entry<E> links = entry;
    if (links.queue != null) {
      throw new IllegalStateException("an entry is in one level at a time");
    }
    links.queue = this;
    links.prev = tail;
    links.next = null;
    if (tail == null) {
      head = entry;
    } else {
      ((Entry<E>) tail).next = entry;
    }
    tail = entry;
  }

  /** Takes {@code entry}, which must be in this level, out of it. */
  public void unlink(E entry) {
    Entry<E> links = entry;
    if (links.queue != this) {
      throw new IllegalStateException("the entry is not in this level");
    }
    if (links.prev == null) {
      head = links.next;
    } else {
      ((Entry<E>) links.prev).next = links.next;
    }
    if (links.next == null) {
      tail = links.prev;
    } else {
      ((Entry<E>) links.next).prev = links.prev;
    }
    links.queue = null;
    links.prev = null;
    links.next = null;
  }

  /** Empties the level into {@code sink}, oldest first. */
  public void drainTo(List<? super E> sink) {
    E entry = head;
    while (entry != null) {
      Entry<E> links = entry;
      E next = links.next;
      links.queue = null;
      links.prev = null;
      links.next = null;
      sink.add(entry);
      entry = next;
    }
    head = null;
    tail = null;
  }
}
