package piker.backends.binance.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import piker.backends.testkit.wire.WsConnection;

/**
 * The market streams (web-socket-streams.md): {@code /ws}, {@code /ws/<name>}, {@code /stream?streams=a/b},
 * live SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS / SET_PROPERTY / GET_PROPERTY, payloads raw or wrapped.
 */
final class StreamHub implements Venue.MarketSink {
  private static final Pattern NAME = Pattern.compile("([a-z0-9]+)@(trade|bookTicker|kline_([0-9]+[smhdwM]))");

  private final Venue venue;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  /** Streams a connection may hold (1024 documented); past it the connection is dropped. */
  private volatile int maxStreams = 1024;

  StreamHub(Venue venue) {
    this.venue = venue;
  }

  /** The session for a stream path, or null (404) for a path that is not one. */
  WsConnection.Session open(URI uri, WsConnection connection) {
    String path = uri.getPath();
    boolean combined = false;
    List<String> initial;
    if (path.equals("/ws") || path.equals("/ws/")) {
      initial = List.of();
    } else if (path.startsWith("/ws/")) {
      initial = List.of(path.substring("/ws/".length()).split("/"));
    } else if (path.equals("/stream") || path.equals("/stream/")) {
      String query = uri.getQuery() == null ? "" : uri.getQuery();
      String streams = "";
      for (String pair : query.split("&")) {
        if (pair.startsWith("streams=")) {
          streams = pair.substring("streams=".length());
        }
      }
      combined = true;
      initial = streams.isEmpty() ? List.of() : List.of(streams.split("/"));
    } else {
      return null;
    }
    if (!initial.stream().allMatch(this::valid) || initial.size() > maxStreams) {
      return null;
    }
    Subscriber subscriber = new Subscriber(combined, initial, connection);
    subscribers.add(subscriber);
    return subscriber;
  }

  boolean valid(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches() || venue.catalogue.find(m.group(1).toUpperCase(java.util.Locale.ROOT)).isEmpty()) {
      return false;
    }
    if (m.group(3) != null) {
      if (!Klines.valid(m.group(3))) {
        return false;
      }
      venue.klineInterval(m.group(3));
    }
    return true;
  }

  void maxStreams(int limit) {
    maxStreams = limit;
  }

  /** The next {@code count} SUBSCRIBE requests are refused with a documented error reply. */
  final java.util.concurrent.atomic.AtomicInteger refuseSubscribes = new java.util.concurrent.atomic.AtomicInteger();
  /** While set, SUBSCRIBE requests are kept unanswered until {@link #releaseSubscribes}. */
  volatile boolean holdSubscribes;
  final java.util.concurrent.ConcurrentLinkedQueue<Runnable> held = new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** Answers the SUBSCRIBE requests kept so far, in arrival order, and the next ones at once. */
  void releaseSubscribes() {
    holdSubscribes = false;
    for (Runnable answer = held.poll(); answer != null; answer = held.poll()) {
      answer.run();
    }
  }

  @Override
  public boolean wants(String stream) {
    return subscribers.stream().anyMatch(s -> s.streams.contains(stream));
  }

  @Override
  public void publish(String stream, ObjectNode payload) {
    for (Subscriber subscriber : subscribers) {
      subscriber.deliver(stream, payload);
    }
  }

  /**
   * One firehose pour: each connection gets {@code rounds} rounds of the frames of the streams it holds, in
   * one write (blocking while its reader is behind). False when no connection holds any of them.
   */
  boolean pour(Firehose firehose, int rounds) {
    boolean poured = false;
    for (Subscriber subscriber : subscribers) {
      byte[] frames = firehose.frames(subscriber.streams, subscriber.combined, venue.now(), rounds);
      if (frames.length > 0 && subscriber.connection.isOpen()) {
        subscriber.connection.sendFrames(frames);
        poured = true;
      }
    }
    return poured;
  }

  /** The {@code serverShutdown} notice on every stream connection (raw or combined form). */
  void serverShutdown() {
    ObjectNode event = Wire.object();
    event.put("e", "serverShutdown");
    event.put("E", venue.now());
    subscribers.forEach(s -> s.sendEvent("!serverShutdown", event));
  }

  private final class Subscriber implements WsConnection.Session {
    final Set<String> streams = ConcurrentHashMap.newKeySet();
    volatile boolean combined;
    final WsConnection connection;

    Subscriber(boolean combined, List<String> initial, WsConnection connection) {
      this.combined = combined;
      this.connection = connection;
      streams.addAll(initial);
    }

    void deliver(String stream, ObjectNode payload) {
      if (streams.contains(stream)) {
        sendEvent(stream, payload);
      }
    }

    void sendEvent(String stream, ObjectNode payload) {
      WsConnection c = connection;
      if (combined) {
        ObjectNode wrapped = Wire.object();
        wrapped.put("stream", stream);
        wrapped.set("data", payload);
        c.sendText(Wire.text(wrapped));
      } else {
        c.sendText(Wire.text(payload));
      }
    }

    @Override
    public void onClosed(WsConnection c) {
      subscribers.remove(this);
    }

    @Override
    public void onText(WsConnection c, String text) {
      JsonNode request = Wire.readOrNull(text);
      if (request == null) {
        c.sendText(Wire.text(Wire.error(3, "Invalid JSON: expected value at line 1 column 1")));
        return;
      }
      JsonNode id = request.path("id");
      if (!request.has("method")) {
        c.sendText(Wire.text(Wire.error(2, "Invalid request: missing field `method` at line 1 column " + text.length())));
        return;
      }
      if (!(id.isMissingNode() || id.isNull() || id.canConvertToLong() && id.asLong() >= 0
          || id.isTextual() && id.asText().length() <= 36)) {
        c.sendText(Wire.text(Wire.error(2, "Invalid request: request ID must be an unsigned integer")));
        return;
      }
      String method = request.get("method").asText();
      JsonNode params = request.path("params");
      switch (method) {
        case "SUBSCRIBE", "UNSUBSCRIBE" -> {
          boolean subscribe = method.equals("SUBSCRIBE");
          if (subscribe && holdSubscribes) {
            held.add(() -> change(c, id, params, true));
          } else {
            change(c, id, params, subscribe);
          }
        }
        case "LIST_SUBSCRIPTIONS" -> {
          ArrayNode list = Wire.array();
          new LinkedHashSet<>(streams).forEach(list::add);
          reply(c, id, list);
        }
        case "SET_PROPERTY" -> {
          if (!"combined".equals(params.path(0).asText())) {
            c.sendText(Wire.text(withId(Wire.error(0, "Unknown property"), id)));
          } else if (!params.path(1).isBoolean()) {
            c.sendText(Wire.text(Wire.error(1, "Invalid value type: expected Boolean")));
          } else {
            combined = params.path(1).asBoolean();
            reply(c, id, null);
          }
        }
        case "GET_PROPERTY" -> {
          if (!"combined".equals(params.path(0).asText())) {
            c.sendText(Wire.text(withId(Wire.error(0, "Unknown property"), id)));
          } else {
            reply(c, id, Wire.JSON.getNodeFactory().booleanNode(combined));
          }
        }
        default -> c.sendText(Wire.text(Wire.error(2, "Invalid request: unknown variant " + method
            + ", expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`"
            + " at line 1 column 28")));
      }
    }

    private void change(WsConnection c, JsonNode id, JsonNode params, boolean subscribe) {
      if (subscribe && refuseSubscribes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        c.sendText(Wire.text(withId(Wire.error(2, "Invalid request: too many parameters"), id)));
        return;
      }
      for (JsonNode name : params) {
        if (!name.isTextual() || !valid(name.asText())) {
          c.sendText(Wire.text(withId(Wire.error(2, "Invalid request: unknown stream name " + name), id)));
          return;
        }
      }
      params.forEach(name -> {
        if (subscribe) {
          streams.add(name.asText());
        } else {
          streams.remove(name.asText());
        }
      });
      if (streams.size() > maxStreams) {
        c.close(1008, "too many streams");
        return;
      }
      reply(c, id, null);
    }

    private void reply(WsConnection c, JsonNode id, JsonNode result) {
      ObjectNode reply = Wire.object();
      reply.set("result", result);
      reply.set("id", id.isMissingNode() ? null : id);
      c.sendText(Wire.text(reply));
    }

    private ObjectNode withId(ObjectNode error, JsonNode id) {
      error.set("id", id.isMissingNode() ? null : id);
      return error;
    }
  }
}
