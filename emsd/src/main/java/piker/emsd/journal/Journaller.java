package piker.emsd.journal;

import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.emsd.orders.OrderEvent;

/**
 * The journal's single writer, on its own thread (group commit): it takes every batch queued since its
 * last write, commits them with one write (and one fsync, if on), then completes their stages in the
 * order they were queued. emsd's thread only queues; it never waits on the disk.
 *
 * <p>Once a commit fails, what is on disk is unknown until recovery reads it again: that batch's stage and
 * every later one fail, so nothing after a failed batch is ever acted on.
 */
final class Journaller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Journaller.class);

  /** What the journaller's thread does with a group: one durable write of all its events, in order. */
  @FunctionalInterface
  interface Committer {
    void commit(List<OrderEvent> events) throws IOException;
  }

  private record Pending(List<OrderEvent> events, CompletableFuture<Void> done, long queuedNanos) {}

  /** Most events one group commit writes: far below the record size recovery accepts (64 MiB). */
  static final int MAX_GROUP_EVENTS = 20_000;

  private final Committer committer;
  /** Each batch's wait from {@link #submit} to durable. */
  private final Timer lag;
  private final Thread thread;
  private final Object lock = new Object();
  /** Batches queued since the journaller last took them; guarded by {@link #lock}. */
  private List<Pending> queued = new ArrayList<>();
  /** Guarded by {@link #lock}. */
  private boolean closing;
  /** The first failed commit: the journaller's thread only. */
  private IOException failed;

  Journaller(Committer committer, String name) {
    this(committer, name, JournalMeters.none().lag());
  }

  Journaller(Committer committer, String name, Timer lag) {
    this.committer = committer;
    this.lag = lag;
    this.thread = new Thread(this::run, name);
    // a stage never completed was never acted on: a JVM that exits without close loses nothing acknowledged
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues one batch; its stage completes once it (and every batch before it) is durable. */
  CompletionStage<Void> submit(List<OrderEvent> events) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (lock) {
      if (closing) {
        done.completeExceptionally(new IOException("emsd's journal is closed"));
        return done;
      }
      queued.add(new Pending(List.copyOf(events), done, System.nanoTime()));
      lock.notifyAll();
    }
    return done;
  }

  private void run() {
    while (true) {
      List<Pending> group;
      synchronized (lock) {
        while (queued.isEmpty() && !closing) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            // only close ends the journaller: it must drain what was queued
          }
        }
        if (queued.isEmpty()) {
          return;
        }
        group = takeGroup();
      }
      commit(group);
    }
  }

  /**
   * The batches of the next commit, in order: all that queued, up to {@link #MAX_GROUP_EVENTS} events (and
   * at least one batch), so that a long disk stall never builds a record recovery would refuse as too large.
   */
  private List<Pending> takeGroup() {
    int events = 0;
    int taken = 0;
    while (taken < queued.size() && (taken == 0 || events + queued.get(taken).events().size() <= MAX_GROUP_EVENTS)) {
      events += queued.get(taken).events().size();
      taken++;
    }
    if (taken == queued.size()) {
      List<Pending> group = queued;
      queued = new ArrayList<>();
      return group;
    }
    List<Pending> group = new ArrayList<>(queued.subList(0, taken));
    queued.subList(0, taken).clear();
    return group;
  }

  private void commit(List<Pending> group) {
    if (failed == null) {
      List<OrderEvent> events = new ArrayList<>();
      group.forEach(pending -> events.addAll(pending.events()));
      try {
        committer.commit(events);
      } catch (IOException | RuntimeException e) {
        failed = e instanceof IOException io ? io : new IOException("emsd's journal failed a write", e);
        LOG.error("emsd's journal failed a write; no later batch is acknowledged: {}", e.toString());
      }
    }
    long durable = System.nanoTime();
    for (Pending pending : group) {
      if (failed == null) {
        lag.record(durable - pending.queuedNanos(), TimeUnit.NANOSECONDS);
        pending.done().complete(null);
      } else {
        pending.done().completeExceptionally(failed);
      }
    }
  }

  /** Refuses new batches, waits until every queued one is committed (or failed), then returns. */
  @Override
  public void close() {
    synchronized (lock) {
      closing = true;
      lock.notifyAll();
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
