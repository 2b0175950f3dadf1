package piker.backends.sim.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The reconnect backoff, used from several threads at once. */
class BackoffTest {
  @Test
  void doublesToItsCapAndResets() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(2_000));
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      delays.add(backoff.nextDelayMillis());
    }
    assertEquals(List.of(100L, 200L, 400L, 800L, 1_600L, 2_000L, 2_000L), delays);
    backoff.reset();
    assertEquals(100L, backoff.nextDelayMillis());
  }

  @Test
  void concurrentCallersEachGetTheirOwnStep() throws Exception {
    int threads = 2;
    int callsEach = 31; // 62 steps: 1 ms up to 2^61 ms, all below the cap
    Set<Long> expected = new TreeSet<>();
    for (int step = 0; step < threads * callsEach; step++) {
      expected.add(1L << step);
    }
    Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(Long.MAX_VALUE / 2));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 1_000; round++) {
        backoff.reset();
        ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
        AtomicInteger ready = new AtomicInteger();
        List<Future<?>> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          callers.add(pool.submit(() -> {
            ready.incrementAndGet();
            while (ready.get() < threads) {
              Thread.onSpinWait(); // all start together, so their calls overlap
            }
            for (int i = 0; i < callsEach; i++) {
              delays.add(backoff.nextDelayMillis());
            }
          }));
        }
        for (Future<?> caller : callers) {
          caller.get(10, TimeUnit.SECONDS);
        }
        // a lost update hands two callers the same delay and skips a step
        assertEquals(expected, new TreeSet<>(delays), "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
