package piker.backends.binance.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import piker.backends.testkit.wire.WsConnection;

/**
 * The WebSocket API at {@code /ws-api/v3} (web-socket-api.md): the request/response envelope, the user data
 * subscription by signature, and the account's events wrapped {"subscriptionId", "event"}.
 */
final class WsApi {
  static final String PATH = "/ws-api/v3";

  private final Keys keys;
  private final LongSupplier clock;
  private final RestServer.WindowCounter weight;
  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicLong rateLimitNextMs = new java.util.concurrent.atomic.AtomicLong(-1);

  WsApi(Keys keys, LongSupplier clock, RestServer.WindowCounter weight) {
    this.keys = keys;
    this.clock = clock;
    this.weight = weight;
  }

  WsConnection.Session open(URI uri, WsConnection connection) {
    if (!uri.getPath().equals(PATH)) {
      return null;
    }
    boolean rateLimits = uri.getQuery() == null || !uri.getQuery().contains("returnRateLimits=false");
    Session session = new Session(connection, rateLimits, clock.getAsLong());
    sessions.add(session);
    return session;
  }

  /** An account event to every active user data subscription. */
  void publish(ObjectNode event) {
    sessions.forEach(session -> session.deliver(event));
  }

  /** The next request (any connection) is answered 429 -1003 whose {@code retryAfter} is {@code waitMs} from now. */
  void rateLimitNext(long waitMs) {
    rateLimitNextMs.set(waitMs);
  }

  int subscriptionCount() {
    return sessions.stream().mapToInt(s -> s.subscriptions.size()).sum();
  }

  /** The revocation notice of web-socket-api.md › Authenticate after connection; the key's subscriptions end. */
  void revoke(String apiKey) {
    for (Session session : sessions) {
      if (session.subscriptions.values().removeIf(apiKey::equals)) {
        ObjectNode envelope = Wire.object();
        envelope.putNull("id");
        envelope.put("status", 401);
        envelope.set("error", Wire.error(-2015, "Invalid API-key, IP, or permissions for action."));
        session.connection.sendText(Wire.text(envelope));
      }
    }
  }

  private final class Session implements WsConnection.Session {
    final WsConnection connection;
    final boolean rateLimits;
    final long connectedSince;
    final Map<Integer, String> subscriptions = new ConcurrentHashMap<>();
    private int nextSubscriptionId;

    Session(WsConnection connection, boolean rateLimits, long connectedSince) {
      this.connection = connection;
      this.rateLimits = rateLimits;
      this.connectedSince = connectedSince;
    }

    void deliver(ObjectNode event) {
      new TreeMap<>(subscriptions).keySet().forEach(id -> {
        ObjectNode wrapped = Wire.object();
        wrapped.put("subscriptionId", id);
        wrapped.set("event", event);
        connection.sendText(Wire.text(wrapped));
      });
    }

    @Override
    public void onClosed(WsConnection c) {
      sessions.remove(this);
    }

    @Override
    public void onText(WsConnection c, String text) {
      JsonNode request = Wire.readOrNull(text);
      if (request == null) {
        respond(null, 400, null, Wire.error(-1100, "Illegal characters found in a parameter."), 1);
        return;
      }
      JsonNode id = request.get("id");
      String method = request.path("method").asText("").replaceFirst("^v3/", "");
      int cost = method.equals("time") ? 1 : 2;
      long limitedFor = rateLimitNextMs.getAndSet(-1);
      if (limitedFor >= 0) {
        // web-socket-api.md › Rate limits: "Rate-limited responses include a retryAfter field"
        long now = clock.getAsLong();
        ObjectNode error = Wire.error(-1003, "Too much request weight used; current limit is 6000 request weight "
            + "per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.");
        error.putObject("data").put("serverTime", now).put("retryAfter", now + limitedFor);
        respond(id, 429, null, error, cost);
        return;
      }
      try {
        JsonNode result = switch (method) {
          case "time" -> {
            ObjectNode node = Wire.object();
            node.put("serverTime", clock.getAsLong());
            yield node;
          }
          case "userDataStream.subscribe.signature" -> subscribe(params(request.path("params")));
          case "userDataStream.unsubscribe" -> unsubscribe(request.path("params"));
          case "session.status" -> status();
          case "session.subscriptions" -> {
            ArrayNode list = Wire.array();
            new TreeMap<>(subscriptions).keySet().forEach(n -> list.addObject().put("subscriptionId", n));
            yield list;
          }
          default -> throw Refusal.badRequest(-1100, "Illegal characters found in parameter 'method'; legal range is '"
              + "time, userDataStream.subscribe.signature, userDataStream.unsubscribe, session.status, "
              + "session.subscriptions'.");
        };
        respond(id, 200, result, null, cost);
      } catch (Refusal refusal) {
        respond(id, refusal.status, null, Wire.error(refusal.code, refusal.getMessage()), cost);
      }
    }

    private Map<String, String> params(JsonNode params) {
      Map<String, String> map = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        map.put(field.getKey(), field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString());
      }
      return map;
    }

    private JsonNode subscribe(Map<String, String> params) {
      keys.verifyWsApi(params);
      if (subscriptions.containsValue(params.get("apiKey"))) {
        throw Refusal.badRequest(-2035, "User Data Stream subscription already active.");
      }
      if (nextSubscriptionId >= 65_535) {
        throw Refusal.badRequest(-2042, "Maximum subscription ID reached for this connection.");
      }
      int subscriptionId = nextSubscriptionId++;
      subscriptions.put(subscriptionId, params.get("apiKey"));
      ObjectNode result = Wire.object();
      result.put("subscriptionId", subscriptionId);
      return result;
    }

    /** Ends one subscription (or all): each ends with eventStreamTerminated. */
    private JsonNode unsubscribe(JsonNode params) {
      Set<Integer> ending = params.has("subscriptionId") ? Set.of(params.get("subscriptionId").asInt())
          : Set.copyOf(subscriptions.keySet());
      for (Integer subscriptionId : ending) {
        if (subscriptions.containsKey(subscriptionId)) {
          ObjectNode event = Wire.object();
          event.put("e", "eventStreamTerminated");
          event.put("E", clock.getAsLong());
          ObjectNode wrapped = Wire.object();
          wrapped.put("subscriptionId", subscriptionId);
          wrapped.set("event", event);
          connection.sendText(Wire.text(wrapped));
          subscriptions.remove(subscriptionId);
        } else {
          throw Refusal.badRequest(-2036, "User Data Stream subscription not active.");
        }
      }
      return Wire.object();
    }

    private JsonNode status() {
      ObjectNode result = Wire.object();
      result.putNull("apiKey");
      result.putNull("authorizedSince");
      result.put("connectedSince", connectedSince);
      result.put("returnRateLimits", rateLimits);
      result.put("serverTime", clock.getAsLong());
      result.put("userDataStream", !subscriptions.isEmpty());
      return result;
    }

    private void respond(JsonNode id, int status, JsonNode result, ObjectNode error, int cost) {
      int used = weight.add(clock.getAsLong(), cost);
      ObjectNode envelope = Wire.object();
      envelope.set("id", id);
      envelope.put("status", status);
      if (error != null) {
        envelope.set("error", error);
      } else {
        envelope.set("result", result);
      }
      if (rateLimits) {
        ObjectNode limit = envelope.putArray("rateLimits").addObject();
        limit.put("rateLimitType", "REQUEST_WEIGHT");
        limit.put("interval", "MINUTE");
        limit.put("intervalNum", 1);
        limit.put("limit", 6000);
        limit.put("count", used);
      }
      connection.sendText(Wire.text(envelope));
    }
  }
}
