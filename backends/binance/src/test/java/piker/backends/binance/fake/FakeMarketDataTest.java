package piker.backends.binance.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fake's public REST endpoints on the wire: shapes, types, errors, weights, scripted failures. */
class FakeMarketDataTest {
  private static BinanceFake fake;
  private static RestCalls rest;

  @BeforeAll
  static void start() {
    fake = BinanceFake.start(BinanceFake.Options.defaults().history(Duration.ofMinutes(30), Duration.ofSeconds(5)));
    rest = new RestCalls(fake);
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @Test
  void pingTimeAndTheWeightHeader() throws Exception {
    assertEquals("{}", Wire.text(rest.get("/api/v3/ping").body()));
    RestCalls.Reply time = rest.get("/api/v3/time");
    assertEquals(200, time.status());
    assertTrue(time.body().get("serverTime").isIntegralNumber());
    assertTrue(Math.abs(time.body().get("serverTime").asLong() - System.currentTimeMillis()) < 5_000);
    int before = Integer.parseInt(time.header("X-MBX-USED-WEIGHT-1M"));
    RestCalls.Reply info = rest.get("/api/v3/exchangeInfo?symbol=BTCUSDT");
    // exchangeInfo weighs 20; other tests may add weight in between, never take it away
    assertTrue(Integer.parseInt(info.header("x-mbx-used-weight-1m")) >= before + 20);
  }

  @Test
  void exchangeInfoGivesTheDocumentedFilterShapesAsStrings() throws Exception {
    JsonNode symbol = rest.get("/api/v3/exchangeInfo?symbol=BTCUSDT").body().get("symbols").get(0);
    assertEquals("BTCUSDT", symbol.get("symbol").asText());
    assertEquals("USDT", symbol.get("quoteAsset").asText());
    JsonNode filters = symbol.get("filters");
    assertEquals("PRICE_FILTER", filters.get(0).get("filterType").asText());
    assertEquals("0.01000000", filters.get(0).get("tickSize").textValue());
    assertEquals("0.00001000", filters.get(1).get("stepSize").textValue());
    assertEquals("NOTIONAL", filters.get(2).get("filterType").asText());
    assertEquals("5.00000000", filters.get(2).get("minNotional").textValue());
    JsonNode two = rest.get("/api/v3/exchangeInfo?symbols=%5B%22ETHUSDT%22,%22BTCUSDT%22%5D").body().get("symbols");
    assertEquals(2, two.size());
    assertTrue(rest.get("/api/v3/exchangeInfo?permissions=SPOT").body().get("symbols").size() > 3);
  }

  @Test
  void anUnknownSymbolIsMinus1121WithHttp400() throws Exception {
    RestCalls.Reply reply = rest.get("/api/v3/exchangeInfo?symbol=NOPEUSDT");
    assertEquals(400, reply.status());
    assertEquals("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", Wire.text(reply.body()));
    assertEquals(-1121, rest.get("/api/v3/klines?symbol=NOPEUSDT&interval=1m").body().get("code").asInt());
  }

  @Test
  void klineRowsHaveTwelveElementsOfTheDocumentedTypesAndEndWithTheOpenPeriod() throws Exception {
    fake.trade("ETHUSDT", "3001.50", "0.25");
    RestCalls.Reply reply = rest.get("/api/v3/klines?symbol=ETHUSDT&interval=1m&limit=5");
    JsonNode rows = reply.body();
    assertEquals(5, rows.size());
    for (JsonNode row : rows) {
      assertEquals(12, row.size());
      for (int i : List.of(0, 6, 8)) {
        assertTrue(row.get(i).isIntegralNumber(), "element " + i + " is a number");
      }
      for (int i : List.of(1, 2, 3, 4, 5, 7, 9, 10, 11)) {
        assertTrue(row.get(i).isTextual(), "element " + i + " is a string");
      }
      assertEquals(row.get(0).asLong() + 59_999, row.get(6).asLong());
    }
    JsonNode newest = rows.get(4);
    assertTrue(newest.get(6).asLong() >= System.currentTimeMillis() - 1_000, "the newest row is the open period");
    assertEquals("3001.50000000", newest.get(4).textValue());
    assertTrue(rows.get(3).get(0).asLong() < newest.get(0).asLong());
  }

  @Test
  void klinesPageByEndTimeAndClampTheLimitAtAThousand() throws Exception {
    JsonNode all = rest.get("/api/v3/klines?symbol=BTCUSDT&interval=1s&limit=5000").body();
    assertEquals(361, all.size(), "30 minutes of one trade every 5 s, plus the open second");
    long oldest = all.get(0).get(0).asLong();
    JsonNode page = rest.get("/api/v3/klines?symbol=BTCUSDT&interval=1s&limit=10&endTime=" + (oldest + 20_000)).body();
    assertEquals(5, page.size(), "rows open at oldest, +5 s, ... +20 s: endTime inclusive");
    assertEquals(oldest + 20_000, page.get(4).get(0).asLong());
    assertEquals(-1120, rest.get("/api/v3/klines?symbol=BTCUSDT&interval=2m").body().get("code").asInt());
  }

  @Test
  void zeroVolumeBarsFillThePeriodsWithoutTrades() throws Exception {
    fake.zeroVolumeBars(true);
    try {
      JsonNode rows = rest.get("/api/v3/klines?symbol=LTCBTC&interval=1s&limit=12").body();
      assertEquals(12, rows.size());
      int empty = 0;
      for (int i = 1; i < rows.size(); i++) {
        assertEquals(rows.get(i - 1).get(0).asLong() + 1_000, rows.get(i).get(0).asLong(), "contiguous");
        if (rows.get(i).get(8).asInt() == 0) {
          empty++;
          assertEquals("0.00000000", rows.get(i).get(5).textValue());
          assertEquals(rows.get(i - 1).get(4).textValue(), rows.get(i).get(1).textValue(), "opens at the last close");
        }
      }
      assertTrue(empty >= 8, "one trade every 5 s leaves most seconds empty");
    } finally {
      fake.zeroVolumeBars(false);
    }
  }

  @Test
  void bookTickerAndPriceServeTheScriptedBook() throws Exception {
    fake.book("BNBUSDT", "599.10", "3.5", "599.20", "1.25");
    JsonNode ticker = rest.get("/api/v3/ticker/bookTicker?symbol=BNBUSDT").body();
    assertEquals("599.10000000", ticker.get("bidPrice").textValue());
    assertEquals("1.25000000", ticker.get("askQty").textValue());
    fake.trade("BNBUSDT", "599.15", "2");
    assertEquals("599.15000000", rest.get("/api/v3/ticker/price?symbol=BNBUSDT").body().get("price").textValue());
    assertTrue(rest.get("/api/v3/ticker/price").body().isArray());
  }

  @Test
  void aRateLimitAnswers429WithRetryAfterAndArrivalsAreRecorded() throws Exception {
    fake.rateLimitNext(7);
    RestCalls.Reply limited = rest.get("/api/v3/time");
    assertEquals(429, limited.status());
    assertEquals("7", limited.header("Retry-After"));
    assertEquals(-1003, limited.body().get("code").asInt());
    assertEquals(200, rest.get("/api/v3/time").status());
    List<Arrival> arrivals = fake.arrivals();
    assertFalse(arrivals.isEmpty());
    assertEquals("/api/v3/time", arrivals.get(arrivals.size() - 1).path());
    assertNotNull(fake.requestCounts().get("GET /api/v3/time"));
  }

  @Test
  void weightPastTheLimitIs429UntilTheMinuteEnds() throws Exception {
    long now = System.currentTimeMillis();
    fake.clockSkew(Duration.ofMillis(60_000 - now % 60_000 + 1_000)); // a fresh minute with 59 s left on the server
    fake.limits(30, 50);
    try {
      assertEquals(200, rest.get("/api/v3/exchangeInfo?symbol=ETHUSDT").status());
      RestCalls.Reply limited = rest.get("/api/v3/exchangeInfo?symbol=ETHUSDT");
      assertEquals(429, limited.status());
      assertEquals(-1003, limited.body().get("code").asInt());
      long retryAfter = Long.parseLong(limited.header("Retry-After"));
      assertTrue(retryAfter >= 1 && retryAfter <= 60);
    } finally {
      fake.limits(6000, 50);
      fake.clockSkew(Duration.ZERO);
    }
  }

  @Test
  void aDelayedRequestOutlastsAShortClientTimeout() throws Exception {
    fake.delayNext(Duration.ofMillis(1_500));
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(fake.restUrl() + "/api/v3/ping")).timeout(Duration.ofMillis(200)).build();
    org.junit.jupiter.api.Assertions.assertThrows(java.net.http.HttpTimeoutException.class,
        () -> java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void failNextAnswersTheScriptedErrorOnce() throws Exception {
    fake.failNext(500, -1000, "An unknown error occurred while processing the request.");
    RestCalls.Reply failed = rest.get("/api/v3/ping");
    assertEquals(500, failed.status());
    assertEquals(-1000, failed.body().get("code").asInt());
    assertEquals(200, rest.get("/api/v3/ping").status());
  }
}
