package piker.pikerd.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.backends.sim.client.VenueConnection;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.daemon.Cookie;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.daemon.Session;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.contracts.orders.OrderAction;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.spi.BackendCatalog;
import piker.emsd.clearing.ClearingLink;
import piker.pikerd.client.ClientSession;
import piker.pikerd.config.ConfigDir;
import piker.pikerd.services.DaemonCatalog;
import piker.pikerd.services.ServiceManager;

/**
 * {@code piker bench live}: live orders through the real tree (emsd, brokerd spawned by emsd's
 * clearing link, the sim backend's trade client) to the embedded sim venue over its websocket, in one
 * JVM; then reconciliation: with M live orders resting at the venue, emsd and brokerd are stopped and a
 * clearing link (what a restarted emsd opens) reopens the dialog with the M orders it holds; the
 * figure is the time from the link's start to the dialog's start (brokerd spawned, logged in, the
 * venue's open orders, positions and trades read, every order matched by id).
 */
public final class LiveBench {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String KEY = "simkey-bench";
  private static final String ACCOUNT = "sim.main";
  private static final Fqme MARKET = Fqme.parse("solusdt.spot.sim");
  private static final BigDecimal ASK = new BigDecimal("150.001");
  private static final BigDecimal BID = new BigDecimal("149.999");
  private static final BigDecimal SIZE = new BigDecimal("0.001");
  private static final BigDecimal RESTING_PRICE = new BigDecimal("100");

  public record Result(long p50Us, long p99Us, long p999Us, int orders, int openOrders, long reconcileMs,
                       int reconciledOpen) {}

  private LiveBench() {}

  public static Result run(int orders, int openOrders, Path dir) throws Exception {
    ConfigDir.ensure(dir);
    ConfigDir.ensureCookie(dir);
    Files.writeString(dir.resolve("conf.toml"), "[sim]\nseed = 42\ntick_rate = 0\nvenue = \"\"\n"
        + "[sim.accounts]\nmain = \"SIM-001\"\n");
    Path brokers = dir.resolve("brokers.toml");
    Files.writeString(brokers, "[sim]\napi_key = \"" + KEY + "\"\n");
    Files.setPosixFilePermissions(brokers, PosixFilePermissions.fromString("rw-------"));
    RuntimeSettings settings = RuntimeSettings.of(dir);
    Hello hello = Hello.of(Cookie.read(settings.cookieFile()));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "piker-bench-live", OrdersBench.config(false));
    ActorRef<ServicesProtocol.Command> services = null;
    try {
      DaemonCatalog catalog = DaemonCatalog.standard(BackendCatalog.load(LiveBench.class.getClassLoader()));
      services = system.systemActorOf(ServiceManager.create(settings, catalog,
          ServiceManager.Supervision.fromConfig(system.settings().config())), "services", Props.empty());
      Client client = new Client(system, spawn(system, services, ServiceName.of(DaemonKind.EMSD)), hello);
      // the first order starts datad, brokerd and the venue; then the touch is made deep enough for all
      client.roundTrip("warm-0", "buy", ASK);
      deepen(dir);
      int warmup = Math.min(orders, 500);
      for (int i = 1; i <= warmup; i++) {
        client.roundTrip("warm-" + i, i % 2 == 0 ? "buy" : "sell", i % 2 == 0 ? ASK : BID);
      }
      Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
      for (int i = 1; i <= orders; i++) {
        long nanos = client.roundTrip("rt-" + i, i % 2 == 0 ? "buy" : "sell", i % 2 == 0 ? ASK : BID);
        latency.recordValue(Math.max(1, nanos / 1_000));
      }
      List<ClearingProtocol.SubmitOrder> resting = client.rest(openOrders);
      client.close();
      stop(system, services, ServiceName.of(DaemonKind.EMSD), hello);
      stop(system, services, ServiceName.of(DaemonKind.BROKERD, "sim"), hello);
      long[] reconcile = reconcile(system, services, hello, resting);
      return new Result(latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
          latency.getValueAtPercentile(99.9), orders, openOrders, reconcile[0], (int) reconcile[1]);
    } finally {
      if (services != null) {
        // in pikerd's order, as pikerd stops: no daemon sees another vanish under it and report a failure
        AskPattern.<ServicesProtocol.Command, Done>ask(services, ServiceManager.ShutdownAll::new, TIMEOUT,
            system.scheduler()).toCompletableFuture().exceptionally(error -> Done.getInstance())
            .get(TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
      }
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }
  }

  private static ActorRef<DaemonProtocol.Command> spawn(ActorSystem<?> system,
                                                        ActorRef<ServicesProtocol.Command> services, ServiceName name)
      throws Exception {
    ServicesProtocol.SpawnReply reply = AskPattern.<ServicesProtocol.Command, ServicesProtocol.SpawnReply>ask(services,
        replyTo -> new ServicesProtocol.SpawnInternal(name, replyTo), TIMEOUT, system.scheduler())
        .toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (reply instanceof ServicesProtocol.Spawned spawned) {
      return spawned.ref();
    }
    throw ((ServicesProtocol.SpawnFailed) reply).error().toException();
  }

  private static void stop(ActorSystem<?> system, ActorRef<ServicesProtocol.Command> services, ServiceName name,
                           Hello hello) throws Exception {
    AskPattern.<ServicesProtocol.Command, ServicesProtocol.SpawnReply>ask(services,
        replyTo -> new ServicesProtocol.CancelService(hello, name, "bench live", replyTo), TIMEOUT, system.scheduler())
        .toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** A deep touch on both sides, so every bench order fills on arrival. */
  private static void deepen(Path dir) throws Exception {
    String address = Files.readString(dir.resolve("sim-venue/venue.address")).strip();
    try (VenueConnection venue = VenueConnection.open(address, event -> { }, error -> { })
        .get(10, TimeUnit.SECONDS)) {
      for (String[] tick : new String[][] {{"ask", ASK.toPlainString()}, {"bid", BID.toPlainString()}}) {
        venue.request(venue.json().object().put("op", "push").put("market", MARKET.bsFqme()).put("type", tick[0])
            .put("price", tick[1]).put("size", "1000000")).get(10, TimeUnit.SECONDS);
      }
    }
  }

  /** The time from a new clearing link's start to its dialog's start, and the open orders that start reported. */
  private static long[] reconcile(ActorSystem<?> system, ActorRef<ServicesProtocol.Command> services, Hello hello,
                                  List<ClearingProtocol.SubmitOrder> resting) throws Exception {
    CompletableFuture<ClearingLink.Ready> ready = new CompletableFuture<>();
    ActorRef<ClearingLink.Event> parent = system.systemActorOf(Behaviors.receiveMessage((ClearingLink.Event event) -> {
      if (event instanceof ClearingLink.Ready started) {
        ready.complete(started);
      } else if (event instanceof ClearingLink.Lost lost) {
        ready.completeExceptionally(lost.error().toException());
      }
      return Behaviors.same();
    }), "reconcile-parent", Props.empty());
    long start = System.nanoTime();
    ActorRef<ClearingLink.Command> link = system.systemActorOf(ClearingLink.create("brokerd.sim", services,
        ServiceName.of(DaemonKind.BROKERD, "sim"), Endpoint.OPEN_TRADE_DIALOG, List.of(ACCOUNT), hello, parent),
        "reconcile-link", Props.empty());
    resting.forEach(order -> link.tell(new ClearingLink.Send(order)));
    ClearingLink.Ready started = ready.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new long[] {millis, started.started().open().size()};
  }

  /** emsd's client dialog for the live account, statuses correlated by oid. */
  private static final class Client {
    private final ClientSession session;
    private final Map<String, CompletableFuture<EmsProtocol.Status>> waiting = new ConcurrentHashMap<>();

    Client(ActorSystem<?> system, ActorRef<DaemonProtocol.Command> emsd, Hello hello) throws Exception {
      this.session = ClientSession.open(system, emsd, Endpoint.OPEN_EMS_DIALOG.wireName(), hello,
          new EmsProtocol.DialogParams(List.of(ACCOUNT)), this::onEvent);
      session.started().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private void onEvent(Session.Event event) {
      if (!(event instanceof Session.Message message)) {
        return;
      }
      List<EmsProtocol.Event> events = message.body() instanceof EmsProtocol.Batch batch ? batch.events()
          : message.body() instanceof EmsProtocol.Event single ? List.of(single) : List.of();
      for (EmsProtocol.Event each : events) {
        if (each instanceof EmsProtocol.Status status) {
          CompletableFuture<EmsProtocol.Status> done = waiting.get(status.oid());
          boolean wanted = status.resp().equals(EmsProtocol.Resp.FILL) || status.resp().equals(EmsProtocol.Resp.ERROR)
              || status.resp().equals(EmsProtocol.Resp.OPEN) && Boolean.TRUE.equals(status.resting());
          if (done != null && wanted) {
            done.complete(status);
          }
        }
      }
    }

    private CompletableFuture<EmsProtocol.Status> send(String oid, String action, BigDecimal price) {
      CompletableFuture<EmsProtocol.Status> done = new CompletableFuture<>();
      waiting.put(oid, done);
      session.send(new EmsProtocol.Order(oid, action, MARKET.toString(), price, SIZE, ACCOUNT, "live"));
      return done;
    }

    /** Submit to the first fill at the client, in nanoseconds. */
    long roundTrip(String oid, String action, BigDecimal price) throws Exception {
      long start = System.nanoTime();
      EmsProtocol.Status status = send(oid, action, price).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      long took = System.nanoTime() - start;
      waiting.remove(oid);
      if (!status.resp().equals(EmsProtocol.Resp.FILL)) {
        throw new IllegalStateException("bench order " + oid + " ended " + status.resp() + ": " + status.reason());
      }
      return took;
    }

    /** M buys far below the market, resting at the venue; what emsd would replay for each. */
    List<ClearingProtocol.SubmitOrder> rest(int count) throws Exception {
      List<CompletableFuture<EmsProtocol.Status>> all = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        all.add(send("rest-" + i, "buy", RESTING_PRICE));
      }
      List<ClearingProtocol.SubmitOrder> replay = new ArrayList<>();
      for (CompletableFuture<EmsProtocol.Status> each : all) {
        EmsProtocol.Status status = each.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!Boolean.TRUE.equals(status.resting())) {
          throw new IllegalStateException("resting order " + status.oid() + " ended " + status.resp());
        }
        replay.add(new ClearingProtocol.SubmitOrder(status.oid(), status.reqid(), ACCOUNT, OrderAction.BUY, MARKET,
            RESTING_PRICE, SIZE));
      }
      return replay;
    }

    void close() {
      session.cancel();
    }
  }
}
