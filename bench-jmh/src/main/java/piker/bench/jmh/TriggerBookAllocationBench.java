package piker.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import piker.emsd.dark.IndexedTriggerBook;
import piker.emsd.dark.Trigger;
import piker.emsd.dark.TriggerBook;

/**
 * What a tick allocates in emsd's trigger book, for {@code -prof gc} ({@code gc.alloc.rate.norm}, bytes
 * per operation). A firing tick cannot be repeated without putting its triggers back, and putting back
 * allocates (a trigger's place in the book), so {@link #putBackOnly} measures that alone: the tick's own
 * allocation is {@link #firingTickAndPutBack} minus {@link #putBackOnly}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class TriggerBookAllocationBench {

  private final TriggerBook book = new IndexedTriggerBook();
  private final List<Trigger> fired = new ArrayList<>();
  /** What each firing tick fires, in order, recorded once: the put-back-only baseline replays it. */
  private final List<List<Trigger>> firedBy = new ArrayList<>();
  private int nextQuiet;
  private int nextFiring;
  private int nextPutBack;

  @Setup(Level.Trial)
  public void fillBook() {
    MarketTriggers.spreadAroundLast(20_240_611L).forEach(book::add);
    for (Tick tick : MarketTriggers.FIRING_TICKS) {
      List<Trigger> once = new ArrayList<>();
      book.onTick(tick.kind(), tick.price(), once);
      once.forEach(book::add);
      firedBy.add(once);
    }
  }

  @Benchmark
  public int quietTick() {
    Tick tick = MarketTriggers.QUIET_TICKS.get(nextQuiet++ % MarketTriggers.QUIET_TICKS.size());
    return book.onTick(tick.kind(), tick.price(), fired);
  }

  @Benchmark
  public int firingTickAndPutBack() {
    Tick tick = MarketTriggers.FIRING_TICKS.get(nextFiring++ % MarketTriggers.FIRING_TICKS.size());
    fired.clear();
    int count = book.onTick(tick.kind(), tick.price(), fired);
    for (int i = 0; i < count; i++) {
      book.add(fired.get(i));
    }
    return count;
  }

  @Benchmark
  public int putBackOnly() {
    List<Trigger> again = firedBy.get(nextPutBack++ % firedBy.size());
    // all out, then all in: the levels empty and come back as a firing tick's put-back makes them
    for (int i = 0; i < again.size(); i++) {
      book.remove(again.get(i).oid());
    }
    for (int i = 0; i < again.size(); i++) {
      book.add(again.get(i));
    }
    return again.size();
  }
}
