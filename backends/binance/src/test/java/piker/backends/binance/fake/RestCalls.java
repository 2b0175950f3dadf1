package piker.backends.binance.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain and signed REST calls to a fake, the way the docs' examples send them (signature last, empty body). */
final class RestCalls {
  /** A reply: status, headers and parsed body. */
  record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final BinanceFake fake;

  RestCalls(BinanceFake fake) {
    this.fake = fake;
  }

  Reply get(String pathAndQuery) throws IOException, InterruptedException {
    return send("GET", pathAndQuery, null);
  }

  /** Signs {@code query + "&timestamp=now"} with the docs' key unless the query already has a timestamp. */
  Reply signed(String method, String path, String query) throws IOException, InterruptedException {
    return signed(method, path, query, BinanceFake.DOCS_API_KEY, BinanceFake.DOCS_SECRET);
  }

  Reply signed(String method, String path, String query, String apiKey, String secret)
      throws IOException, InterruptedException {
    String full = query.contains("timestamp=") ? query
        : (query.isEmpty() ? "" : query + "&") + "timestamp=" + System.currentTimeMillis();
    return send(method, path + "?" + full + "&signature=" + Wire.hmacHex(secret, full), apiKey);
  }

  Reply send(String method, String pathAndQuery, String apiKey) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.restUrl() + pathAndQuery))
        .timeout(Duration.ofSeconds(5))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (apiKey != null) {
      request.header("X-MBX-APIKEY", apiKey);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), Wire.JSON.readTree(response.body()), response);
  }
}
