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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import piker.emsd.dark.Trigger;
import piker.emsd.dark.TriggerBook;

/**
 * One market's trigger book holding 100,000 triggers, fed single ticks. Sample time rather than an
 * average, because the tail of a tick's latency is what delays every later tick of the market.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public abstract class AbstractTriggerBookBench {

  private final List<Tick> quietTicks = MarketTriggers.QUIET_TICKS;
  private final List<Tick> firingTicks = MarketTriggers.FIRING_TICKS;
  // One list for every tick, as emsd's MarketView keeps one: the book appends, the bench clears.
  private final List<Trigger> fired = new ArrayList<>();

  TriggerBook book;
  private int nextQuiet;
  private int nextFiring;

  protected abstract TriggerBook newBook();

  @Setup(Level.Trial)
  public void fillBook() {
    book = newBook();
    MarketTriggers.spreadAroundLast(20_240_611L).forEach(book::add);
  }

  /** A benchmark that emptied or grew the book would be measuring something else. */
  @TearDown(Level.Iteration)
  public void checkBookSize() {
    if (book.size() != MarketTriggers.TRIGGERS) {
      throw new IllegalStateException("book drifted to " + book.size() + " triggers");
    }
  }

  @Benchmark
  public int tickFiresNothing() {
    Tick tick = quietTicks.get(nextQuiet++ % quietTicks.size());
    return book.onTick(tick.kind(), tick.price(), fired);
  }

  @Benchmark
  public int tickFiresAFew(Refill refill) {
    Tick tick = firingTicks.get(nextFiring++ % firingTicks.size());
    fired.clear();
    int count = book.onTick(tick.kind(), tick.price(), fired);
    refill.afterInvocation(book, fired);
    return count;
  }

  /** Puts fired triggers back after each invocation, outside the measured time, so the book stays full. */
  @State(Scope.Thread)
  public static class Refill {

    private TriggerBook book;
    private List<Trigger> fired = List.of();

    void afterInvocation(TriggerBook book, List<Trigger> fired) {
      this.book = book;
      this.fired = fired;
    }

    @TearDown(Level.Invocation)
    public void putBack() {
      if (fired.isEmpty()) {
        throw new IllegalStateException("a firing tick fired nothing: the benchmark lost its point");
      }
      for (int i = 0; i < fired.size(); i++) {
        book.add(fired.get(i));
      }
      fired.clear();
    }
  }
}
