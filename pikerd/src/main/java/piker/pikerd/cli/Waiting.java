package piker.pikerd.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a command's outcome: its exit code, or exit 1 with one line once the timeout passes. */
final class Waiting {
  private Waiting() {}

  static int exitCode(CompletableFuture<Integer> done, Duration timeout, PrintWriter err, String onTimeout) {
    try {
      return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      err.println(onTimeout);
      err.flush();
      return ExitCodes.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.FAILED;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime
          : new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }
}
