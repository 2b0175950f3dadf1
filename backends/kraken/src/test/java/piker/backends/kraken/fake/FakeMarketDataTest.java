package piker.backends.kraken.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fake's market side serves the documented shapes (docs/venues/kraken.md 6, 8) and refuses as Kraken does. */
class FakeMarketDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static KrakenFake fake;

  @BeforeAll
  static void start() {
    // 13 h of a trade a minute: more candles than the OHLC window holds
    fake = KrakenFake.start(new KrakenFake.Options(Duration.ofHours(13), Duration.ofSeconds(60)));
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  private static JsonNode get(String pathAndQuery) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(fake.restUrl() + pathAndQuery))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), "Kraken answers refusals in the envelope");
    return JSON.readTree(response.body());
  }

  @Test
  void assetPairsByAnySpellingWithInfoFilters() throws Exception {
    JsonNode all = get("/0/public/AssetPairs");
    assertEquals(0, all.path("error").size());
    assertEquals(5, all.path("result").size());
    JsonNode btc = get("/0/public/AssetPairs?pair=XBTUSD,XETHXXBT").path("result");
    assertEquals("XBT/USD", btc.path("XXBTZUSD").path("wsname").asText());
    assertTrue(btc.path("XXBTZUSD").path("tick_size").isTextual(), "decimals are strings");
    assertTrue(btc.path("XXBTZUSD").path("lot_decimals").isInt());
    assertTrue(btc.has("XETHXXBT"));
    JsonNode fees = get("/0/public/AssetPairs?pair=XXBTZUSD&info=fees").path("result").path("XXBTZUSD");
    assertTrue(fees.has("fees") && !fees.has("wsname"), "info=fees: the fee fields only");
    assertEquals("EQuery:Unknown asset pair", get("/0/public/AssetPairs?pair=NOPE").path("error").get(0).asText());
    assertEquals("EGeneral:Invalid arguments:info",
        get("/0/public/AssetPairs?info=everything").path("error").get(0).asText());
  }

  @Test
  void ohlcServesOnlyTheNewest720WithTheOpenOneLast() throws Exception {
    long before = System.currentTimeMillis() / 60_000 * 60;
    JsonNode result = get("/0/public/OHLC?pair=XBTUSD&interval=1").path("result");
    long after = System.currentTimeMillis() / 60_000 * 60;
    JsonNode candles = result.path("XXBTZUSD");
    assertEquals(720, candles.size());
    long newest = candles.get(719).get(0).asLong();
    assertTrue(newest == before || newest == after, "the last entry is the current minute: " + newest);
    assertEquals(candles.get(718).get(0).asLong(), result.path("last").asLong(), "last: the newest committed");
    assertTrue(candles.get(0).get(1).isTextual() && candles.get(0).get(7).isInt(), "prices strings, count a number");
    JsonNode since = get("/0/public/OHLC?pair=XBTUSD&since=" + candles.get(715).get(0).asLong()).path("result");
    assertEquals(4, since.path("XXBTZUSD").size(), "after since, the open one included");
    assertEquals("EGeneral:Invalid arguments:interval",
        get("/0/public/OHLC?pair=XBTUSD&interval=2").path("error").get(0).asText());
  }

  @Test
  void tradesPageForwardFromSinceByLast() throws Exception {
    JsonNode first = get("/0/public/Trades?pair=XXBTZUSD&since=0&count=3").path("result");
    assertEquals(3, first.path("XXBTZUSD").size());
    assertTrue(first.path("last").isTextual(), "last is a string of nanoseconds");
    JsonNode element = first.path("XXBTZUSD").get(0);
    assertTrue(element.get(0).isTextual() && element.get(2).isNumber() && element.get(6).isIntegralNumber());
    JsonNode next = get("/0/public/Trades?pair=XXBTZUSD&count=3&since=" + first.path("last").asText())
        .path("result").path("XXBTZUSD");
    assertEquals(first.path("XXBTZUSD").get(2).get(6).asLong() + 1, next.get(0).get(6).asLong(), "no trade twice");
    assertEquals("EGeneral:Invalid arguments:count",
        get("/0/public/Trades?pair=XXBTZUSD&count=1001").path("error").get(0).asText());
  }

  @Test
  void theWebsocketAcksEachSymbolAndServesSnapshotsUpdatesPingsAndHeartbeats() throws Exception {
    Frames frames = new Frames();
    WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(fake.wsUrl(), frames).get(5, TimeUnit.SECONDS);
    try {
      JsonNode status = frames.next(node -> true);
      assertEquals("status", status.path("channel").asText(), "the first message");
      assertEquals("online", status.path("data").get(0).path("system").asText());
      ws.sendText("{\"method\":\"ping\",\"req_id\":101}", true);
      JsonNode pong = frames.next(node -> node.path("method").asText().equals("pong"));
      assertEquals(101, pong.path("req_id").asInt());
      assertTrue(pong.has("time_in") && pong.has("time_out"));
      ws.sendText("{\"method\":\"subscribe\",\"params\":{\"channel\":\"ticker\",\"symbol\":[\"BTC/USD\",\"BTC/XYZ\"],"
          + "\"event_trigger\":\"bbo\"},\"req_id\":7}", true);
      JsonNode ack = frames.next(node -> node.path("method").asText().equals("subscribe"));
      assertTrue(ack.path("success").asBoolean());
      assertEquals("BTC/USD", ack.path("result").path("symbol").asText(), "one ack per symbol");
      assertEquals(7, ack.path("req_id").asInt());
      JsonNode snapshot = frames.next(node -> node.path("channel").asText().equals("ticker"));
      assertEquals("snapshot", snapshot.path("type").asText());
      assertTrue(snapshot.path("data").get(0).path("bid").isNumber(), "ws v2 prices are JSON numbers");
      JsonNode refusal = frames.next(node -> node.has("success") && !node.path("success").asBoolean());
      assertEquals("BTC/XYZ", refusal.path("symbol").asText());
      assertEquals(7, refusal.path("req_id").asInt());
      fake.book("BTC/USD", "59990.0", "1.5", "59990.1", "0.25");
      JsonNode update = frames.next(node -> node.path("type").asText().equals("update")
          && node.path("channel").asText().equals("ticker"));
      assertEquals("59990.1", update.path("data").get(0).path("ask").decimalValue().toPlainString());
      JsonNode heartbeat = frames.next(node -> node.path("channel").asText().equals("heartbeat"));
      assertEquals(1, heartbeat.size(), "just the channel");
    } finally {
      ws.abort();
    }
  }

  /** The frames a raw client hears, as JSON, waited on in order. */
  private static final class Frames implements WebSocket.Listener {
    private final LinkedBlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          queue.add(JSON.readTree(partial.toString()));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < deadline) {
        JsonNode node = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (node != null && wanted.test(node)) {
          return node;
        }
      }
      throw new AssertionError("no such frame within 5 s");
    }
  }

  @Test
  void refusalsAreArmedForTheNextPublicRequest() throws Exception {
    fake.failNextPublic("EService:Unavailable");
    assertEquals("EService:Unavailable", get("/0/public/Time").path("error").get(0).asText());
    assertFalse(get("/0/public/Time").path("result").path("unixtime").isMissingNode());
  }
}
