package piker.backends.binance.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The WS API on the wire: envelope, the signed user data subscription, and the account's events. */
class FakeWsApiTest {
  private BinanceFake fake;
  private RestCalls rest;

  @BeforeEach
  void start() {
    fake = BinanceFake.start(BinanceFake.Options.quick());
    rest = new RestCalls(fake);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static String subscribe(String id, long timestamp, String secret) {
    String payload = "apiKey=" + BinanceFake.DOCS_API_KEY + "&timestamp=" + timestamp;
    return "{\"id\":\"" + id + "\",\"method\":\"userDataStream.subscribe.signature\",\"params\":{\"apiKey\":\""
        + BinanceFake.DOCS_API_KEY + "\",\"timestamp\":" + timestamp + ",\"signature\":\""
        + Wire.hmacHex(secret, payload) + "\"}}";
  }

  @Test
  void timeAnswersInTheEnvelopeWithRateLimits() throws Exception {
    try (WsProbe api = new WsProbe(fake.wsApiUrl())) {
      api.send("{\"id\":5,\"method\":\"time\"}");
      JsonNode reply = api.next();
      assertEquals(5, reply.get("id").asInt());
      assertEquals(200, reply.get("status").asInt());
      assertTrue(reply.get("result").get("serverTime").isIntegralNumber());
      assertEquals("REQUEST_WEIGHT", reply.get("rateLimits").get(0).get("rateLimitType").asText());
    }
  }

  @Test
  void aBadSignatureIsRefusedAndAGoodOneSubscribesOnce() throws Exception {
    try (WsProbe api = new WsProbe(fake.wsApiUrl())) {
      api.send(subscribe("a", System.currentTimeMillis(), "wrong"));
      JsonNode refused = api.next();
      assertEquals(400, refused.get("status").asInt());
      assertEquals(-1022, refused.get("error").get("code").asInt());
      api.send(subscribe("b", System.currentTimeMillis() - 60_000, BinanceFake.DOCS_SECRET));
      assertEquals(-1021, api.next().get("error").get("code").asInt());
      api.send(subscribe("c", System.currentTimeMillis(), BinanceFake.DOCS_SECRET));
      JsonNode ok = api.next();
      assertEquals("c", ok.get("id").asText());
      assertEquals(0, ok.get("result").get("subscriptionId").asInt());
      api.send(subscribe("d", System.currentTimeMillis(), BinanceFake.DOCS_SECRET));
      assertEquals(-2035, api.next().get("error").get("code").asInt());
    }
  }

  @Test
  void placingFillingAndCancelingEmitWrappedEvents() throws Exception {
    try (WsProbe api = new WsProbe(fake.wsApiUrl())) {
      api.send(subscribe("s", System.currentTimeMillis(), BinanceFake.DOCS_SECRET));
      assertEquals(200, api.next().get("status").asInt());
      rest.signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.00200"
          + "&price=59000.00&newClientOrderId=ev-1");
      JsonNode created = api.next();
      assertEquals(0, created.get("subscriptionId").asInt());
      JsonNode report = created.get("event");
      assertEquals("executionReport", report.get("e").asText());
      assertEquals("NEW", report.get("x").asText());
      assertEquals("ev-1", report.get("c").asText());
      assertEquals("59000.00000000", report.get("p").textValue());
      assertTrue(report.get("N").isNull());
      for (String key : new String[] {"E", "s", "S", "o", "f", "q", "P", "F", "g", "C", "X", "r", "i", "l", "z", "L",
          "n", "T", "t", "I", "w", "m", "M", "O", "Z", "Y", "Q", "W", "V"}) {
        assertTrue(report.has(key), "executionReport has " + key);
      }
      assertEquals("outboundAccountPosition", api.next().get("event").get("e").asText());
      fake.fill("BTCUSDT", "ev-1", "0.00100", null);
      JsonNode trade = api.next().get("event");
      assertEquals("TRADE", trade.get("x").asText());
      assertEquals("PARTIALLY_FILLED", trade.get("X").asText());
      assertEquals("0.00100000", trade.get("l").textValue());
      assertEquals("BTC", trade.get("N").asText());
      assertTrue(trade.get("t").asLong() > 0);
      assertEquals("outboundAccountPosition", api.next().get("event").get("e").asText());
      rest.signed("DELETE", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=ev-1&newClientOrderId=ev-1_x");
      JsonNode canceled = api.next().get("event");
      assertEquals("CANCELED", canceled.get("x").asText());
      assertEquals("ev-1_x", canceled.get("c").asText());
      assertEquals("ev-1", canceled.get("C").asText());
      api.next(); // its outboundAccountPosition
      fake.deposit("USDT", "25.5");
      JsonNode deposit = api.next().get("event");
      assertEquals("balanceUpdate", deposit.get("e").asText());
      assertEquals("25.50000000", deposit.get("d").textValue());
    }
  }

  @Test
  void unsubscribingEndsTheStreamWithEventStreamTerminated() throws Exception {
    try (WsProbe api = new WsProbe(URI.create(fake.wsApiUrl() + "?returnRateLimits=false"))) {
      api.send(subscribe("s", System.currentTimeMillis(), BinanceFake.DOCS_SECRET));
      assertTrue(!api.next().has("rateLimits"));
      api.send("{\"id\":2,\"method\":\"userDataStream.unsubscribe\"}");
      assertEquals("eventStreamTerminated", api.next().get("event").get("e").asText());
      JsonNode reply = api.next();
      assertEquals(2, reply.get("id").asInt());
      assertEquals("{}", Wire.text(reply.get("result")));
      assertEquals(0, fake.userDataSubscriptions());
    }
  }
}
