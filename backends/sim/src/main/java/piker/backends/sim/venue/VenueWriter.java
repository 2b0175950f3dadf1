package piker.backends.sim.venue;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sim venue's disk writer: the exchange log's lines and the tape's ticks are appended on this one
 * thread, in the order they were queued, so the engine's actor never waits on the disk.
 *
 * <p>The exchange log's rule, a line is written before the venue answers, holds through {@link #afterLogged}:
 * while any line is still queued the engine queues its sends here too, behind it, so an answer (or a
 * quote of a pushed tick) goes out only once the lines before it are in the file, and what a connection
 * receives keeps the engine's order. A failed log line stops the log: no later line is written and no
 * later answer sent. Tape lines are history for klines, not promises: a failed one is logged and the
 * tape goes on.
 */
final class VenueWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VenueWriter.class);

  /** One append to a file. */
  @FunctionalInterface
  interface Write {
    void run() throws IOException;
  }

  private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
    Thread writer = new Thread(runnable, "sim-venue-writer");
    writer.setDaemon(true);
    return writer;
  });
  /** Lines and sends queued: the queuing thread's (the engine's) only. */
  private long queued;
  /** Lines and sends done (written, sent, failed or skipped). */
  private final AtomicLong done = new AtomicLong();
  /** Set on the writer's thread; read by the engine's (a failed log stops direct sends too). */
  private volatile boolean logFailed;

  /** Queues a line of the exchange log; answers queued after it wait for it. */
  void log(Write write) {
    queue(true, write, e -> {
      logFailed = true;
      LOG.error("cannot write the venue's exchange log ({}): it answers nothing more until restarted", e.toString());
    });
  }

  /** Queues a line of the tape: history, so a failure stops nothing. */
  void tape(String what, Write write) {
    queue(false, write, e -> LOG.error("cannot write the tape of {}: {}", what, e.toString()));
  }

  /** Runs {@code send} here once every line queued before it is written (never, after a failed log line). */
  void afterLogged(Runnable send) {
    queue(true, send::run, e -> LOG.error("sending from the venue's writer: {}", e.toString()));
  }

  private void queue(boolean skippedAfterFailedLog, Write work, Consumer<Exception> onFailure) {
    queued++;
    thread.execute(() -> {
      try {
        if (!(skippedAfterFailedLog && logFailed)) {
          work.run();
        }
      } catch (IOException | RuntimeException e) {
        onFailure.accept(e);
      } finally {
        done.incrementAndGet();
      }
    });
  }

  /**
   * True when nothing is still queued and the log has not failed: a send may then go straight out. After a
   * failed log line sends go through {@link #afterLogged}, which drops them: no answer the log lacks.
   */
  boolean settled() {
    return !logFailed && done.get() == queued;
  }

  /** Writes everything queued, then stops the thread (a bounded wait: its thread is a daemon). */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("the venue's writer did not finish within 10 s; lines still queued are lost");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
