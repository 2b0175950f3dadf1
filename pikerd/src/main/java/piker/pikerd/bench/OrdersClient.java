package piker.pikerd.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.Session;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.endpoints.Endpoint;
import piker.pikerd.client.ClientSession;

/**
 * The orders benchmark's client: the same two phases on each path. Latency: one order at a time,
 * submit to {@code fill} at the client. Throughput: a window of orders in flight, fills per second.
 * Orders alternate buy and sell through a still touch, so each fills at once and the position stays small.
 */
public final class OrdersClient {
  /** Orders before measuring (as many as measured, at most this many): the JIT and the pools warm up. */
  static final int MAX_WARMUP = 3_000;
  static final int WINDOW = 64;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** One path's figures: round-trip percentiles (one order at a time) and fills per second (a window in flight). */
  public record PathResult(long p50Us, long p99Us, long p999Us, double perS, int orders) {}

  public record Results(PathResult ours, PathResult baseline) {}

  private OrdersClient() {}

  /**
   * What the orders go through: an account and market, and the prices of its buys and sells. With prices that
   * cross a still touch each order fills at once and a round trip ends at its fill; with {@code untilOpen},
   * at its {@code open} (the clearing daemon's acknowledgement), for orders priced to rest.
   */
  public record Market(String account, String fqme, BigDecimal buyPrice, BigDecimal sellPrice, BigDecimal size,
                       boolean untilOpen) {
    static final Market BENCH = new Market("bench.paper", BenchDatad.FQME.toString(), BenchDatad.BUY_PRICE,
        BenchDatad.SELL_PRICE, BenchDatad.SIZE, false);
  }

  /**
   * Both paths warm up before either is measured: the JVMs' shared code (Artery's streams, serialization)
   * is then as warm for the first path measured as for the second.
   */
  static Results run(ActorSystem<?> system, ActorRef<DaemonProtocol.Command> emsd,
                     ActorRef<OrdersBenchProtocol.BenchOrder> baseline, Hello hello, int orders, int payloadBytes)
      throws Exception {
    OursPath ours = OursPath.open(system, emsd, hello, Market.BENCH);
    try {
      Submit raw = baseline(system, baseline, payloadBytes);
      warmUp(ours.submit, orders);
      warmUp(raw, orders);
      return new Results(measure(ours.submit, orders), measure(raw, orders));
    } finally {
      ours.session.cancel();
    }
  }

  /** Our path alone, through any emsd (a running pikerd's, on any node of its cluster). */
  public static PathResult ours(ActorSystem<?> system, ActorRef<DaemonProtocol.Command> emsd, Hello hello,
                                int orders, Market market) throws Exception {
    OursPath ours = OursPath.open(system, emsd, hello, market);
    try {
      warmUp(ours.submit, orders);
      return measure(ours.submit, orders);
    } finally {
      ours.session.cancel();
    }
  }

  /** An emsd dialog open on the market's account, and how to send it the next order. */
  private record OursPath(ClientSession session, Submit submit) {
    static OursPath open(ActorSystem<?> system, ActorRef<DaemonProtocol.Command> emsd, Hello hello, Market market)
        throws Exception {
      Map<String, CompletableFuture<Long>> fills = new ConcurrentHashMap<>();
      ClientSession session = ClientSession.open(system, emsd, Endpoint.OPEN_EMS_DIALOG.wireName(), hello,
          new EmsProtocol.DialogParams(List.of(market.account())), event -> {
            if (!(event instanceof Session.Message message)) {
              return;
            }
            long now = System.nanoTime();
            List<EmsProtocol.Event> events = message.body() instanceof EmsProtocol.Batch batch ? batch.events()
                : message.body() instanceof EmsProtocol.Event single ? List.of(single) : List.of();
            for (EmsProtocol.Event each : events) {
              if (each instanceof EmsProtocol.Status status) {
                CompletableFuture<Long> fill = fills.get(status.oid());
                String done = market.untilOpen() ? EmsProtocol.Resp.OPEN : EmsProtocol.Resp.FILL;
                if (fill != null && (status.resp().equals(done) || status.resp().equals(EmsProtocol.Resp.ERROR))) {
                  fill.complete(status.resp().equals(EmsProtocol.Resp.ERROR) ? -1L : now);
                }
              }
            }
          });
      try {
        session.started().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        session.cancel();
        throw e;
      }
      int[] seq = {0};
      long started = System.currentTimeMillis(); // oids unique across runs against one long-lived emsd
      Submit submit = () -> {
        int n = ++seq[0];
        String oid = market == Market.BENCH ? "bench-" + n : "attach-" + started + "-" + n;
        CompletableFuture<Long> fill = new CompletableFuture<>();
        fills.put(oid, fill);
        boolean buy = n % 2 == 1;
        long start = System.nanoTime();
        session.send(new EmsProtocol.Order(oid, buy ? "buy" : "sell", market.fqme(),
            buy ? market.buyPrice() : market.sellPrice(), market.size(), market.account(), "live"));
        return fill.thenApply(at -> {
          fills.remove(oid);
          if (at < 0) {
            throw new IllegalStateException("bench order " + oid + " ended in error");
          }
          return at - start;
        });
      };
      return new OursPath(session, submit);
    }
  }

  /**
   * The baseline: one request, one reply, correlated by id at a client actor (as our statuses are at
   * the session's opener), so both paths complete their futures the same way.
   */
  private static Submit baseline(ActorSystem<?> system, ActorRef<OrdersBenchProtocol.BenchOrder> baseline,
                                 int payloadBytes) {
    byte[] payload = new byte[payloadBytes];
    Map<Long, CompletableFuture<Long>> acks = new ConcurrentHashMap<>();
    ActorRef<OrdersBenchProtocol.BenchAck> client = system.systemActorOf(
        Behaviors.receiveMessage((OrdersBenchProtocol.BenchAck ack) -> {
          long now = System.nanoTime();
          CompletableFuture<Long> done = acks.remove(ack.id());
          if (done != null) {
            done.complete(now);
          }
          return Behaviors.same();
        }), "baseline-client-" + System.nanoTime(), org.apache.pekko.actor.typed.Props.empty());
    long[] seq = {0};
    return () -> {
      long id = ++seq[0];
      CompletableFuture<Long> done = new CompletableFuture<>();
      acks.put(id, done);
      long start = System.nanoTime();
      baseline.tell(new OrdersBenchProtocol.BenchOrder(id, payload, client));
      return done.thenApply(at -> at - start);
    };
  }

  /** One order in, its round trip in nanoseconds out. */
  private interface Submit {
    CompletableFuture<Long> next();
  }

  private static void warmUp(Submit submit, int orders) throws Exception {
    for (int i = 0; i < Math.min(orders, MAX_WARMUP); i++) {
      submit.next().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static PathResult measure(Submit submit, int orders) throws Exception {
    Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    for (int i = 0; i < orders; i++) {
      long nanos = submit.next().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      latency.recordValue(Math.max(1, nanos / 1_000));
    }
    Semaphore window = new Semaphore(WINDOW);
    CompletableFuture<?>[] all = new CompletableFuture<?>[orders];
    long start = System.nanoTime();
    for (int i = 0; i < orders; i++) {
      if (!window.tryAcquire(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("no order came back within " + TIMEOUT);
      }
      all[i] = submit.next().whenComplete((nanos, error) -> window.release());
    }
    CompletableFuture.allOf(all).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new PathResult(latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
        latency.getValueAtPercentile(99.9), orders / seconds, orders);
  }

  /** The client JVM of {@code --remote}: args are emsd's ref, the baseline's ref, the cookie, the count, the bytes. */
  public static final class RemoteMain {
    public static void main(String[] args) throws Exception {
      // stdout carries the result line alone
      ActorSystem<Void> system = SecondJvm.system("piker-bench-client");
      try {
        ActorRefResolver resolver = ActorRefResolver.get(system);
        Results results = run(system, resolver.resolveActorRef(args[0]), resolver.resolveActorRef(args[1]),
            Hello.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        System.out.println(new ObjectMapper().writeValueAsString(results));
        System.out.flush();
      } finally {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }
}
