package piker.backends.kraken.fake;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import piker.backends.testkit.wire.WsConnection;
import piker.backends.testkit.wire.WsServer;

/**
 * The fake's public WebSocket v2 ({@code /v2}, docs/venues/kraken.md 8): a {@code status} message on connect,
 * {@code ping} → {@code pong}, {@code subscribe}/{@code unsubscribe} to {@code ticker} ({@code event_trigger}
 * {@code bbo} or {@code trades}) and {@code trade}, acknowledged one symbol at a time with {@code req_id},
 * {@code time_in} and {@code time_out}, snapshots on request, updates as the book and the tape move, and a
 * {@code heartbeat} every second on a subscribed connection that had nothing else to say. Prices and
 * quantities go out as JSON numbers written from exact decimals.
 */
final class PublicWs implements WsServer.Router {
  /** The trade snapshot holds the newest 50 trades (8.5). */
  static final int TRADE_SNAPSHOT = 50;
  /** Written with decimals plain (60000.0, never 6.00000E+4): the numbers as Kraken's engine has them. */
  private static final ObjectMapper OUT = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private static final Set<String> CHANNELS = Set.of("ticker", "trade");

  private final Catalogue catalogue;
  private final Book book;
  private final History history;
  private final Set<Conn> connections = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "kraken-fake-heartbeat");
    thread.setDaemon(true);
    return thread;
  });
  /** Connection ids; the status message sets the top bit: ids above 2^63, as Kraken's are. */
  private final AtomicLong connectionIds = new AtomicLong(6_917_387_190_100_016_388L);

  /** One client: its subscriptions ({@code channel → symbol → event_trigger}) and when it was last sent to. */
  private final class Conn implements WsConnection.Session {
    final WsConnection connection;
    final Map<String, Map<String, String>> subscribed = Map.of("ticker", new ConcurrentHashMap<>(), "trade",
        new ConcurrentHashMap<>());
    volatile long lastSentMs = System.currentTimeMillis();
    volatile boolean statusSent;
    final java.math.BigInteger connectionId =
        new java.math.BigInteger(Long.toUnsignedString(connectionIds.incrementAndGet() | Long.MIN_VALUE));

    Conn(WsConnection connection) {
      this.connection = connection;
    }

    synchronized void send(ObjectNode message) {
      if (!statusSent && !"status".equals(message.path("channel").asText())) {
        sendStatus();
      }
      try {
        connection.sendText(OUT.writeValueAsString(message));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
      lastSentMs = System.currentTimeMillis();
    }

    synchronized void sendStatus() {
      if (statusSent) {
        return;
      }
      statusSent = true;
      sendSystem(engine);
    }

    /** A status update naming the engine's state (the docs' status channel: sent at connect and on a change). */
    synchronized void sendSystem(String system) {
      ObjectNode status = OUT.createObjectNode().put("channel", "status").put("type", "update");
      status.putArray("data").addObject().put("api_version", "v2").put("connection_id", connectionId)
          .put("system", system).put("version", "2.0.0");
      send(status);
    }

    boolean subscribedAnything() {
      return subscribed.values().stream().anyMatch(symbols -> !symbols.isEmpty());
    }

    @Override
    public void onText(WsConnection connection, String text) {
      String timeIn = now();
      JsonNode request;
      try {
        request = OUT.readTree(text);
      } catch (JsonProcessingException e) {
        send(error(null, null, "EGeneral:Invalid arguments", timeIn));
        return;
      }
      String method = request.path("method").asText("");
      switch (method) {
        case "ping" -> {
          ObjectNode pong = OUT.createObjectNode().put("method", "pong");
          reqId(request, pong);
          send(pong.put("time_in", timeIn).put("time_out", now()));
        }
        case "subscribe", "unsubscribe" -> {
          if (method.equals("subscribe") && holdSubscribes) {
            held.add(() -> subscription(request, method, timeIn));
          } else {
            subscription(request, method, timeIn);
          }
        }
        default -> send(error(request, method, "Method not found", timeIn)); // (ours: the text is not documented)
      }
    }

    /** Under the connection's lock: a firehose pour never slips between a subscribe's ack and its snapshot. */
    private synchronized void subscription(JsonNode request, String method, String timeIn) {
      JsonNode params = request.path("params");
      String channel = params.path("channel").asText("");
      JsonNode symbols = params.path("symbol");
      JsonNode trigger = params.path("event_trigger");
      JsonNode snapshot = params.path("snapshot");
      boolean badTrigger = !trigger.isMissingNode() && !Set.of("bbo", "trades").contains(trigger.asText());
      // the docs give snapshot to subscribe alone
      boolean badSnapshot = !snapshot.isMissingNode() && (!snapshot.isBoolean() || method.equals("unsubscribe"));
      if (!CHANNELS.contains(channel) || !symbols.isArray() || symbols.isEmpty() || badTrigger || badSnapshot) {
        send(error(request, method, "EGeneral:Invalid arguments", timeIn));
        return;
      }
      // the trade page says snapshot defaults to false, the ticker page to true (8.5): ours follows each
      boolean wantsSnapshot = snapshot.isMissingNode() ? channel.equals("ticker") : snapshot.asBoolean();
      String only = refuseOnly;
      boolean names = only == null || java.util.stream.StreamSupport.stream(symbols.spliterator(), false)
          .anyMatch(node -> node.asText().equals(only));
      boolean refuse = method.equals("subscribe") && names
          && refuseSubscribes.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
      for (JsonNode symbolNode : symbols) {
        String symbol = symbolNode.asText();
        if (refuse && (only == null || only.equals(symbol))) {
          send(error(request, method, "EService:Unavailable", timeIn).put("symbol", symbol));
          continue;
        }
        if (catalogue.symbol(symbol).isEmpty()) {
          // (ours: the docs show no unknown-symbol error text)
          ObjectNode refusal = error(request, method, "Currency pair not supported " + symbol, timeIn);
          send(refusal.put("symbol", symbol));
          continue;
        }
        ObjectNode result = OUT.createObjectNode().put("channel", channel).put("symbol", symbol);
        if (method.equals("subscribe")) {
          String mode = trigger.isMissingNode() ? "trades" : trigger.asText();
          subscribed.get(channel).put(symbol, mode);
          if (channel.equals("ticker")) {
            result.put("event_trigger", mode);
          }
          result.put("snapshot", wantsSnapshot);
        } else {
          subscribed.get(channel).remove(symbol);
        }
        ObjectNode ack = OUT.createObjectNode().put("method", method);
        ack.set("result", result);
        ack.put("success", true).put("time_in", timeIn).put("time_out", now());
        reqId(request, ack);
        send(ack);
        if (method.equals("subscribe") && wantsSnapshot) {
          Catalogue.Pair pair = catalogue.require(symbol);
          List<History.Trade> latest = new java.util.ArrayList<>(history.latest(pair.key(), TRADE_SNAPSHOT));
          if (snapshotsNewestFirst) {
            java.util.Collections.reverse(latest); // the docs promise no order within a message
          }
          send(channel.equals("ticker") ? tickerMessage("snapshot", pair) : tradeMessage("snapshot", latest));
        }
      }
      if (dropAfterSubscribe && method.equals("subscribe") && channel.equals("ticker")) {
        connection.close(1000, "going away");
      }
    }

    @Override
    public void onClosed(WsConnection connection) {
      connections.remove(this);
    }
  }

  /** Trade snapshots list the newest trade first. */
  volatile boolean snapshotsNewestFirst;
  /** A connection is closed right after its ticker subscription is acknowledged: accepted, then dropped. */
  volatile boolean dropAfterSubscribe;

  /** Connections subscribed to {@code symbol} on {@code channel}. */
  int subscribers(String channel, String symbol) {
    return (int) connections.stream().filter(conn -> conn.subscribed.get(channel).containsKey(symbol)).count();
  }
  /** Subscribe requests still to refuse, every symbol of each with {@code success: false}. */
  final java.util.concurrent.atomic.AtomicInteger refuseSubscribes = new java.util.concurrent.atomic.AtomicInteger();
  /** When set, only this symbol of the requests refused is refused (the others of the request are taken). */
  volatile String refuseOnly;
  /** The engine's state: online, maintenance, cancel_only or post_only (status channel). */
  private volatile String engine = "online";

  /** The engine's state changes: every connection is told, and later ones start with it. */
  void engineStatus(String system) {
    engine = system;
    connections.forEach(connection -> connection.sendSystem(system));
  }

  /** While set, subscribe requests are kept unanswered until {@link #releaseSubscribes}. */
  volatile boolean holdSubscribes;
  final java.util.concurrent.ConcurrentLinkedQueue<Runnable> held = new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** Answers the subscribe requests kept so far, in arrival order, and answers the next ones at once. */
  void releaseSubscribes() {
    holdSubscribes = false;
    for (Runnable answer = held.poll(); answer != null; answer = held.poll()) {
      answer.run();
    }
  }
  /** Connections accepted so far. */
  final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();

  PublicWs(Catalogue catalogue, Book book, History history) {
    this.catalogue = catalogue;
    this.book = book;
    this.history = history;
    ticker.scheduleWithFixedDelay(this::heartbeats, 100, 100, TimeUnit.MILLISECONDS);
  }

  @Override
  public WsConnection.Session apply(URI uri, WsConnection connection) {
    if (!uri.getPath().equals("/v2")) {
      return null;
    }
    Conn conn = new Conn(connection);
    connections.add(conn);
    accepted.incrementAndGet();
    ticker.schedule(conn::sendStatus, 20, TimeUnit.MILLISECONDS); // after the 101: Kraken's first message
    return conn;
  }

  /** The book of {@code pair} moved: a ticker update to its bbo subscribers. */
  void bookMoved(Catalogue.Pair pair) {
    broadcast("ticker", pair.symbol(), "bbo", () -> tickerMessage("update", pair));
  }

  /** A trade: a trade update to its subscribers, and a ticker update to those who asked for trade triggers. */
  void traded(History.Trade trade) {
    Catalogue.Pair pair = catalogue.require(symbolOf(trade));
    broadcast("trade", pair.symbol(), null, () -> tradeMessage("update", List.of(trade)));
    broadcast("ticker", pair.symbol(), "trades", () -> tickerMessage("update", pair));
  }

  private void broadcast(String channel, String symbol, String trigger,
                         java.util.function.Supplier<ObjectNode> message) {
    ObjectNode built = null;
    for (Conn conn : connections) {
      String mode = conn.subscribed.get(channel).get(symbol);
      if (mode != null && (trigger == null || trigger.equals(mode))) {
        built = built == null ? message.get() : built;
        conn.send(built);
      }
    }
  }

  /**
   * One firehose pour ({@link KrakenFirehose}): each connection gets {@code rounds} rounds of the trade and
   * bbo ticker messages of the pairs it subscribed, in one write (blocking while its reader is behind). False
   * when no connection holds any of them.
   */
  boolean pour(Firehose firehose, int rounds) {
    boolean poured = false;
    for (Conn conn : connections) {
      synchronized (conn) {
        Set<String> bbo = new java.util.HashSet<>();
        conn.subscribed.get("ticker").forEach((symbol, mode) -> {
          if (mode.equals("bbo")) {
            bbo.add(symbol);
          }
        });
        byte[] frames = firehose.frames(conn.subscribed.get("trade").keySet(), bbo, Instant.now(), rounds);
        if (frames.length > 0 && conn.connection.isOpen()) {
          conn.connection.sendFrames(frames);
          conn.lastSentMs = System.currentTimeMillis();
          poured = true;
        }
      }
    }
    return poured;
  }

  private void heartbeats() {
    long now = System.currentTimeMillis();
    for (Conn conn : connections) {
      if (conn.subscribedAnything() && now - conn.lastSentMs >= 1000) {
        conn.send(OUT.createObjectNode().put("channel", "heartbeat"));
      }
    }
  }

  private ObjectNode tickerMessage(String type, Catalogue.Pair pair) {
    Book.Top top = book.top(pair.key()).orElse(null);
    List<History.Trade> last = history.latest(pair.key(), 1);
    ObjectNode message = OUT.createObjectNode().put("channel", "ticker").put("type", type);
    ObjectNode d = message.putArray("data").addObject().put("symbol", pair.symbol());
    BigDecimal lastPrice = last.isEmpty() ? pair.seed() : last.get(0).price();
    d.put("bid", top == null ? lastPrice.subtract(pair.tickSize()) : top.bid());
    d.put("bid_qty", top == null ? pair.lot() : top.bidQty());
    d.put("ask", top == null ? lastPrice.add(pair.tickSize()) : top.ask());
    d.put("ask_qty", top == null ? pair.lot() : top.askQty());
    d.put("last", lastPrice);
    d.put("volume", BigDecimal.ZERO).put("vwap", lastPrice).put("low", lastPrice).put("high", lastPrice);
    d.put("change", BigDecimal.ZERO).put("change_pct", BigDecimal.ZERO);
    d.put("timestamp", now());
    return message;
  }

  private ObjectNode tradeMessage(String type, List<History.Trade> trades) {
    ObjectNode message = OUT.createObjectNode().put("channel", "trade").put("type", type);
    ArrayNode data = message.putArray("data");
    for (History.Trade t : trades) {
      Instant time = Instant.ofEpochSecond(0, t.timeNs());
      data.addObject().put("symbol", symbolOf(t)).put("side", t.side().equals("b") ? "buy" : "sell")
          .put("price", t.price()).put("qty", t.qty()).put("ord_type", t.ordType().equals("l") ? "limit" : "market")
          .put("trade_id", t.id()).put("timestamp", rfc3339(time));
    }
    return message;
  }

  private String symbolOf(History.Trade trade) {
    return catalogue.all().stream().filter(p -> p.key().equals(trade.key())).findFirst().orElseThrow().symbol();
  }

  private static ObjectNode error(JsonNode request, String method, String error, String timeIn) {
    ObjectNode reply = OUT.createObjectNode();
    if (method != null) {
      reply.put("method", method);
    }
    reply.put("error", error).put("success", false).put("time_in", timeIn).put("time_out", now());
    if (request != null) {
      reqId(request, reply);
    }
    return reply;
  }

  private static void reqId(JsonNode request, ObjectNode reply) {
    if (request.has("req_id")) {
      reply.set("req_id", request.get("req_id"));
    }
  }

  /** RFC 3339 with microseconds, as Kraken writes its times. */
  private static String now() {
    return rfc3339(Instant.now());
  }

  private static String rfc3339(Instant instant) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
        .withZone(java.time.ZoneOffset.UTC).format(instant);
  }

  void close() {
    ticker.shutdownNow();
  }
}
