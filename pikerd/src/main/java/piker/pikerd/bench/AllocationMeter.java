package piker.pikerd.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Bytes this JVM's threads allocated between two snapshots (HotSpot's per-thread counters): per thread, so
 * a thread started in between counts from its start. A thread that ended in between is missed, which the
 * benchmark's steady state (pool threads that stay) makes rare.
 */
final class AllocationMeter {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final Map<Long, Long> start;

  private AllocationMeter(Map<Long, Long> start) {
    this.start = start;
  }

  static AllocationMeter start() {
    return new AllocationMeter(snapshot());
  }

  /** Bytes allocated since {@link #start()}. */
  long allocated() {
    long total = 0;
    for (Map.Entry<Long, Long> thread : snapshot().entrySet()) {
      total += thread.getValue() - start.getOrDefault(thread.getKey(), 0L);
    }
    return total;
  }

  private static Map<Long, Long> snapshot() {
    long[] ids = THREADS.getAllThreadIds();
    long[] bytes = THREADS.getThreadAllocatedBytes(ids);
    Map<Long, Long> byThread = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) {
        byThread.put(ids[i], bytes[i]);
      }
    }
    return byThread;
  }
}
