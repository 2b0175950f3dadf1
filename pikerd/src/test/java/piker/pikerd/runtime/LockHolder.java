package piker.pikerd.runtime;

import java.nio.file.Path;

/**
 * A child JVM for {@link InstanceLockTest}: holds a config dir's instance lock (an OS file lock is
 * per process, so another JVM must hold it), says "held", and lets go when its stdin closes.
 */
public final class LockHolder {
  private LockHolder() {}

  /** {@code LockHolder DIR brief|pikerd}. */
  public static void main(String[] args) throws Exception {
    try (InstanceLock lock = InstanceLock.tryAcquire(Path.of(args[0])).orElseThrow()) {
      if ("brief".equals(args[1])) {
        lock.describeBrief("piker ledger, pid " + ProcessHandle.current().pid());
      } else {
        lock.describe("pid " + ProcessHandle.current().pid() + " at 127.0.0.1:1");
      }
      System.out.println("held");
      System.out.flush();
      while (System.in.read() >= 0) {
        // held until the test closes our stdin
      }
    }
  }
}
