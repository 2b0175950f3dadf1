package piker.emsd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import piker.emsd.router.Effect;

/**
 * "Journal before acknowledge": the effects of each decision, held until its events are written and run in
 * decision order. A batch with nothing to write waits only for the batches before it.
 */
final class JournalOrder {
  private static final class Batch {
    final long seq;
    final List<Effect> effects;
    boolean written;

    Batch(long seq, List<Effect> effects, boolean written) {
      this.seq = seq;
      this.effects = effects;
      this.written = written;
    }
  }

  private final Deque<Batch> batches = new ArrayDeque<>();
  private long next;

  /** Queues a batch's effects; returns its number, for {@link #written}. */
  long add(List<Effect> effects, boolean written) {
    long seq = next++;
    batches.addLast(new Batch(seq, effects, written));
    return seq;
  }

  void written(long seq) {
    for (Batch batch : batches) {
      if (batch.seq == seq) {
        batch.written = true;
        return;
      }
    }
  }

  /** The effects now due: those of the written batches at the head, in order. */
  List<Effect> due() {
    List<Effect> due = new ArrayList<>();
    while (!batches.isEmpty() && batches.peekFirst().written) {
      due.addAll(batches.removeFirst().effects);
    }
    return due;
  }
}
