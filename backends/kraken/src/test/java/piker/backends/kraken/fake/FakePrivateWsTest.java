package piker.backends.kraken.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import piker.backends.kraken.KrakenFakeDriver;
import piker.backends.kraken.rest.Envelope;
import piker.backends.kraken.rest.RequestSigner;

/** The fake's private websocket as a raw client meets it: tokens, parameter types, duplicates, the switch's answer. */
class FakePrivateWsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static KrakenFake fake;
  private static String key;
  private static RequestSigner signer;
  private static long nonce = System.currentTimeMillis() * 1000;

  @BeforeAll
  static void start() {
    fake = KrakenFake.start(KrakenFake.Options.quick());
    key = "raw-key";
    String secret = KrakenFakeDriver.newSecret();
    fake.addKey(key, secret);
    signer = RequestSigner.of(key, secret);
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  /** A signed private REST call, answered in Kraken's envelope. */
  static JsonNode post(String method, String params) throws Exception {
    return post(method, params, "application/x-www-form-urlencoded");
  }

  /** As above with that Content-Type (none when null). */
  static JsonNode post(String method, String params, String contentType) throws Exception {
    String path = "/0/private/" + method;
    long n = ++nonce;
    String body = "nonce=" + n + (params.isEmpty() ? "" : "&" + params);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.restUrl() + path)).header("API-Key", key)
        .header("API-Sign", signer.sign(path, n, body)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return Envelope.parse(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  @Test
  void aPrivateCallIsReadOnlyUnderTheDocumentedContentType() throws Exception {
    assertTrue(post("Balance", "").path("error").isEmpty(), "exactly application/x-www-form-urlencoded");
    for (String other : new String[] {"application/x-www-form-urlencoded; charset=utf-8", "text/plain", null}) {
      assertEquals("EGeneral:Invalid arguments:Content-Type", post("Balance", "", other).path("error").path(0).asText(),
          "refused: " + other);
    }
  }

  /** A raw websocket on the fake's private endpoint, its messages queued. */
  static final class Raw implements WebSocket.Listener {
    final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    final WebSocket socket;
    private final StringBuilder partial = new StringBuilder();

    Raw() throws Exception {
      socket = HTTP.newWebSocketBuilder().buildAsync(fake.wsAuthUrl(), this).get(5, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(Envelope.parse(partial.toString()));
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    void send(String text) throws Exception {
      socket.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    JsonNode next(Predicate<JsonNode> matching) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (true) {
        JsonNode message = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (message == null) {
          throw new AssertionError("no such message within 5 s");
        }
        if (matching.test(message)) {
          return message;
        }
      }
    }

    JsonNode reply(long reqId) throws InterruptedException {
      return next(message -> message.path("req_id").asLong() == reqId);
    }
  }

  static String token() throws Exception {
    return post("GetWebSocketsToken", "").path("result").path("token").asText();
  }

  @Test
  void everyRequestNeedsATokenTheRestApiIssued() throws Exception {
    Raw raw = new Raw();
    raw.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"executions\",\"token\":\"made-up\"},\"req_id\":1}");
    JsonNode refused = raw.reply(1);
    assertFalse(refused.path("success").asBoolean());
    assertEquals(PrivateSession.INVALID_TOKEN, refused.path("error").asText());
    raw.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"executions\",\"token\":\"" + token()
        + "\",\"snap_trades\":true},\"req_id\":2}");
    JsonNode ack = raw.reply(2);
    assertTrue(ack.path("success").asBoolean(), ack.toString());
    assertEquals("executions", ack.path("result").path("channel").asText());
    assertTrue(ack.has("time_in") && ack.has("time_out"));
    JsonNode snapshot = raw.next(message -> "snapshot".equals(message.path("type").asText()));
    assertTrue(snapshot.path("data").isArray());
    assertTrue(snapshot.path("sequence").canConvertToLong());
    raw.next(message -> "heartbeat".equals(message.path("channel").asText()));
    raw.socket.abort();
  }

  @Test
  void pricesAndQuantitiesMustBeJsonNumbersAndAnOpenClOrdIdIsTaken() throws Exception {
    Raw raw = new Raw();
    String token = token();
    fake.book("BTC/USD", "59000.0", "1", "61000.0", "1");
    String order = "{\"method\":\"add_order\",\"params\":{\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":%s,"
        + "\"symbol\":\"BTC/USD\",\"limit_price\":60000.0,\"cl_ord_id\":\"d15708c1-dbb6-465d-b77d-47258319cc90\","
        + "\"token\":\"" + token + "\"},\"req_id\":%d}";
    raw.send(String.format(order, "\"0.001\"", 10));
    assertEquals("EGeneral:Invalid arguments:order_qty", raw.reply(10).path("error").asText(), "a string is refused");
    raw.send(String.format(order, "0.001", 11));
    JsonNode placed = raw.reply(11);
    assertTrue(placed.path("success").asBoolean(), placed.toString());
    assertTrue(placed.path("result").path("order_id").asText().matches("O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}"));
    raw.send(String.format(order, "0.001", 12));
    assertEquals("EOrder:Duplicate cl_ord_id", raw.reply(12).path("error").asText());
    raw.send("{\"method\":\"cancel_all_orders_after\",\"params\":{\"timeout\":60,\"token\":\"" + token
        + "\"},\"req_id\":13}");
    JsonNode armed = raw.reply(13).path("result");
    assertTrue(armed.path("currentTime").asText().endsWith("Z") && armed.path("triggerTime").asText().endsWith("Z"),
        armed.toString());
    raw.send("{\"method\":\"cancel_all_orders_after\",\"params\":{\"timeout\":86400,\"token\":\"" + token
        + "\"},\"req_id\":14}");
    assertEquals("EGeneral:Invalid arguments:timeout", raw.reply(14).path("error").asText(), "under 86400 s only");
    raw.send("{\"method\":\"cancel_all\",\"params\":{\"token\":\"" + token + "\"},\"req_id\":15}");
    assertEquals(1, raw.reply(15).path("result").path("count").asInt());
    raw.socket.abort();
  }
}
