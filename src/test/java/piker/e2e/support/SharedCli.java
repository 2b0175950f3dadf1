package piker.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import piker.pikerd.cli.agent.OneShot;

/**
 * Warm client JVMs for the end-to-end tests' one-shot commands, as bin/piker's client agent is for a user's: each
 * command still runs as in a JVM of its own (its own ActorSystem, connection to pikerd, stdout, stderr and exit
 * code; {@link CliBatchMain}), in another process over real remoting, without a JVM start each. Only what the
 * agent would run goes here ({@link OneShot}); while every warm JVM is busy a command starts its own, as bin/piker
 * does when its agent is. A JVM whose command hung, or left its ActorSystem running, or that died, is not reused.
 */
final class SharedCli {
  /** Two: the suite runs two test classes at a time, and a class rarely runs two commands at once. */
  private static final int MAX_WARM = 2;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Deque<Warm> IDLE = new ArrayDeque<>();
  /** Waits on a warm JVM's answer (not the common pool: on two cores it has one thread, which others need). */
  private static final ExecutorService READERS = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "shared-cli-reader");
    thread.setDaemon(true);
    return thread;
  });
  private static final Set<Process> STARTED = new HashSet<>();

  static {
    // a warm JVM ends with its stdin; this is for one whose command still runs when the tests end
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      synchronized (SharedCli.class) {
        STARTED.forEach(Process::destroyForcibly);
      }
    }, "shared-cli-stop"));
  }

  private SharedCli() {}

  /** One warm JVM: command lines in on stdin, one result line each out on stdout. */
  private record Warm(Process process, PrintWriter commands, BufferedReader results) {}

  /**
   * Runs {@code args} in a warm JVM, or says empty: not a command the agent would run, or every warm JVM busy.
   * A command that runs past {@code timeout} fails the test as one in its own JVM does, and its JVM is ended.
   */
  static Optional<CliResult> tryRun(Duration timeout, String... args) {
    if (OneShot.whyNot(args) != null) {
      return Optional.empty();
    }
    Warm warm = take();
    if (warm == null) {
      return Optional.empty();
    }
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        warm.commands().println(JSON.writeValueAsString(args));
        return warm.results().readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, READERS);
    String result;
    try {
      result = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      end(warm);
      throw new AssertionError("'piker " + String.join(" ", args) + "' did not exit within " + timeout
          + " (in a warm client JVM)");
    } catch (ExecutionException e) {
      end(warm);
      throw new AssertionError("the warm client JVM failed on 'piker " + String.join(" ", args) + "'", e.getCause());
    } catch (InterruptedException e) {
      end(warm);
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (result == null) {
      end(warm);
      throw new AssertionError("the warm client JVM ended during 'piker " + String.join(" ", args) + "'");
    }
    JsonNode node;
    try {
      node = JSON.readTree(result);
    } catch (IOException e) {
      node = null;
    }
    if (node == null || !node.has("exit") || !node.has("stdout") || !node.has("stderr")) {
      // something else on its stdout (a JVM warning, say): its answers may be out of step from here on
      end(warm);
      throw new AssertionError("the warm client JVM answered 'piker " + String.join(" ", args) + "' with "
          + result);
    }
    if (node.path("retire").asBoolean(false)) {
      end(warm);
    } else {
      give(warm);
    }
    return Optional.of(CliResult.fromBatch(node));
  }

  private static synchronized Warm take() {
    while (!IDLE.isEmpty()) {
      Warm idle = IDLE.pop();
      if (idle.process().isAlive()) {
        return idle;
      }
      end(idle);
    }
    if (STARTED.size() == MAX_WARM) {
      return null;
    }
    try {
      Process process = Processes.batchBuilder().start();
      STARTED.add(process);
      return new Warm(process, new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8),
          Processes.stdout(process));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized void give(Warm warm) {
    IDLE.push(warm);
  }

  /** The next command starts another. */
  private static synchronized void end(Warm warm) {
    warm.process().destroyForcibly();
    STARTED.remove(warm.process());
  }
}
