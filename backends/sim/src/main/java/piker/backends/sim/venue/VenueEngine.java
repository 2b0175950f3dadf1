package piker.backends.sim.venue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.stream.BoundedSourceQueue;

/**
 * The exchange: every market's book, the walk that moves it, injected ticks, and the connections
 * subscribed to each market. One actor, so the tape and the books change in one order. What it sends goes
 * through {@link VenueOutbound}; klines are computed by {@link KlinesService} off its thread.
 */
final class VenueEngine extends AbstractBehavior<VenueEngine.Command> {
  /** The venue's own actors, in the venue's own ActorSystem: nothing here crosses a JVM boundary. */
  interface Command extends piker.contracts.LocalOnly {}

  record Connected(long connection, BoundedSourceQueue<String> out) implements Command {}

  record Disconnected(long connection) implements Command {}

  record Inbound(long connection, String text) implements Command {}

  private record Generate() implements Command {}

  /** A push from the venue's own side (a test's driver): answered on {@code reply}, counted as no request. */
  record Push(JsonNode request, CompletableFuture<JsonNode> reply) implements Command {}

  /** Drops every client connection, as a venue restarting its gateway would; answers how many. */
  record DropAll(CompletableFuture<Integer> reply) implements Command {}

  private final VenueSettings settings;
  private final Clock clock;
  private final SimCatalog catalog;
  private final VenueJson json = new VenueJson();
  private final Tape tape;
  private final Map<String, MarketBook> books = new HashMap<>();
  private final VenueOutbound outbound;
  private final Map<String, Set<Long>> subscribers = new HashMap<>();
  private final ExchangeLog exchangeLog;
  private final Exchange exchange;
  private final VenueFaults faults;
  private final VenueDesk desk;
  /** Each market's pushed trades in time order, loaded from the tape on first use. */
  private final Map<String, List<Klines.TapeTrade>> tapeTrades = new HashMap<>();
  private final KlinesService klines;

  /** The engine over an exchange log opened (and so checked) before the venue starts; it closes the log. */
  static Behavior<Command> create(VenueSettings settings, SimCatalog catalog, ExchangeLog exchangeLog,
                                  VenueFaults faults) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new VenueEngine(ctx, timers, settings, catalog, exchangeLog, faults)));
  }

  private VenueEngine(ActorContext<Command> ctx, TimerScheduler<Command> timers, VenueSettings settings,
                      SimCatalog catalog, ExchangeLog exchangeLog, VenueFaults faults) {
    super(ctx);
    this.faults = faults;
    this.settings = settings;
    this.clock = settings.clock();
    this.catalog = catalog;
    // the exchange log's writer thread: the tape is written there too, and answers queue behind logged lines
    VenueWriter writer = exchangeLog.writer();
    this.tape = new Tape(settings.dir(), writer);
    ActorRef<Command> self = ctx.getSelf();
    this.outbound = new VenueOutbound(writer, connection -> self.tell(new Gone(connection)));
    this.exchangeLog = exchangeLog;
    this.exchange = new Exchange(exchangeLog, json);
    this.desk = new VenueDesk(exchange, json, this::send);
    this.klines = new KlinesService(settings, json);
    if (settings.tickRate() > 0) {
      long interval = Math.max(10, 1000 / settings.tickRate());
      timers.startTimerAtFixedRate(new Generate(), Duration.ofMillis(interval));
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Connected.class, this::onConnected)
        .onMessage(Disconnected.class, this::onDisconnected)
        .onMessage(Inbound.class, this::onInbound)
        .onMessage(Generate.class, this::onGenerate)
        .onMessage(Announce.class, this::onAnnounce)
        .onMessage(LateReply.class, late -> {
          send(late.connection(), late.text());
          return this;
        })
        .onMessage(KlinesServed.class, this::onKlinesServed)
        .onMessage(Gone.class, gone -> {
          onDisconnected(new Disconnected(gone.connection()));
          return this;
        })
        .onMessage(Push.class, this::onPush)
        .onMessage(DropAll.class, this::onDropAll)
        .onSignal(PostStop.class, signal -> {
          klines.close();
          exchangeLog.close(); // drains the writer the tape shares, so it closes first
          tape.close();
          return this;
        })
        .build();
  }

  private Behavior<Command> onConnected(Connected connected) {
    outbound.connected(connected.connection(), connected.out());
    return this;
  }

  private Behavior<Command> onDisconnected(Disconnected disconnected) {
    outbound.disconnected(disconnected.connection());
    desk.disconnected(disconnected.connection());
    subscribers.values().forEach(set -> set.remove(disconnected.connection()));
    return this;
  }

  private Behavior<Command> onInbound(Inbound inbound) {
    long id = -1;
    long delayMs = 0;
    ObjectNode reply;
    try {
      JsonNode request = json.parse(inbound.text());
      id = request.path("id").asLong(-1);
      Optional<VenueFaults.Fault> fault = "push".equals(request.path("op").asText())
          ? Optional.empty() : faults.onRequest(clock.instant());
      if (fault.isPresent()) {
        send(inbound.connection(), json.write(faulted(id, fault.get())));
        return this;
      }
      if ("ping".equals(request.path("op").asText())) {
        delayMs = Math.max(0, Math.min(MAX_DELAY_MS, request.path("delay_ms").asLong(0)));
      }
      if ("klines".equals(request.path("op").asText())) {
        serveKlines(inbound.connection(), id, request);
        return this;
      }
      reply = json.ok(id, handle(inbound.connection(), request));
    } catch (IllegalArgumentException e) {
      reply = json.error(id, "BadRequest", e.getMessage());
    } catch (UnknownMarketException e) {
      reply = json.error(id, "UnknownMarket", e.getMessage());
    } catch (VenueDesk.Refused e) {
      reply = json.error(id, e.type, e.getMessage());
    } catch (JsonLines.DamagedFile e) {
      // a market whose tape was damaged by hand: refused, the file left as it is (nothing appended after it)
      reply = json.error(id, "DamagedTape", e.getMessage());
    }
    if (delayMs > 0) {
      // a deliberately slow answer, for clients' tests of timeouts and correlation
      getContext().scheduleOnce(Duration.ofMillis(delayMs), getContext().getSelf(),
          new LateReply(inbound.connection(), json.write(reply)));
    } else {
      send(inbound.connection(), json.write(reply));
    }
    return this;
  }

  private ObjectNode faulted(long id, VenueFaults.Fault fault) {
    ObjectNode reply = json.error(id, fault.type(), fault.message());
    if (fault.retryAfter() != null) {
      ((ObjectNode) reply.get("error")).put("retry_after_ms", fault.retryAfter().toMillis());
    }
    return reply;
  }

  private Behavior<Command> onPush(Push push) {
    try {
      push.reply().complete(push(push.request()));
    } catch (RuntimeException e) {
      push.reply().completeExceptionally(e);
    }
    return this;
  }

  private Behavior<Command> onDropAll(DropAll drop) {
    List<Long> all = outbound.failAll("dropped by the venue's operator");
    all.forEach(connection -> onDisconnected(new Disconnected(connection)));
    drop.reply().complete(all.size());
    return this;
  }

  /** An answer held back by a ping's {@code delay_ms}. */
  private record LateReply(long connection, String text) implements Command {}

  /** The longest a ping's {@code delay_ms} may hold its answer back. */
  private static final long MAX_DELAY_MS = 60_000;

  private static final class UnknownMarketException extends RuntimeException {
    UnknownMarketException(String market) {
      super("the venue lists no market '" + market + "'");
    }
  }

  private JsonNode handle(long connection, JsonNode request) {
    String op = request.path("op").asText("");
    return switch (op) {
      case "ping" -> json.object().put("time_ns", nowNs());
      case "markets" -> marketList();
      case "market" -> describe(market(VenueJson.text(request, "market")));
      case "subscribe" -> subscribe(connection, request.path("markets"));
      case "unsubscribe" -> unsubscribe(connection, request.path("markets"));
      case "push" -> push(request);
      case "login" -> desk.login(connection, request);
      case "order" -> order(desk.account(connection), request);
      case "cancel" -> desk.cancel(desk.account(connection), VenueJson.text(request, "order_id"));
      case "open_orders" -> desk.openOrders(desk.account(connection));
      case "order_status" -> desk.orderStatus(desk.account(connection), request);
      case "trades" -> desk.trades(desk.account(connection), request);
      case "positions" -> desk.positions(desk.account(connection));
      default -> throw new IllegalArgumentException("unknown op '" + op + "'");
    };
  }

  // ---- trading: the desk answers; the books and the announcement after an order's ack stay here

  private JsonNode order(String account, JsonNode request) {
    String key = market(VenueJson.text(request, "market")).key();
    Exchange.Placed placed = desk.place(account, () -> book(key, false), request, nowNs());
    // the reply is the ack; the fills on arrival follow it as events, like later ones
    getContext().getSelf().tell(new Announce(placed.fills(), placed.order()));
    return exchange.describe(placed.order());
  }

  /** A placed order, told to its account's connections after its ack. */
  private record Announce(List<Exchange.Fill> fills, VenueOrder order) implements Command {}

  private Behavior<Command> onAnnounce(Announce announce) {
    desk.announcePlaced(announce.fills(), announce.order());
    return this;
  }

  private SimMarket market(String key) {
    return catalog.find(key).orElseThrow(() -> new UnknownMarketException(key));
  }

  private ArrayNode marketList() {
    ArrayNode list = json.array();
    catalog.all().forEach(market -> list.add(describe(market)));
    return list;
  }

  private ObjectNode describe(SimMarket market) {
    return json.object().put("market", market.key()).put("venue_id", market.venueId()).put("base", market.base())
        .put("quote", market.quote()).put("kind", market.kind())
        .put("price_tick", VenueJson.plain(market.priceTick())).put("size_tick", VenueJson.plain(market.sizeTick()))
        .put("reference", VenueJson.plain(market.reference())).put("taker_fee", VenueJson.plain(market.takerFee()));
  }

  private JsonNode subscribe(long connection, JsonNode markets) {
    List<String> keys = keys(markets);
    ArrayNode snapshots = json.array();
    for (String key : keys) {
      Set<Long> set = subscribers.computeIfAbsent(key, k -> new HashSet<>());
      MarketBook book = book(key, set.isEmpty());
      set.add(connection);
      snapshots.add(book.snapshot(json));
    }
    ObjectNode result = json.object();
    result.set("snapshots", snapshots);
    return result;
  }

  private JsonNode unsubscribe(long connection, JsonNode markets) {
    for (String key : keys(markets)) {
      Set<Long> set = subscribers.get(key);
      if (set != null) {
        set.remove(connection);
      }
    }
    return json.object();
  }

  private List<String> keys(JsonNode markets) {
    if (!markets.isArray() || markets.isEmpty()) {
      throw new IllegalArgumentException("'markets' must be a non-empty list");
    }
    List<String> keys = new ArrayList<>();
    markets.forEach(node -> keys.add(market(node.asText()).key()));
    return keys;
  }

  /** The market's book, created (or, for a walk nobody watched, brought up to now) on demand. */
  private MarketBook book(String key, boolean resync) {
    MarketBook book = books.get(key);
    long now = nowNs();
    if (book == null) {
      SimMarket market = market(key);
      RandomWalk walk = settings.tickRate() > 0 ? new RandomWalk(settings.seed(), market, settings.tickRate()) : null;
      book = new MarketBook(market, walk, now);
      books.put(key, book);
    } else if (resync && book.walk != null) {
      long step = book.walk.stepAt(now);
      book.apply(book.walk.step(step), null, null);
      book.nextStep = step + 1;
    }
    return book;
  }

  private JsonNode push(JsonNode request) {
    String key = market(VenueJson.text(request, "market")).key();
    String type = VenueJson.text(request, "type");
    BigDecimal price = VenueJson.decimal(request, "price");
    BigDecimal size = request.hasNonNull("size") ? VenueJson.decimal(request, "size") : BigDecimal.ONE;
    if (price.signum() <= 0 || size.signum() <= 0 || size.precision() > VenueJson.MAX_DIGITS
        || price.precision() > VenueJson.MAX_DIGITS) {
      throw new IllegalArgumentException("price and size must be positive decimals, got " + price.toPlainString()
          + " and " + size.toPlainString());
    }
    MarketBook book = book(key, false);
    book.market.offTicks(price, size).ifPresent(why -> {
      throw new IllegalArgumentException(why);
    });
    long now = klines.tradeTimeNs(nowNs());
    book.inject(type, price, size, now);
    ObjectNode tick = MarketBook.tick(json, type, price, size, now);
    List<Klines.TapeTrade> trades = tapeTrades(key); // loaded from the file before this tick joins it
    tape.append(key, json.write(tick));
    if (type.equals("trade")) {
      Klines.append(trades, new Klines.TapeTrade(now, price, size));
    }
    ArrayNode ticks = json.array();
    ticks.add(tick);
    broadcast(book, ticks);
    desk.announceFills(exchange.onTick(book.market, type, price, size, now));
    // the tick as the venue took it, for the pusher to show
    return tick.deepCopy().put("market", key);
  }

  /** Klines, as of now: the engine takes the tape's slice, the bars are answered when computed. */
  private void serveKlines(long connection, long id, JsonNode request) {
    SimMarket market = market(VenueJson.text(request, "market"));
    ActorRef<Command> self = getContext().getSelf(); // the answer comes on another thread
    klines.answer(id, market, request, tapeTrades(market.key()), nowNs())
        .thenAccept(text -> self.tell(new KlinesServed(connection, text)));
  }

  /** A klines answer computed off the engine's thread. */
  private record KlinesServed(long connection, String text) implements Command {}

  private Behavior<Command> onKlinesServed(KlinesServed served) {
    klines.served();
    send(served.connection(), served.text());
    return this;
  }

  private List<Klines.TapeTrade> tapeTrades(String market) {
    return tapeTrades.computeIfAbsent(market, key -> Klines.ordered(tape.trades(key, json)));
  }

  private Behavior<Command> onGenerate(Generate generate) {
    long now = nowNs();
    long maxBacklog = settings.tickRate() * 2;
    // a market moves while someone watches it or an order rests on it
    Set<String> moving = new TreeSet<>();
    subscribers.forEach((key, set) -> {
      if (!set.isEmpty()) {
        moving.add(key);
      }
    });
    // only listed markets walk: an old exchange log may name one no longer listed
    exchange.marketsWithOpenOrders().stream().filter(key -> catalog.find(key).isPresent()).forEach(moving::add);
    for (String key : moving) {
      MarketBook book = book(key, false);
      if (book.walk == null) {
        continue;
      }
      long upTo = book.walk.stepAt(now);
      if (upTo < book.nextStep) {
        continue;
      }
      // a venue that stalled (GC, suspended laptop) jumps to now rather than flood its subscribers
      long from = Math.max(book.nextStep, upTo - maxBacklog + 1);
      ArrayNode ticks = json.array();
      List<Exchange.Fill> fills = new ArrayList<>();
      for (long step = from; step <= upTo; step++) {
        RandomWalk.Step next = book.walk.step(step);
        book.apply(next, ticks, json);
        fills.addAll(exchange.onTick(book.market, "trade", next.price(), next.size(), next.timeNs()));
        fills.addAll(exchange.onTick(book.market, "bid", next.bid(), next.bidSize(), next.timeNs()));
        fills.addAll(exchange.onTick(book.market, "ask", next.ask(), next.askSize(), next.timeNs()));
      }
      book.nextStep = upTo + 1;
      broadcast(book, ticks);
      desk.announceFills(fills);
    }
    return this;
  }

  private void broadcast(MarketBook book, ArrayNode ticks) {
    Set<Long> set = subscribers.get(book.market.key());
    if (set == null || set.isEmpty()) {
      return;
    }
    ObjectNode event = book.snapshot(json).put("event", "ticks");
    event.set("ticks", ticks);
    String text = json.write(event);
    for (Long connection : List.copyOf(set)) {
      send(connection, text);
    }
  }

  private void send(long connection, String text) {
    if (!outbound.send(connection, text)) {
      onDisconnected(new Disconnected(connection));
    }
  }

  /** A connection an answer sent from the writer's thread found gone. */
  private record Gone(long connection) implements Command {}

  private long nowNs() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
