package piker.emsd.dark;

import java.util.List;

/**
 * A trigger as held by {@link IndexedTriggerBook}: {@code seq} orders triggers by when they were added;
 * the links chain the triggers of one price level in that order, so removing one is O(1).
 */
final class Placed {
  final Trigger trigger;
  final long seq;
  Level level;
  Placed prev;
  Placed next;

  Placed(Trigger trigger, long seq) {
    this.trigger = trigger;
    this.seq = seq;
  }

  String oid() {
    return trigger.oid();
  }

  /** The triggers of one price, oldest first, as an intrusive list. */
  static final class Level {
    final long price;
    private Placed head;
    private Placed tail;

    Level(long price) {
      this.price = price;
    }

    void append(Placed placed) {
      placed.level = this;
      placed.prev = tail;
      placed.next = null;
      if (tail == null) {
        head = placed;
      } else {
        tail.next = placed;
      }
      tail = placed;
    }

    void unlink(Placed placed) {
      if (placed.prev == null) {
        head = placed.next;
      } else {
        placed.prev.next = placed.next;
      }
      if (placed.next == null) {
        tail = placed.prev;
      } else {
        placed.next.prev = placed.prev;
      }
      placed.level = null;
      placed.prev = null;
      placed.next = null;
    }

    boolean isEmpty() {
      return head == null;
    }

    /** Appends every trigger of the level to {@code sink}, oldest first; the level is done with. */
    void drainTo(List<Placed> sink) {
      for (Placed placed = head; placed != null; placed = placed.next) {
        placed.level = null;
        sink.add(placed);
      }
      head = null;
      tail = null;
    }
  }
}
