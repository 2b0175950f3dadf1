package piker.backends.binance.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/** The REST endpoints the fake serves (docs section 6), each with its documented weight and security. */
final class RestRoutes {
  /** One endpoint; {@code order} marks those whose replies carry the unfilled order count. */
  record Route(ToIntFunction<Map<String, String>> weight, boolean signed, boolean order,
      Function<Map<String, String>, JsonNode> handler) {}

  private final Venue venue;
  private final Matching matching;
  private final Map<String, Route> routes;

  RestRoutes(Venue venue, Matching matching) {
    this.venue = venue;
    this.matching = matching;
    this.routes = Map.ofEntries(
        Map.entry("GET /api/v3/ping", new Route(p -> 1, false, false, p -> Wire.object())),
        Map.entry("GET /api/v3/time", new Route(p -> 1, false, false, p -> time())),
        Map.entry("GET /api/v3/exchangeInfo", new Route(p -> 20, false, false, this::exchangeInfo)),
        Map.entry("GET /api/v3/klines", new Route(p -> 2, false, false, this::klines)),
        Map.entry("GET /api/v3/ticker/bookTicker", new Route(RestRoutes::tickerWeight, false, false, this::bookTicker)),
        Map.entry("GET /api/v3/ticker/price", new Route(RestRoutes::tickerWeight, false, false, this::price)),
        Map.entry("GET /api/v3/ticker/24hr", new Route(p -> p.containsKey("symbol") ? 2 : 80, false, false,
            this::dayTicker)),
        Map.entry("POST /api/v3/order", new Route(p -> 1, true, true, this::place)),
        Map.entry("DELETE /api/v3/order", new Route(p -> 1, true, false, this::cancel)),
        Map.entry("GET /api/v3/order", new Route(p -> 4, true, false, this::query)),
        Map.entry("GET /api/v3/openOrders",
            new Route(p -> p.containsKey("symbol") ? 6 : 80, true, false, this::openOrders)),
        Map.entry("GET /api/v3/myTrades",
            new Route(p -> p.containsKey("orderId") ? 5 : 20, true, false, this::myTrades)),
        Map.entry("GET /api/v3/account", new Route(p -> 20, true, false, this::account)));
  }

  Route find(String method, String path) {
    return routes.get(method + " " + path);
  }

  private static int tickerWeight(Map<String, String> params) {
    return params.containsKey("symbol") ? 2 : 4;
  }

  private ObjectNode time() {
    ObjectNode node = Wire.object();
    node.put("serverTime", venue.now());
    return node;
  }

  private ObjectNode exchangeInfo(Map<String, String> p) {
    boolean bySymbol = p.containsKey("symbol") || p.containsKey("symbols");
    if (bySymbol && (p.containsKey("permissions") || p.containsKey("symbolStatus"))) {
      throw Refusal.badRequest(-1106, "Parameter 'permissions' sent when not required.");
    }
    List<Catalogue.Market> markets = bySymbol ? symbols(p).stream().map(venue.catalogue::require).toList()
        : venue.catalogue.all().stream()
            .filter(m -> !p.containsKey("symbolStatus") || m.status().equals(p.get("symbolStatus")))
            .filter(m -> !p.containsKey("permissions") || p.get("permissions").contains("SPOT"))
            .toList();
    ObjectNode node = Wire.object();
    node.put("timezone", "UTC");
    node.put("serverTime", venue.now());
    ArrayNode limits = node.putArray("rateLimits");
    limit(limits, "REQUEST_WEIGHT", "MINUTE", 1, 6000);
    limit(limits, "ORDERS", "SECOND", 10, 50);
    limit(limits, "ORDERS", "DAY", 1, 160000);
    limit(limits, "RAW_REQUESTS", "MINUTE", 5, 300000);
    node.putArray("exchangeFilters");
    ArrayNode array = node.putArray("symbols");
    markets.forEach(m -> {
      ObjectNode described = Catalogue.describe(m);
      if ("false".equals(p.get("showPermissionSets"))) {
        described.putArray("permissionSets");
      }
      array.add(described);
    });
    return node;
  }

  private static void limit(ArrayNode limits, String type, String interval, int num, int limit) {
    ObjectNode node = limits.addObject();
    node.put("rateLimitType", type);
    node.put("interval", interval);
    node.put("intervalNum", num);
    node.put("limit", limit);
  }

  /** {@code symbol=X}, or {@code symbols=["X","Y"]} (a JSON array in the parameter). */
  private static List<String> symbols(Map<String, String> p) {
    if (p.containsKey("symbol")) {
      return List.of(p.get("symbol"));
    }
    Set<String> names = new LinkedHashSet<>();
    try {
      Wire.JSON.readTree(p.get("symbols")).forEach(n -> names.add(n.asText()));
    } catch (java.io.IOException | RuntimeException e) {
      throw Refusal.badRequest(-1100, "Illegal characters found in parameter 'symbols'; legal range is '^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$'.");
    }
    return new ArrayList<>(names);
  }

  private ArrayNode klines(Map<String, String> p) {
    int limit = intParam(p, "limit", 500);
    if (limit < 1) {
      throw Refusal.badRequest(-1100, "Illegal characters found in parameter 'limit'; legal range is '1..1000'.");
    }
    ArrayNode rows = Wire.array();
    venue.klines(required(p, "symbol"), required(p, "interval"), longParam(p, "startTime"), longParam(p, "endTime"),
        Math.min(limit, 1000)).forEach(bar -> rows.add(Klines.row(bar)));
    return rows;
  }

  private JsonNode bookTicker(Map<String, String> p) {
    return perSymbol(p, tape -> tape.bookTicker(false));
  }

  private JsonNode price(Map<String, String> p) {
    return perSymbol(p, tape -> {
      ObjectNode node = Wire.object();
      node.put("symbol", tape.market.symbol());
      node.put("price", Wire.decimal(tape.lastPrice()));
      return node;
    });
  }

  /** The 24 h rolling window's statistics (type FULL, the default), as rest-api.md shows them. */
  private JsonNode dayTicker(Map<String, String> p) {
    long now = venue.now();
    return perSymbol(p, tape -> {
      List<Tape.Trade> day = tape.trades().stream().filter(trade -> trade.time() > now - 86_400_000L).toList();
      BigDecimal open = day.isEmpty() ? tape.lastPrice() : day.get(0).price();
      BigDecimal last = tape.lastPrice();
      BigDecimal volume = BigDecimal.ZERO;
      BigDecimal quoteVolume = BigDecimal.ZERO;
      BigDecimal high = open;
      BigDecimal low = open;
      for (Tape.Trade trade : day) {
        volume = volume.add(trade.qty());
        quoteVolume = quoteVolume.add(trade.qty().multiply(trade.price()));
        high = high.max(trade.price());
        low = low.min(trade.price());
      }
      ObjectNode node = Wire.object();
      node.put("symbol", tape.market.symbol());
      node.put("priceChange", Wire.decimal(last.subtract(open)));
      node.put("priceChangePercent", open.signum() == 0 ? "0.000"
          : last.subtract(open).multiply(BigDecimal.valueOf(100)).divide(open, 3, java.math.RoundingMode.HALF_UP)
              .toPlainString());
      node.put("weightedAvgPrice", Wire.decimal(volume.signum() == 0 ? BigDecimal.ZERO
          : quoteVolume.divide(volume, 8, java.math.RoundingMode.HALF_UP)));
      node.put("prevClosePrice", Wire.decimal(open));
      node.put("lastPrice", Wire.decimal(last));
      node.put("lastQty", Wire.decimal(day.isEmpty() ? BigDecimal.ZERO : day.get(day.size() - 1).qty()));
      node.put("bidPrice", Wire.decimal(tape.top().bid()));
      node.put("bidQty", Wire.decimal(tape.top().bidQty()));
      node.put("askPrice", Wire.decimal(tape.top().ask()));
      node.put("askQty", Wire.decimal(tape.top().askQty()));
      node.put("openPrice", Wire.decimal(open));
      node.put("highPrice", Wire.decimal(high));
      node.put("lowPrice", Wire.decimal(low));
      node.put("volume", Wire.decimal(volume));
      node.put("quoteVolume", Wire.decimal(quoteVolume));
      node.put("openTime", now - 86_400_000L);
      node.put("closeTime", now);
      // no trade in the window: -1 (ours: the docs' example always has trades)
      node.put("firstId", day.isEmpty() ? -1 : day.get(0).id());
      node.put("lastId", day.isEmpty() ? -1 : day.get(day.size() - 1).id());
      node.put("count", day.size());
      return node;
    });
  }

  private JsonNode perSymbol(Map<String, String> p, Function<Tape, ObjectNode> render) {
    synchronized (venue) {
      if (p.containsKey("symbol")) {
        return render.apply(venue.tape(p.get("symbol")));
      }
      ArrayNode array = Wire.array();
      List<Tape> tapes = p.containsKey("symbols") ? symbols(p).stream().map(venue::tape).toList() : venue.tapes();
      tapes.forEach(tape -> array.add(render.apply(tape)));
      return array;
    }
  }

  private JsonNode place(Map<String, String> p) {
    Matching.Placed placed = matching.place(required(p, "symbol"), required(p, "side"), required(p, "type"),
        required(p, "timeInForce"), decimal(p, "price"), decimal(p, "quantity"), p.get("newClientOrderId"));
    String respType = p.getOrDefault("newOrderRespType", "FULL");
    return placed.order().placed(respType, placed.order().time, placed.fills());
  }

  private JsonNode cancel(Map<String, String> p) {
    return matching.cancel(required(p, "symbol"), longParam(p, "orderId"), p.get("origClientOrderId"),
        p.get("newClientOrderId")).canceled(venue.now());
  }

  private JsonNode query(Map<String, String> p) {
    return matching.query(required(p, "symbol"), longParam(p, "orderId"), p.get("origClientOrderId")).queried();
  }

  private JsonNode openOrders(Map<String, String> p) {
    ArrayNode array = Wire.array();
    matching.openOrders(p.get("symbol")).forEach(order -> array.add(order.queried()));
    return array;
  }

  private JsonNode myTrades(Map<String, String> p) {
    return matching.myTrades(required(p, "symbol"), longParam(p, "orderId"), longParam(p, "fromId"),
        longParam(p, "startTime"), longParam(p, "endTime"), Math.min(intParam(p, "limit", 500), 1000));
  }

  private JsonNode account(Map<String, String> p) {
    return matching.account("true".equals(p.get("omitZeroBalances")));
  }

  static String required(Map<String, String> p, String name) {
    String value = p.get(name);
    if (value == null || value.isEmpty()) {
      throw Refusal.mandatory(name);
    }
    return value;
  }

  private static BigDecimal decimal(Map<String, String> p, String name) {
    try {
      return new BigDecimal(required(p, name));
    } catch (NumberFormatException e) {
      throw Refusal.mandatory(name);
    }
  }

  private static Long longParam(Map<String, String> p, String name) {
    try {
      return p.containsKey(name) ? Long.valueOf(p.get(name)) : null;
    } catch (NumberFormatException e) {
      throw Refusal.mandatory(name);
    }
  }

  private static int intParam(Map<String, String> p, String name, int fallback) {
    Long value = longParam(p, name);
    return value == null ? fallback : (int) Math.min(Integer.MAX_VALUE, value);
  }
}
