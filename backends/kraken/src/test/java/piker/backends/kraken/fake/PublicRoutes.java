package piker.backends.kraken.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fake's public REST methods ({@code GET /0/public/<Method>}, docs/venues/kraken.md 6): AssetPairs, Time,
 * SystemStatus, OHLC and Trades, each answered in the documented envelope, always HTTP 200. Every public
 * request is recorded (its arrival time) and may be answered by an armed refusal instead
 * ({@link #refuseNext}).
 */
final class PublicRoutes {
  private static final Set<String> INFO = Set.of("info", "leverage", "fees", "margin");

  private final Catalogue catalogue;
  private final History history;
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();
  private final List<String> arrivalMethods = new CopyOnWriteArrayList<>();
  private final AtomicReference<Armed> refuseNext = new AtomicReference<>();

  /** A refusal armed for the next request to {@code method} ({@code AssetPairs}, …), or to any when null. */
  private record Armed(String method, String error) {}

  PublicRoutes(Catalogue catalogue, History history) {
    this.catalogue = catalogue;
    this.history = history;
  }

  void register(RestServer rest) {
    rest.route("/0/public/AssetPairs", request -> answer("AssetPairs", request, this::assetPairs));
    rest.route("/0/public/Time", request -> answer("Time", request, params -> time()));
    rest.route("/0/public/SystemStatus", request -> answer("SystemStatus", request, params -> systemStatus()));
    rest.route("/0/public/OHLC", request -> answer("OHLC", request, history::ohlc));
    rest.route("/0/public/Trades", request -> answer("Trades", request, history::trades));
  }

  /** The next public request is answered with {@code error} (a Kraken error string) instead. */
  void refuseNext(String error) {
    refuseNext.set(new Armed(null, error));
  }

  /** The next request to {@code method} is answered with {@code error}; others go on meanwhile. */
  void refuseNext(String method, String error) {
    refuseNext.set(new Armed(method, error));
  }

  /** When each public request arrived (epoch ms), oldest first. */
  List<Long> arrivals() {
    return List.copyOf(arrivals);
  }

  /** When each public request to {@code method} arrived (epoch ms), oldest first. */
  synchronized List<Long> arrivals(String method) {
    List<Long> times = new java.util.ArrayList<>();
    for (int i = 0; i < arrivals.size(); i++) {
      if (arrivalMethods.get(i).equals(method)) {
        times.add(arrivals.get(i));
      }
    }
    return times;
  }

  private interface Method {
    ObjectNode result(Map<String, String> params);
  }

  private RestServer.Response answer(String name, RestServer.Request request, Method method) {
    synchronized (this) {
      arrivals.add(System.currentTimeMillis());
      arrivalMethods.add(name);
    }
    if (!request.method().equals("GET") && !request.method().equals("POST")) {
      return envelope("EGeneral:Invalid arguments", null);
    }
    Armed armed = refuseNext.getAndUpdate(next -> next != null && (next.method() == null
        || next.method().equals(name)) ? null : next);
    if (armed != null && (armed.method() == null || armed.method().equals(name))) {
      return envelope(armed.error(), null);
    }
    try {
      return envelope(null, method.result(params(request.method().equals("GET") ? request.rawQuery() : request.body())));
    } catch (Refusal refused) {
      return envelope(refused.getMessage(), null);
    }
  }

  /** {@code {"error":[…],"result":{…}}}; a refusal has an empty result object. */
  static RestServer.Response envelope(String error, ObjectNode result) {
    ObjectNode body = Catalogue.JSON.createObjectNode();
    var errors = body.putArray("error");
    if (error != null) {
      errors.add(error);
      body.putObject("result");
    } else {
      body.set("result", result);
    }
    return RestServer.Response.json(body.toString());
  }

  static Map<String, String> params(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(name, value);
    }
    return params;
  }

  private ObjectNode assetPairs(Map<String, String> params) {
    String info = params.getOrDefault("info", "info");
    if (!INFO.contains(info)) {
      throw Refusal.invalidArguments("info");
    }
    List<Catalogue.Pair> pairs;
    if (params.containsKey("pair")) {
      pairs = new java.util.ArrayList<>();
      for (String name : params.get("pair").split(",")) {
        pairs.add(catalogue.rest(name).orElseThrow(Refusal::unknownPair));
      }
    } else {
      pairs = catalogue.all();
    }
    ObjectNode result = Catalogue.JSON.createObjectNode();
    pairs.forEach(pair -> result.set(pair.key(), catalogue.entry(pair, info)));
    return result;
  }

  private static ObjectNode time() {
    Instant now = Instant.now();
    ObjectNode result = Catalogue.JSON.createObjectNode();
    result.put("unixtime", now.getEpochSecond());
    result.put("rfc1123", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atZone(java.time.ZoneOffset.UTC)));
    return result;
  }

  private static ObjectNode systemStatus() {
    ObjectNode result = Catalogue.JSON.createObjectNode();
    result.put("status", "online");
    result.put("timestamp", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    return result;
  }
}
