package piker.brokerd.account;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the trader tells its parent, in the order it decided, held behind fills whose ledger writes are
 * still on their way: a fill's slot is reserved when it arrives ({@link #hold}) and filled once the write
 * is durable ({@link #release}); whatever was decided meanwhile waits behind it. Plain code, owned by its actor.
 */
final class Outbox<T> {
  private static final class Slot<T> {
    final long ticket;
    final List<T> messages = new ArrayList<>();
    boolean ready;

    Slot(long ticket) {
      this.ticket = ticket;
    }
  }

  private final Consumer<T> send;
  private final ArrayDeque<Slot<T>> queue = new ArrayDeque<>();
  private long tickets;

  Outbox(Consumer<T> send) {
    this.send = send;
  }

  /** Sends now, or after the slots held before it. */
  void send(T message) {
    if (queue.isEmpty()) {
      send.accept(message);
      return;
    }
    Slot<T> slot = new Slot<>(-1);
    slot.messages.add(message);
    slot.ready = true;
    queue.add(slot);
  }

  /** Reserves the next place in line; its messages come with {@link #release}. */
  long hold() {
    Slot<T> slot = new Slot<>(tickets++);
    queue.add(slot);
    return slot.ticket;
  }

  /** Fills a held place (with nothing, when the write failed) and sends whatever is now first in line. */
  void release(long ticket, List<T> messages) {
    for (Slot<T> slot : queue) {
      if (slot.ticket == ticket && !slot.ready) {
        slot.messages.addAll(messages);
        slot.ready = true;
      }
    }
    while (!queue.isEmpty() && queue.peek().ready) {
      queue.poll().messages.forEach(send);
    }
  }
}
