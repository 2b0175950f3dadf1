package piker.bench.jmh;

import piker.emsd.dark.IndexedTriggerBook;
import piker.emsd.dark.TriggerBook;

/** The book emsd uses: sorted price indexes, O(log n + fired) per tick. */
public class TriggerBookBench extends AbstractTriggerBookBench {

  @Override
  protected TriggerBook newBook() {
    return new IndexedTriggerBook();
  }
}
