package piker.bench.jmh;

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
import piker.emsd.dark.TickKind;
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

  // All at last, where no trigger sits: the common tick that fires nothing.
  private final List<Tick> quietTicks = List.of(
      Tick.of(TickKind.TRADE, "60000.00"), Tick.of(TickKind.BID, "60000.00"), Tick.of(TickKind.ASK, "60000.0"));
  // One tick away from last either way: each fires the few triggers on that level.
  private final List<Tick> firingTicks = List.of(
      Tick.of(TickKind.TRADE, "60000.01"), Tick.of(TickKind.TRADE, "59999.99"),
      Tick.of(TickKind.ASK, "60000.01"), Tick.of(TickKind.BID, "59999.99"));

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
  public List<Trigger> tickFiresNothing() {
    Tick tick = quietTicks.get(nextQuiet++ % quietTicks.size());
    return book.onTick(tick.kind(), tick.price());
  }

  @Benchmark
  public List<Trigger> tickFiresAFew(Refill refill) {
    Tick tick = firingTicks.get(nextFiring++ % firingTicks.size());
    List<Trigger> fired = book.onTick(tick.kind(), tick.price());
    refill.afterInvocation(book, fired);
    return fired;
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
      fired.forEach(book::add);
      fired = List.of();
    }
  }
}
