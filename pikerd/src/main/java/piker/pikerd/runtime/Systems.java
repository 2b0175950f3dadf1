package piker.pikerd.runtime;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;

/** Stopping a command's own ActorSystem on the way out. */
public final class Systems {
  private Systems() {}

  /**
   * Terminates {@code system} and waits up to {@code patience} for it. The caller is about to exit, so a
   * slow stop is not an error; an interrupt stops the wait and stays set for the caller to see.
   */
  public static void terminate(ActorSystem<?> system, Duration patience) {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // remoting's threads are daemons: the JVM exits regardless
    }
  }

  /**
   * Whether threads of an ActorSystem named {@code systemName} still run {@code grace} after its owner stopped it
   * (its stop gave up): in a JVM that runs one command after another they would write into the next one's output.
   */
  public static boolean outlived(String systemName, Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith(systemName)) {
        try {
          thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return true;
        }
        if (thread.isAlive()) {
          return true;
        }
      }
    }
    return false;
  }
}
