package piker.pikerd.client;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Session;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.market.Bar;
import piker.contracts.market.Quote;
import piker.contracts.market.TickKind;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.contracts.samplerd.SamplerProtocol;
import piker.pikerd.runtime.RegistryAddress;

/**
 * What a chart needs from pikerd, kept up to date: the market's bars (history and the current one),
 * moved by a throttled quote feed and topped up on every samplerd step, re-read while datad is still
 * backfilling; and the market's resting orders, from an emsd dialog. The period can be switched while
 * it runs. When pikerd goes away it keeps the last picture, reconnects by itself with backoff and
 * carries on. Every update reaches the listener on this client's own thread, one at a time.
 */
public final class ChartClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChartClient.class);
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final int THROTTLE_HZ = 10;
  private static final int WINDOW = 64;
  private static final int TAIL = 16;
  private static final Duration BACKFILL_POLL = Duration.ofMillis(500);
  private static final Duration EMS_RETRY = Duration.ofSeconds(5);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

  /** One picture: the bars of one period, the market's resting orders, and whether they are live. */
  public record Picture(List<Bar> bars, boolean connected, long updates, int period, List<EmsProtocol.Status> orders) {}

  private final Path configDir;
  private final RegistryAddress registry;
  private final Fqme fqme;
  private final int count;
  private final Consumer<Picture> listener;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "chart-client");
    thread.setDaemon(true);
    return thread;
  });
  // owned by the loop thread
  private PikerClient client;
  private ClientSession quotes;
  private ClientSession steps;
  private EmsConnection ems;
  private long emsTriedNs;
  private ActorRef<DaemonProtocol.Command> datad;
  private boolean backfillPolling;
  /** Written on the loop; read where steps arrive, to let the other period's steps pass by. */
  private volatile int period;
  /** A step is queued for the loop already (see {@link #stepArrived}). */
  private final AtomicBoolean stepWaiting = new AtomicBoolean();
  private List<Bar> bars = List.of();
  private final Map<String, EmsProtocol.Status> orders = new LinkedHashMap<>();
  private long updates;
  private int consumed;
  private boolean closed;

  private ChartClient(Path configDir, RegistryAddress registry, Fqme fqme, int period, int count,
                      Consumer<Picture> listener) {
    this.configDir = configDir;
    this.registry = registry;
    this.fqme = fqme;
    this.period = period;
    this.count = count;
    this.listener = listener;
  }

  /** Starts following {@code fqme}'s {@code period}-second bars; the listener gets every new picture. */
  public static ChartClient start(Path configDir, RegistryAddress registry, Fqme fqme, int period, int count,
                                  Consumer<Picture> listener) {
    ChartClient chart = new ChartClient(configDir, registry, fqme, period, count, listener);
    chart.loop.execute(chart::connect);
    return chart;
  }

  private void connect() {
    if (closed) {
      return;
    }
    try {
      client = PikerClient.connect(configDir, registry, "WARNING", PikerClient.DEFAULT_CONNECT_TIMEOUT);
      datad = client.maybeSpawn(ServiceName.of(DaemonKind.DATAD, fqme.broker()));
      openEms();
      refresh();
      quotes = client.openSession(datad, Endpoint.STREAM_QUOTES.wireName(),
          new DatadProtocol.StreamParams(List.of(fqme), THROTTLE_HZ, WINDOW), event -> loop.execute(() -> onQuotes(event)));
      Optional<ActorRef<DaemonProtocol.Command>> samplerd = client.find(DaemonKind.SAMPLERD.wireName());
      samplerd.ifPresent(clock -> steps = client.openSession(clock, Endpoint.OPEN_SAMPLE_STREAM.wireName(),
          new SamplerProtocol.Subscribe(List.of(1, 60)), this::stepArrived));
      log.info("chart of {} connected to pikerd at {}", fqme, registry);
    } catch (RuntimeException e) {
      log.info("chart of {}: no pikerd yet ({}); retrying in {}", fqme, e.getMessage(), RETRY);
      disconnect();
      loop.schedule(this::connect, RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Switches to {@code seconds}-second bars: the next pictures are of those. */
  public void period(int seconds) {
    loop.execute(() -> {
      if (seconds == period) {
        return;
      }
      period = seconds;
      bars = List.of();
      if (client != null) {
        tryRead(this::refresh);
      }
    });
  }

  /** Reads all the bars wanted; again shortly while datad is still loading history. */
  private void refresh() {
    DatadProtocol.BarsReply reply = read(count);
    bars = reply.bars();
    publish(true);
    if (reply.backfilling() && !backfillPolling) {
      backfillPolling = true;
      loop.schedule(() -> {
        backfillPolling = false;
        if (client != null) {
          tryRead(this::refresh);
        }
      }, BACKFILL_POLL.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** A failed read is not news: the next step or reconnect reads again. */
  private void tryRead(Runnable read) {
    try {
      read.run();
    } catch (RuntimeException e) {
      log.debug("chart of {}: could not read {} s bars: {}", fqme, period, e.toString());
    }
  }

  /** Reads the newest few bars over the held ones; a gap (a stall, a restart) takes a full read. */
  private void topUp() {
    if (bars.isEmpty() || backfillPolling) {
      refresh();
      return;
    }
    List<Bar> tail = read(TAIL).bars();
    if (tail.isEmpty() || tail.get(0).time() > bars.get(bars.size() - 1).time() + period) {
      refresh();
      return;
    }
    List<Bar> next = new ArrayList<>(bars.size() + TAIL);
    long firstNew = tail.get(0).time();
    bars.stream().filter(bar -> bar.time() < firstNew).forEach(next::add);
    next.addAll(tail);
    bars = List.copyOf(next.subList(Math.max(0, next.size() - count), next.size()));
    publish(true);
  }

  /** A read that gives up after {@link #READ_TIMEOUT}: the loop must not wait long on a datad that is gone. */
  private DatadProtocol.BarsReply read(int wanted) {
    try {
      return (DatadProtocol.BarsReply) client.callAsync(datad, Endpoint.READ_BARS.wireName(),
              new DatadProtocol.BarsRequest(fqme, period, Math.min(wanted, DatadProtocol.MAX_PAGE), 0))
          .get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("datad did not answer a read within " + READ_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading bars", e);
    }
  }

  /** The market's resting orders come from an emsd dialog; without one the chart still draws. */
  private void openEms() {
    emsTriedNs = System.nanoTime();
    try {
      ems = EmsConnection.open(client, List.of(), event -> loop.execute(() -> onOrder(event)), RETRY.multipliedBy(10));
      orders.clear();
      ems.started().active().forEach(this::onOrder);
      EmsConnection opened = ems;
      ems.ended().thenRun(() -> loop.execute(() -> {
        if (ems == opened) {
          ems = null;
        }
      }));
    } catch (RuntimeException e) {
      log.info("chart of {}: no orders from emsd ({}); retrying in {}", fqme, e.getMessage(), EMS_RETRY);
      ems = null;
    }
  }

  private void onOrder(EmsProtocol.Event event) {
    if (event instanceof EmsProtocol.Status status && status.oid() != null && sameMarket(status.fqme())) {
      boolean changed = status.terminal() ? orders.remove(status.oid()) != null
          : !status.equals(orders.put(status.oid(), status));
      if (changed && client != null && ems != null) {
        publish(true);
      }
    }
  }

  private boolean sameMarket(String text) {
    try {
      return text != null && Fqme.parse(text).equals(fqme);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void onQuotes(Session.Event event) {
    if (event instanceof Session.Message message && message.body() instanceof DatadProtocol.QuoteBatch batch) {
      batch.quotes().forEach(this::apply);
      publish(true);
      if (++consumed >= WINDOW / 2) {
        quotes.send(new DatadProtocol.Credit(consumed));
        consumed = 0;
      }
    } else if (event instanceof Session.Ended || event instanceof Session.Refused) {
      if (!closed) {
        log.warn("chart of {}: lost pikerd ({}); reconnecting", fqme, event);
        publish(false);
        disconnect();
        loop.schedule(this::connect, RETRY.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /**
   * At most one step waits for the loop: each step re-reads datad, and while datad does not answer (its node
   * died) the reads would pile up one a second and hold back the quote session's end behind them for minutes.
   */
  private void stepArrived(Session.Event event) {
    if (!(event instanceof Session.Message message)) {
      loop.execute(() -> onStep(event));
    } else if (message.body() instanceof SamplerProtocol.Step step && step.period() != period) {
      return; // the other period's step: this chart does not draw it (and it must not take the one waiting place)
    } else if (stepWaiting.compareAndSet(false, true)) {
      loop.execute(() -> {
        stepWaiting.set(false);
        onStep(event);
      });
    }
  }

  private void onStep(Session.Event event) {
    if (event instanceof Session.Message message && message.body() instanceof SamplerProtocol.Step step
        && step.period() == period && client != null) {
      if (ems == null && System.nanoTime() - emsTriedNs > EMS_RETRY.toNanos()) {
        openEms();
      }
      try {
        topUp();
      } catch (RuntimeException e) {
        log.debug("chart of {}: could not re-read bars: {}", fqme, e.toString());
      }
    }
  }

  /** A quote's trades move the current bar until the next step re-reads datad's own bars. */
  private void apply(Quote quote) {
    if (bars.isEmpty()) {
      return;
    }
    Bar current = bars.get(bars.size() - 1);
    Bar moved = current;
    boolean inCurrent = Math.floorDiv(quote.timeNs(), 1_000_000_000L) / period * period == current.time();
    for (int i = 0; inCurrent && i < quote.tickCount(); i++) {
      if (quote.tickKind(i) == TickKind.TRADE) {
        BigDecimal price = quote.priceScale().decimal(quote.tickPrice(i));
        BigDecimal size = quote.sizeScale().decimal(quote.tickSize(i));
        moved = new Bar(moved.time(), moved.open(), moved.high().max(price), moved.low().min(price), price,
            size == null ? moved.volume() : moved.volume().add(size));
      }
    }
    if (moved != current) { // a quote without a trade in the current bar leaves the bars as they are
      List<Bar> next = new ArrayList<>(bars);
      next.set(next.size() - 1, moved);
      bars = List.copyOf(next);
    }
  }

  private void publish(boolean connected) {
    listener.accept(new Picture(bars, connected, ++updates, period, List.copyOf(orders.values())));
  }

  private void disconnect() {
    if (ems != null) {
      ems.close();
      ems = null;
    }
    if (quotes != null) {
      quotes.cancel();
      quotes = null;
    }
    if (steps != null) {
      steps.cancel();
      steps = null;
    }
    if (client != null) {
      client.close();
      client = null;
    }
    consumed = 0;
  }

  @Override
  public void close() {
    loop.execute(() -> {
      closed = true;
      disconnect();
    });
    loop.shutdown();
    try {
      loop.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
