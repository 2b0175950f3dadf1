package piker.backends.binance.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signed endpoints on the wire: signature and timestamp checks, LIMIT GTC matching, cancels, queries. */
class FakeTradingTest {
  private BinanceFake fake;
  private RestCalls rest;

  @BeforeEach
  void start() {
    fake = BinanceFake.start(BinanceFake.Options.quick());
    rest = new RestCalls(fake);
    fake.book("BTCUSDT", "59999.99", "1", "60000.01", "1");
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private RestCalls.Reply buy(String price, String qty, String clientId) throws Exception {
    return rest.signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=" + qty
        + "&price=" + price + "&newClientOrderId=" + clientId + "&recvWindow=5000");
  }

  @Test
  void aBadSignatureIsMinus1022AndAnUnknownKeyMinus2015() throws Exception {
    RestCalls.Reply bad = rest.signed("GET", "/api/v3/account", "", BinanceFake.DOCS_API_KEY, "not-the-secret");
    assertEquals(400, bad.status());
    assertEquals("{\"code\":-1022,\"msg\":\"Signature for this request is not valid.\"}", Wire.text(bad.body()));
    RestCalls.Reply unknown = rest.signed("GET", "/api/v3/account", "", "someone-else", "x");
    assertEquals(401, unknown.status());
    assertEquals(-2015, unknown.body().get("code").asInt());
    fake.addKey("someone-else", "x");
    assertEquals(200, rest.signed("GET", "/api/v3/account", "", "someone-else", "x").status());
  }

  @Test
  void anEd25519KeySignsInBase64() throws Exception {
    java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    fake.addEd25519Key("ed-key", pair.getPublic());
    String query = "omitZeroBalances=true&timestamp=" + System.currentTimeMillis();
    java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
    signer.initSign(pair.getPrivate());
    signer.update(query.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String signature = java.net.URLEncoder.encode(java.util.Base64.getEncoder().encodeToString(signer.sign()),
        java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(200, rest.send("GET", "/api/v3/account?" + query + "&signature=" + signature, "ed-key").status());
    assertEquals(-1022, rest.send("GET", "/api/v3/account?" + query + "&signature=AAAA", "ed-key").body()
        .get("code").asInt());
  }

  @Test
  void anOldTimestampIsMinus1021AndSoIsOneFromTheFuture() throws Exception {
    long old = System.currentTimeMillis() - 6_000;
    RestCalls.Reply late = rest.signed("GET", "/api/v3/account", "timestamp=" + old);
    assertEquals(400, late.status());
    assertEquals("Timestamp for this request is outside of the recvWindow.", late.body().get("msg").asText());
    assertEquals(200, rest.signed("GET", "/api/v3/account", "recvWindow=10000&timestamp=" + old).status());
    fake.clockSkew(Duration.ofSeconds(-5));
    RestCalls.Reply ahead = rest.signed("GET", "/api/v3/account", "");
    assertEquals(-1021, ahead.body().get("code").asInt());
    assertEquals("Timestamp for this request was 1000ms ahead of the server's time.", ahead.body().get("msg").asText());
  }

  @Test
  void aRestingOrderIsNewWithOrderCountHeadersAndFillsPartlyThenFully() throws Exception {
    RestCalls.Reply placed = buy("59000.00", "0.00200", "ours-1");
    assertEquals(200, placed.status());
    JsonNode order = placed.body();
    assertEquals("NEW", order.get("status").asText());
    assertEquals("59000.00000000", order.get("price").textValue());
    assertEquals("0.00200000", order.get("origQty").textValue());
    assertTrue(order.get("fills").isArray() && order.get("fills").isEmpty());
    assertEquals("1", placed.header("X-MBX-ORDER-COUNT-10S"));
    assertNotNull(placed.header("X-MBX-ORDER-COUNT-1D"));
    long orderId = order.get("orderId").asLong();
    fake.fill("BTCUSDT", "ours-1", "0.00050", null);
    JsonNode partly = rest.signed("GET", "/api/v3/order", "symbol=BTCUSDT&orderId=" + orderId).body();
    assertEquals("PARTIALLY_FILLED", partly.get("status").asText());
    assertEquals("0.00050000", partly.get("executedQty").textValue());
    assertEquals("29.50000000", partly.get("cummulativeQuoteQty").textValue());
    fake.fill("BTCUSDT", Long.toString(orderId), "0.00150", null);
    JsonNode trades = rest.signed("GET", "/api/v3/myTrades", "symbol=BTCUSDT&orderId=" + orderId).body();
    assertEquals(2, trades.size());
    assertEquals("0.00150000", trades.get(1).get("qty").textValue());
    assertTrue(trades.get(0).get("isBuyer").asBoolean());
    assertEquals(0, rest.signed("GET", "/api/v3/openOrders", "symbol=BTCUSDT").body().size());
  }

  @Test
  void anOrderThroughTheAskTakesItAtOnce() throws Exception {
    JsonNode order = buy("60100.00", "0.01000", "taker-1").body();
    assertEquals("FILLED", order.get("status").asText());
    JsonNode fill = order.get("fills").get(0);
    assertEquals("60000.01000000", fill.get("price").textValue());
    assertEquals("BTC", fill.get("commissionAsset").asText());
  }

  @Test
  void filtersRefuseWithMinus1013NamingTheFilter() throws Exception {
    RestCalls.Reply offTick = buy("59000.005", "0.00200", "f-1");
    assertEquals(400, offTick.status());
    assertEquals("{\"code\":-1013,\"msg\":\"Filter failure: PRICE_FILTER\"}", Wire.text(offTick.body()));
    assertEquals("Filter failure: LOT_SIZE", buy("59000.00", "0.000005", "f-2").body().get("msg").asText());
    assertEquals("Filter failure: NOTIONAL", buy("100.00", "0.00100", "f-3").body().get("msg").asText());
  }

  @Test
  void aDuplicateOpenClientIdIsRefusedAndACancelRenamesTheOrder() throws Exception {
    long orderId = buy("59000.00", "0.00200", "dup-1").body().get("orderId").asLong();
    RestCalls.Reply duplicate = buy("58000.00", "0.00200", "dup-1");
    assertEquals("{\"code\":-2010,\"msg\":\"Duplicate order sent.\"}", Wire.text(duplicate.body()));
    JsonNode canceled = rest.signed("DELETE", "/api/v3/order",
        "symbol=BTCUSDT&orderId=" + orderId + "&newClientOrderId=dup-1_x").body();
    assertEquals("CANCELED", canceled.get("status").asText());
    assertEquals("dup-1", canceled.get("origClientOrderId").asText());
    assertEquals("dup-1_x", canceled.get("clientOrderId").asText());
    JsonNode found = rest.signed("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=dup-1").body();
    assertEquals(orderId, found.get("orderId").asLong());
    assertEquals(200, buy("58000.00", "0.00200", "dup-1").status(), "the cancel freed the id");
    RestCalls.Reply again = rest.signed("DELETE", "/api/v3/order", "symbol=BTCUSDT&orderId=" + orderId);
    assertEquals(-2011, again.body().get("code").asInt());
    assertEquals(-2013, rest.signed("GET", "/api/v3/order", "symbol=BTCUSDT&orderId=999999").body().get("code").asInt());
  }

  @Test
  void anUnknownOutcomeStillPlacesTheOrder() throws Exception {
    fake.failNextUnknown();
    RestCalls.Reply reply = buy("59000.00", "0.00200", "doubt-1");
    assertEquals(503, reply.status());
    assertEquals(-1007, reply.body().get("code").asInt());
    assertNull(reply.header("X-MBX-ORDER-COUNT-10S"));
    JsonNode found = rest.signed("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=doubt-1").body();
    assertEquals("NEW", found.get("status").asText());
  }

  @Test
  void theAccountListsBalancesAsStringsAndLocksWhatOrdersHold() throws Exception {
    buy("59000.00", "0.00200", "lock-1");
    JsonNode balances = rest.signed("GET", "/api/v3/account", "omitZeroBalances=true").body().get("balances");
    JsonNode usdt = null;
    for (JsonNode balance : balances) {
      if (balance.get("asset").asText().equals("USDT")) {
        usdt = balance;
      }
    }
    assertNotNull(usdt);
    assertEquals("118.00000000", usdt.get("locked").textValue());
    assertEquals("99882.00000000", usdt.get("free").textValue());
  }
}
