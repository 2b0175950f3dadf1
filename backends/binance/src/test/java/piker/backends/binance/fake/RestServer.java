package piker.backends.binance.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;

/**
 * The REST side over the JDK's HttpServer on 127.0.0.1: parameters, signature checks, weights and their
 * headers, and the scripted faults (fail, rate-limit) a test queues for the next requests.
 */
final class RestServer implements AutoCloseable {
  /** A scripted answer for the next request; {@code execute} runs the request first (its outcome is then unknown to the client). */
  private record Fault(int status, int code, String msg, long retryAfterSeconds, boolean execute, long delayMs,
      JsonNode answer, String raw) {
    Fault(int status, int code, String msg, long retryAfterSeconds, boolean execute) {
      this(status, code, msg, retryAfterSeconds, execute, 0, null, null);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
    Thread thread = new Thread(r, "fake-rest");
    thread.setDaemon(true);
    return thread;
  });
  private final RestRoutes routes;
  private final Keys keys;
  private final LongSupplier clock;
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final List<Arrival> arrivals = new ArrayList<>();
  private final Map<String, Integer> requests = new ConcurrentHashMap<>();
  private final WindowCounter weight;
  private final WindowCounter orders10s = new WindowCounter(10_000);
  private final WindowCounter ordersDay = new WindowCounter(86_400_000);
  private volatile int weightLimit = 6000;
  private volatile int ordersPer10s = 50;

  RestServer(RestRoutes routes, Keys keys, LongSupplier clock, WindowCounter weight) throws IOException {
    this.weight = weight;
    this.routes = routes;
    this.keys = keys;
    this.clock = clock;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Fixed windows aligned to the clock, as Binance counts (a minute window resets at :00). */
  static final class WindowCounter {
    private final long length;
    private long window = -1;
    private int count;

    WindowCounter(long length) {
      this.length = length;
    }

    /** Seconds until this window ends, at least 1: the Retry-After of a limit reached in it. */
    long secondsLeft(long now) {
      return Math.max(1, ((now / length + 1) * length - now + 999) / 1000);
    }

    synchronized int add(long now, int amount) {
      if (now / length != window) {
        window = now / length;
        count = 0;
      }
      count += amount;
      return count;
    }
  }

  synchronized void failNext(int status, int code, String msg, boolean execute) {
    faults.add(new Fault(status, code, msg, 0, execute));
  }

  /** The next request is executed and answered normally, but only after {@code delayMs}: a client's timeout. */
  synchronized void delayNext(long delayMs) {
    faults.add(new Fault(0, 0, null, 0, true, delayMs, null, null));
  }

  /** The next request is executed but answered 200 with {@code answer} instead of its own body. */
  synchronized void answerNext(JsonNode answer) {
    faults.add(new Fault(200, 0, null, 0, true, 0, answer, null));
  }

  /** The next request is answered {@code status} with {@code body} as is (not JSON, cut short), without being executed. */
  synchronized void failNextRaw(int status, String body) {
    faults.add(new Fault(status, 0, null, 0, false, 0, null, body));
  }

  synchronized void rateLimitNext(int status, long retryAfterSeconds) {
    String msg = status == 418
        ? "Way too much request weight used; IP banned until " + (clock.getAsLong() + retryAfterSeconds * 1000)
            + ". Please use WebSocket Streams for live updates to avoid bans."
        : "Too much request weight used; current limit is 6000 request weight per 1 MINUTE. "
            + "Please use WebSocket Streams for live updates to avoid polling the API.";
    faults.add(new Fault(status, -1003, msg, retryAfterSeconds, false));
  }

  /** The next request is answered 429 -1015 (the account's order count) with {@code Retry-After: seconds}. */
  synchronized void tooManyOrdersNext(long retryAfterSeconds) {
    faults.add(new Fault(429, -1015, "Too many new orders; current limit is " + ordersPer10s
        + " orders per 10 SECOND.", retryAfterSeconds, false));
  }

  /** The REQUEST_WEIGHT per minute and ORDERS per 10 s past which requests get 429 (6000 and 50 by default). */
  void limits(int weightPerMinute, int ordersPer10Seconds) {
    this.weightLimit = weightPerMinute;
    this.ordersPer10s = ordersPer10Seconds;
  }

  synchronized List<Arrival> arrivals() {
    return List.copyOf(arrivals);
  }

  Map<String, Integer> requestCounts() {
    return Map.copyOf(requests);
  }

  int usedWeight() {
    return weight.add(clock.getAsLong(), 0);
  }

  private synchronized Fault arrive(String method, String path) {
    arrivals.add(new Arrival(System.currentTimeMillis(), method, path));
    return faults.poll();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Fault fault = arrive(method, path);
    requests.merge(method + " " + path, 1, Integer::sum);
    String rawQuery = exchange.getRequestURI().getRawQuery();
    String rawBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    RestRoutes.Route route = routes.find(method, path);
    Map<String, String> params = new HashMap<>(parse(rawBody));
    params.putAll(parse(rawQuery)); // the query string wins over the body for the same name
    long now = clock.getAsLong();
    int used = weight.add(now, route == null ? 1 : route.weight().applyAsInt(params));
    int status = 200;
    JsonNode body;
    boolean orderAccepted = false;
    if (fault == null && used > weightLimit) {
      fault = new Fault(429, -1003, "Too much request weight used; current limit is " + weightLimit
          + " request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.",
          weight.secondsLeft(now), false);
    } else if (fault == null && route != null && route.order() && orders10s.add(now, 0) >= ordersPer10s) {
      fault = new Fault(429, -1015, "Too many new orders; current limit is " + ordersPer10s + " orders per 10 SECOND.",
          orders10s.secondsLeft(now), false);
    }
    if (fault != null && !fault.execute()) {
      status = fault.status();
      body = Wire.error(fault.code(), fault.msg());
      if (fault.retryAfterSeconds() > 0) {
        exchange.getResponseHeaders().add("Retry-After", Long.toString(fault.retryAfterSeconds()));
      }
    } else if (route == null) {
      status = 404;
      body = Wire.error(-1000, "An unknown error occurred while processing the request.");
    } else {
      try {
        if (route.signed()) {
          keys.verifyRest(exchange.getRequestHeaders().getFirst("X-MBX-APIKEY"), rawQuery, rawBody, params);
        }
        body = route.handler().apply(params);
        orderAccepted = route.order();
        if (method.equals("POST") || method.equals("DELETE")) {
          used = weight.add(now, -1); // successful order and cancel requests weigh 0 (CL 2026-03-27)
        }
      } catch (Refusal refusal) {
        status = refusal.status;
        body = Wire.error(refusal.code, refusal.getMessage());
      }
      if (fault != null && fault.delayMs() > 0) {
        pause(fault.delayMs());
      } else if (fault != null && fault.answer() != null) {
        body = fault.answer();
        status = 200;
      } else if (fault != null) {
        status = fault.status();
        body = Wire.error(fault.code(), fault.msg());
        orderAccepted = false;
      }
    }
    var headers = exchange.getResponseHeaders();
    headers.add("Content-Type", "application/json;charset=UTF-8");
    headers.add("X-MBX-USED-WEIGHT-1M", Integer.toString(used));
    headers.add("X-MBX-USED-WEIGHT", Integer.toString(used));
    if (orderAccepted) {
      headers.add("X-MBX-ORDER-COUNT-10S", Integer.toString(orders10s.add(now, 1)));
      headers.add("X-MBX-ORDER-COUNT-1D", Integer.toString(ordersDay.add(now, 1)));
    }
    String text = fault != null && fault.raw() != null ? fault.raw() : Wire.text(body);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis); // the scripted slowness itself, on a server thread
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Map<String, String> parse(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(name, value);
    }
    return params;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
