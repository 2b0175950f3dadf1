package piker.pikerd.runtime;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a command's start-up time goes, behind {@code -Dpiker.startup.trace=true} (e.g. in
 * $PIKER_JAVA_OPTS): each phase's wall time since the JVM started and the CPU time the process had used
 * by then, printed to stderr as the command exits. CPU time is the figure to compare on a busy machine
 * (it is what a phase costs, not how long it queued for a core); the wall time is what the user waits.
 * CPU comes from /proc at clock-tick resolution (10 ms on Linux). Off, a mark costs one branch.
 */
public final class StartupTrace {
  private static final boolean ON = Boolean.getBoolean("piker.startup.trace");
  private static final List<String> PHASES = new ArrayList<>();
  private static final List<long[]> TIMES = new ArrayList<>();

  private StartupTrace() {}

  /** Notes that {@code phase} has just ended. */
  public static synchronized void mark(String phase) {
    if (!ON) {
      return;
    }
    long cpu = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    PHASES.add(phase);
    TIMES.add(new long[] {System.currentTimeMillis(), cpu});
  }

  /** Prints the marks so far; the JVM's start time is read only now, so its cost falls outside them. */
  public static synchronized void report() {
    if (!ON) {
      return;
    }
    long start = ManagementFactory.getRuntimeMXBean().getStartTime();
    long[] previous = {start, 0};
    for (int i = 0; i < PHASES.size(); i++) {
      long[] time = TIMES.get(i);
      System.err.printf("startup: %-22s wall %5d ms (+%4d)  cpu %5d ms (+%4d)%n", PHASES.get(i),
          time[0] - start, time[0] - previous[0], time[1], time[1] - previous[1]);
      previous = time;
    }
  }
}
