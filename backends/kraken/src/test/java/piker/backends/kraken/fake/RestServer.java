package piker.backends.kraken.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The fake's REST side over the JDK's HttpServer on 127.0.0.1 (ephemeral port): each path
 * ({@code /0/public/AssetPairs}, {@code /0/private/AddOrder}) answered by the route registered for it; an
 * unknown path gets Kraken's unknown-method error.
 */
final class RestServer implements AutoCloseable {
  /** One request as a route sees it: method, path, raw query, headers and the raw body. */
  record Request(String method, String path, String rawQuery, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** An answer: HTTP status, JSON body, extra headers. */
  record Response(int status, String body, Map<String, String> headers) {
    static Response json(String body) {
      return new Response(200, body, Map.of());
    }
  }

  interface Route {
    Response handle(Request request);
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
    Thread thread = new Thread(r, "kraken-fake-rest");
    thread.setDaemon(true);
    return thread;
  });
  private final Map<String, Route> routes = new ConcurrentHashMap<>();

  RestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  void route(String path, Route route) {
    routes.put(path, route);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> headers = new java.util.HashMap<>();
      exchange.getRequestHeaders().forEach((name, values) ->
          headers.put(name.toLowerCase(java.util.Locale.ROOT), values.isEmpty() ? "" : values.get(0)));
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String path = exchange.getRequestURI().getPath();
      Request request = new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), headers,
          body);
      Route route = routes.get(path);
      Response response = route == null
          ? new Response(404, "{\"error\":[\"EGeneral:Unknown method\"]}", Map.of())
          : route.handle(request);
      byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
