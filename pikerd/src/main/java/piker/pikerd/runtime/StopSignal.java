package piker.pikerd.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT for pikerd. Taken over as the JVM starts (left to the JVM, either one ends it
 * with 143 or 130 before pikerd could stop in order), and remembered until pikerd can act on them:
 * not started yet, it just does not start; starting or running, it stops its tree and exits 0.
 */
public final class StopSignal {
  private final CompletableFuture<String> requested = new CompletableFuture<>();

  private StopSignal() {}

  /** Handles TERM and INT from now on for the rest of this JVM's life. */
  public static StopSignal install() {
    StopSignal stop = new StopSignal();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> stop.requested.complete("SIG" + name));
    }
    return stop;
  }

  /** Completes with the signal's name (e.g. SIGTERM) when the first one arrives. */
  public CompletionStage<String> requested() {
    return requested;
  }

  public boolean isRequested() {
    return requested.isDone();
  }
}
