package piker.pikerd.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.LocalOnly;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Session;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.market.Quote;

/** The benchmark's subscribers, for both paths, and the spawner that makes them in either JVM. */
final class BenchSubscribers {
  private BenchSubscribers() {}

  private record Report() implements LocalOnly {}

  /** Counts quotes and their latency; shared by both kinds of subscriber. Owned by one actor. */
  private static final class Tally {
    final int index;
    final ActorRef<BenchProtocol.ToCoordinator> coordinator;
    final long warmUpNs;
    final Histogram latencyMicros = new Histogram(60_000_000L, 3);
    /** Quotes stamped before this are the warm-up's; set by the first quote counted. */
    long recordFrom = Long.MIN_VALUE;
    boolean counting;
    long delivered;
    long overruns;
    long messages;

    Tally(int index, BenchProtocol.Spawn spawn) {
      this.index = index;
      this.coordinator = spawn.coordinator();
      this.warmUpNs = spawn.warmUpNs();
    }

    void count(Quote quote) {
      if (!counting) {
        counting = true;
        recordFrom = quote.timeNs() + warmUpNs;
      }
      if (quote.timeNs() - recordFrom >= 0) {
        latencyMicros.recordValue(Math.max(0, Math.min((System.nanoTime() - quote.timeNs()) / 1000, 59_000_000L)));
      }
      if (++delivered % FeedBench.PROGRESS_EVERY == 0) {
        coordinator.tell(new BenchProtocol.Progress(index, delivered));
      }
    }

    void report() {
      coordinator.tell(new BenchProtocol.Progress(index, delivered));
      ByteBuffer buffer = ByteBuffer.allocate(latencyMicros.getNeededByteBufferCapacity());
      int length = latencyMicros.encodeIntoCompressedByteBuffer(buffer);
      byte[] bytes = new byte[length];
      buffer.flip();
      buffer.get(bytes);
      coordinator.tell(new BenchProtocol.Report(index, delivered, overruns, messages, bytes));
    }
  }

  /** Our path: a stream_quotes session, granting credit by the half window as piker's own clients do. */
  static Behavior<Object> streaming(int index, BenchProtocol.Spawn spawn) {
    return Behaviors.setup(ctx -> {
      Tally tally = new Tally(index, spawn);
      ActorRef<Session.Event> self = ctx.getSelf().narrow();
      spawn.daemon().tell(new DaemonProtocol.OpenSession(UUID.randomUUID().toString(),
          Endpoint.STREAM_QUOTES.wireName(), spawn.hello(),
          new DatadProtocol.StreamParams(spawn.fqmes(), 0, DatadProtocol.DEFAULT_WINDOW), self));
      ActorRef<Session.Input>[] session = new ActorRef[1];
      int[] consumed = {0};
      return Behaviors.receive(Object.class)
          .onMessage(Session.Started.class, started -> {
            session[0] = started.session();
            spawn.coordinator().tell(new BenchProtocol.Ready(index));
            return Behaviors.same();
          })
          .onMessage(Session.Message.class, message -> {
            if (message.body() instanceof DatadProtocol.QuoteBatch batch) {
              tally.messages++;
              batch.quotes().forEach(tally::count);
              if (++consumed[0] >= DatadProtocol.DEFAULT_WINDOW / 2) {
                session[0].tell(new Session.Send(new DatadProtocol.Credit(consumed[0])));
                consumed[0] = 0;
              }
            } else if (message.body() instanceof DatadProtocol.Overrun overrun) {
              tally.overruns = overrun.total();
            }
            return Behaviors.same();
          })
          .onMessage(Report.class, report -> {
            tally.report();
            return Behaviors.same();
          })
          .onMessage(Session.Event.class, other -> Behaviors.same())
          .build();
    });
  }

  /** The baseline: one quote per plain tell. */
  static Behavior<Object> plain(int index, BenchProtocol.Spawn spawn) {
    return Behaviors.setup(ctx -> {
      Tally tally = new Tally(index, spawn);
      return Behaviors.receive(Object.class)
          .onMessage(BenchProtocol.BenchQuote.class, quote -> {
            tally.messages++;
            tally.count(quote.quote());
            return Behaviors.same();
          })
          .onMessage(Report.class, report -> {
            tally.report();
            return Behaviors.same();
          })
          .build();
    });
  }

  /** Makes subscribers on request; lives in whichever JVM the subscribers should. */
  static Behavior<BenchProtocol.ToSpawner> spawner() {
    return Behaviors.setup(ctx -> {
      List<ActorRef<Object>> spawned = new ArrayList<>();
      return Behaviors.receive(BenchProtocol.ToSpawner.class)
          .onMessage(BenchProtocol.Spawn.class, spawn -> {
            List<ActorRef<BenchProtocol.BenchQuote>> plainRefs = new ArrayList<>();
            for (int i = 0; i < spawn.count(); i++) {
              ActorRef<Object> subscriber = ctx.spawnAnonymous(spawn.daemon() != null
                  ? streaming(i, spawn) : plain(i, spawn));
              spawned.add(subscriber);
              plainRefs.add(subscriber.narrow());
            }
            if (spawn.daemon() == null) {
              spawn.coordinator().tell(new BenchProtocol.BaselineReady(plainRefs));
            }
            return Behaviors.same();
          })
          .onMessage(BenchProtocol.Finish.class, finish -> {
            // they report, then idle until the benchmark's ActorSystem goes
            spawned.forEach(subscriber -> subscriber.tell(new Report()));
            spawned.clear();
            return Behaviors.same();
          })
          .onMessage(BenchProtocol.Exit.class, exit -> {
            ctx.getSystem().terminate();
            return Behaviors.same();
          })
          .build();
    });
  }
}
