package piker.pikerd.bench;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.daemon.Session;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.ServiceName;
import piker.datad.Datad;
import piker.emsd.journal.OrderLog;
import piker.pikerd.client.ClientSession;

/**
 * {@code piker bench dark}: tick → dark trigger → order sent, in one JVM as pikerd runs it. N dark buys rest in
 * emsd's trigger book on a ladder of prices below the market; the generator streams quotes at a fixed rate
 * through a real datad (the feed emsd subscribes to), and every so often one quote trades down to the next
 * rung, which fires exactly that rung's order. The figure is from that quote's intended time on the
 * schedule to its order's {@code SubmitOrder} arriving at the clearing daemon ({@link StubClearing} in
 * paperboi's place), so it covers datad, emsd's feed, trigger book, journal (in memory) and clearing link.
 */
public final class DarkBench {
  /** The top rung, below the generator's usual trade at 60000.10; rungs step down by the tick. */
  private static final BigDecimal TOP_RUNG = new BigDecimal("59999.00");
  private static final BigDecimal RUNG_STEP = new BigDecimal("0.01");
  private static final BigDecimal SIZE = new BigDecimal("0.01");
  /** Orders placed before waiting for emsd's answers. */
  private static final int PLACING_WINDOW = 256;
  /** At most one quote in this many fires an order: most quotes only pass through the trigger book. */
  private static final int MIN_FIRE_EVERY = 10;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** No order arrived for this long: the rest are not coming. */
  private static final Duration STALL = Duration.ofSeconds(5);

  /**
   * {@code resting}: dark orders in the book at the start; {@code fired}: quotes that crossed a rung;
   * {@code arrived}: their orders that reached the clearing daemon; percentiles over those after the warm-up.
   */
  public record Result(long rate, int resting, long quotes, long fired, long arrived, long measured, long p50Us,
                       long p99Us, long p999Us, long maxUs, long pacingLagP99Us) {}

  private DarkBench() {}

  public static Result run(long rate, int orders, Duration warmUp, Duration duration, Path scratch) throws Exception {
    Hello hello = FeedBench.writeCookie(scratch);
    GeneratorBackend backend = new GeneratorBackend();
    Fires fires = new Fires(orders, warmUp.toNanos());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "piker-bench", FeedBench.config(false));
    try {
      ActorRef<DaemonProtocol.Command> emsd = BenchEmsd.start(system, RuntimeSettings.of(scratch),
          OrderLog.Settings.inMemory(), List.of(
              new BenchEmsd.Daemon(ServiceName.of(DaemonKind.DATAD, "bench"), spec -> Datad.create(spec, backend)),
              new BenchEmsd.Daemon(ServiceName.of(DaemonKind.PAPERBOI, "bench"),
                  spec -> StubClearing.create(spec, fires::arrived))));
      ClientSession client = rest(system, emsd, hello, orders);
      try {
        long total = RateSchedule.count(rate, warmUp.plus(duration));
        // fire at most half the book, so it stays between N/2 and N orders deep
        long fireEvery = Math.max(MIN_FIRE_EVERY, -Math.floorDiv(-total, Math.max(1, orders / 2)));
        long[] index = {0};
        RateSchedule.Paced paced = RateSchedule.run(rate, warmUp, duration, intendedNs -> {
          long i = index[0]++;
          int rung = fires.next(intendedNs, i % fireEvery == fireEvery - 1);
          return rung < 0 ? GeneratorBackend.quoteAt(intendedNs) : GeneratorBackend.quoteAt(intendedNs, price(rung));
        }, backend::emit);
        fires.awaitArrivals();
        return fires.result(rate, orders, paced);
      } finally {
        client.cancel();
        stopFirst(system, emsd);
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }
  }

  /**
   * Stops emsd before the system goes, as pikerd's shutdown does: stopped all at once, its datad could go first,
   * and emsd would say (rightly, on stderr) that its dark orders lost their feed.
   */
  private static void stopFirst(ActorSystem<Void> system, ActorRef<DaemonProtocol.Command> emsd) throws Exception {
    java.util.concurrent.CompletableFuture<Void> stopped = new java.util.concurrent.CompletableFuture<>();
    system.systemActorOf(Behaviors.<Void>setup(ctx -> {
      ctx.watch(emsd);
      emsd.tell(new DaemonProtocol.Stop("the dark bench, done"));
      return Behaviors.receiveSignal((context, signal) -> {
        if (signal instanceof org.apache.pekko.actor.typed.Terminated) {
          stopped.complete(null);
          return Behaviors.stopped();
        }
        return Behaviors.same();
      });
    }), "dark-bench-stop", org.apache.pekko.actor.typed.Props.empty());
    stopped.get(15, TimeUnit.SECONDS);
  }

  private static BigDecimal price(int rung) {
    return TOP_RUNG.subtract(RUNG_STEP.multiply(BigDecimal.valueOf(rung)));
  }

  /** Places the ladder through a client dialog with emsd and waits until every order rests dark. */
  private static ClientSession rest(ActorSystem<?> system, ActorRef<DaemonProtocol.Command> emsd, Hello hello,
                                    int orders) throws Exception {
    Semaphore window = new Semaphore(PLACING_WINDOW);
    AtomicReference<String> refused = new AtomicReference<>();
    ClientSession client = ClientSession.open(system, emsd, Endpoint.OPEN_EMS_DIALOG.wireName(), hello,
        new EmsProtocol.DialogParams(List.of("bench.paper")), event -> {
          if (!(event instanceof Session.Message message)) {
            return;
          }
          List<EmsProtocol.Event> events = message.body() instanceof EmsProtocol.Batch batch ? batch.events()
              : message.body() instanceof EmsProtocol.Event single ? List.of(single) : List.of();
          for (EmsProtocol.Event each : events) {
            if (each instanceof EmsProtocol.Status status && status.oid().startsWith("dark-")) {
              if (EmsProtocol.Resp.ERROR.equals(status.resp())) {
                refused.compareAndSet(null, status.oid() + ": " + status.reason());
                window.release();
              } else if (EmsProtocol.Resp.DARK_OPEN.equals(status.resp())) {
                window.release();
              }
            }
          }
        });
    client.started().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    for (int rung = 0; rung < orders; rung++) {
      if (!window.tryAcquire(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("emsd did not rest dark order " + rung + " within " + TIMEOUT);
      }
      client.send(new EmsProtocol.Order("dark-" + rung, "buy", GeneratorBackend.FQME.toString(), price(rung), SIZE,
          "bench.paper", "dark"));
    }
    if (!window.tryAcquire(PLACING_WINDOW, TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("emsd did not rest every dark order within " + TIMEOUT);
    }
    if (refused.get() != null) {
      throw new IllegalStateException("emsd refused a dark order: " + refused.get());
    }
    return client;
  }

  /**
   * The rungs fired and their orders' arrivals. The generator's thread writes the intended times, the
   * clearing daemon's reads them as its orders arrive: one lock, taken once per fire and per arrival.
   */
  private static final class Fires {
    private final long[] intendedNs;
    private final long warmUpNs;
    private final Histogram latencyUs = new Histogram(60_000_000L, 3);
    private long recordFrom = Long.MAX_VALUE;
    private int fired;
    private long arrived;
    private long quotes;

    Fires(int rungs, long warmUpNs) {
      this.intendedNs = new long[rungs];
      this.warmUpNs = warmUpNs;
    }

    /** The rung the quote intended for {@code atNs} trades at when it {@code fires} and rungs are left, else -1. */
    synchronized int next(long atNs, boolean fires) {
      if (quotes++ == 0) {
        recordFrom = atNs + warmUpNs;
      }
      if (!fires || fired == intendedNs.length) {
        return -1;
      }
      intendedNs[fired] = atNs;
      return fired++;
    }

    synchronized void arrived(ClearingProtocol.SubmitOrder order) {
      long now = System.nanoTime();
      if (!order.oid().startsWith("dark-")) {
        return;
      }
      int rung = Integer.parseInt(order.oid().substring("dark-".length()));
      if (rung >= fired) {
        return;
      }
      arrived++;
      if (intendedNs[rung] - recordFrom >= 0) {
        latencyUs.recordValue(Math.max(0, Math.min((now - intendedNs[rung]) / 1_000, 59_000_000L)));
      }
    }

    /** Waits for the fired orders to arrive, or for arrivals to stop for a few seconds (the missing are reported). */
    void awaitArrivals() {
      long last = -1;
      long end = System.nanoTime() + TIMEOUT.toNanos();
      while (arrivedSoFar() < firedSoFar() && System.nanoTime() < end) {
        long now = arrivedSoFar();
        if (now == last) {
          return;
        }
        last = now;
        LockSupport.parkNanos(STALL.toNanos());
      }
    }

    private synchronized long arrivedSoFar() {
      return arrived;
    }

    private synchronized long firedSoFar() {
      return fired;
    }

    synchronized Result result(long rate, int resting, RateSchedule.Paced paced) {
      return new Result(rate, resting, quotes, fired, arrived, latencyUs.getTotalCount(),
          latencyUs.getValueAtPercentile(50), latencyUs.getValueAtPercentile(99),
          latencyUs.getValueAtPercentile(99.9), latencyUs.getMaxValue(), paced.lagUs().getValueAtPercentile(99));
    }
  }
}
