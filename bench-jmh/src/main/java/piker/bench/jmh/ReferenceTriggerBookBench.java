package piker.bench.jmh;

import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;
import piker.emsd.dark.ReferenceTriggerBook;
import piker.emsd.dark.TriggerBook;

/** The scanning oracle, for comparison: O(n) per tick, so fewer iterations by default. */
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ReferenceTriggerBookBench extends AbstractTriggerBookBench {

  @Override
  protected TriggerBook newBook() {
    return new ReferenceTriggerBook();
  }
}
