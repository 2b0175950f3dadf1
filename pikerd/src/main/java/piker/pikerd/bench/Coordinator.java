package piker.pikerd.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Gathers the subscribers' progress (which paces the generator) and their final reports. The
 * futures and the counter are this run's, handed in by the benchmark; only this actor writes them.
 */
final class Coordinator {
  private Coordinator() {}

  /** One run's shared results. */
  static final class Run {
    final int subscribers;
    final AtomicLong delivered = new AtomicLong();
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    final CompletableFuture<List<ActorRef<BenchProtocol.BenchQuote>>> baseline = new CompletableFuture<>();
    final CompletableFuture<List<BenchProtocol.Report>> reports = new CompletableFuture<>();

    Run(int subscribers) {
      this.subscribers = subscribers;
    }
  }

  static Behavior<BenchProtocol.ToCoordinator> create(Run run, CompletableFuture<ActorRef<BenchProtocol.ToSpawner>> remote) {
    return Behaviors.setup(ctx -> {
      long[] perSubscriber = new long[run.subscribers];
      int[] ready = new int[1];
      List<BenchProtocol.Report> reports = new ArrayList<>();
      return Behaviors.receive(BenchProtocol.ToCoordinator.class)
          .onMessage(BenchProtocol.Ready.class, r -> {
            if (++ready[0] == run.subscribers) {
              run.ready.complete(null);
            }
            return Behaviors.same();
          })
          .onMessage(BenchProtocol.Progress.class, progress -> {
            long before = perSubscriber[progress.subscriber()];
            if (progress.delivered() > before) {
              perSubscriber[progress.subscriber()] = progress.delivered();
              run.delivered.addAndGet(progress.delivered() - before);
            }
            return Behaviors.same();
          })
          .onMessage(BenchProtocol.BaselineReady.class, baseline -> {
            run.baseline.complete(baseline.subscribers());
            run.ready.complete(null);
            return Behaviors.same();
          })
          .onMessage(BenchProtocol.Report.class, report -> {
            reports.add(report);
            if (reports.size() == run.subscribers) {
              run.reports.complete(List.copyOf(reports));
            }
            return Behaviors.same();
          })
          .onMessage(BenchProtocol.RemoteReady.class, ready2 -> {
            remote.complete(ready2.spawner());
            return Behaviors.same();
          })
          .build();
    });
  }
}
