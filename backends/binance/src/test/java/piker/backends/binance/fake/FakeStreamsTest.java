package piker.backends.binance.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Market streams on the wire, through the JDK's websocket client (and a silent one for keepalive). */
class FakeStreamsTest {
  private BinanceFake fake;

  @BeforeEach
  void start() {
    fake = BinanceFake.start(BinanceFake.Options.quick());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private URI stream(String pathAndQuery) {
    return URI.create(fake.streamUrl() + pathAndQuery);
  }

  @Test
  void subscribeIsAnsweredAndATradeArrivesRawWithStringDecimals() throws Exception {
    try (WsProbe probe = new WsProbe(stream("/ws"))) {
      probe.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\",\"btcusdt@bookTicker\"],\"id\":1}");
      assertEquals("{\"result\":null,\"id\":1}", Wire.text(probe.next()));
      probe.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":2}");
      JsonNode list = probe.next();
      assertEquals(2, list.get("result").size());
      long tradeId = fake.trade("BTCUSDT", "60001.5", "0.0125");
      JsonNode trade = probe.next();
      assertEquals("trade", trade.get("e").asText());
      assertEquals("BTCUSDT", trade.get("s").asText());
      assertEquals(tradeId, trade.get("t").asLong());
      assertEquals("60001.50000000", trade.get("p").textValue());
      assertEquals("0.01250000", trade.get("q").textValue());
      assertTrue(trade.get("T").isIntegralNumber());
      assertFalse(trade.get("m").asBoolean());
      fake.book("BTCUSDT", "60001.00", "2", "60002.00", "3");
      JsonNode book = probe.next();
      assertFalse(book.has("e"), "bookTicker has no event type");
      assertEquals("60002.00000000", book.get("a").textValue());
      probe.send("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":3}");
      assertEquals(3, probe.next().get("id").asInt());
    }
  }

  @Test
  void combinedStreamsWrapEachPayloadWithItsStreamName() throws Exception {
    try (WsProbe probe = new WsProbe(stream("/stream?streams=ethusdt@trade/ethusdt@kline_1m"))) {
      fake.trade("ETHUSDT", "3000.25", "1");
      JsonNode trade = probe.next(m -> m.get("stream").asText().equals("ethusdt@trade"));
      assertEquals("3000.25000000", trade.get("data").get("p").textValue());
      JsonNode kline = probe.next(m -> m.get("stream").asText().equals("ethusdt@kline_1m"));
      JsonNode k = kline.get("data").get("k");
      assertEquals("1m", k.get("i").asText());
      assertEquals("3000.25000000", k.get("c").textValue());
      assertFalse(k.get("x").asBoolean());
      assertEquals(k.get("t").asLong() + 59_999, k.get("T").asLong());
    }
  }

  @Test
  void aKlineWhosePeriodEndedIsSentOnceMoreClosed() throws Exception {
    try (WsProbe probe = new WsProbe(stream("/ws/solusdt@kline_1s"))) {
      fake.trade("SOLUSDT", "150.25", "2");
      JsonNode running = probe.next(m -> m.get("k").get("c").textValue().equals("150.25000000"));
      assertFalse(running.get("k").get("x").asBoolean());
      fake.clockSkew(Duration.ofSeconds(2)); // the period is over without waiting for it
      fake.pushKlines();
      JsonNode closed = probe.next(m -> m.get("k").get("x").asBoolean());
      assertEquals(running.get("k").get("t").asLong(), closed.get("k").get("t").asLong());
      assertEquals("2.00000000", closed.get("k").get("v").textValue());
    }
  }

  @Test
  void theTwentyFourHourCloseSendsACloseFrame() throws Exception {
    try (WsProbe probe = new WsProbe(stream("/ws"))) {
      probe.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":1}");
      probe.next();
      fake.closeConnections();
      assertEquals(1000, probe.closed.get(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void badRequestsGetTheDocumentedErrors() throws Exception {
    try (WsProbe probe = new WsProbe(stream("/ws"))) {
      probe.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"nope@trade\"],\"id\":7}");
      JsonNode unknown = probe.next();
      assertEquals(2, unknown.get("code").asInt());
      assertEquals(7, unknown.get("id").asInt());
      probe.send("not json");
      assertEquals(3, probe.next().get("code").asInt());
      probe.send("{\"method\":\"PUBLISH\",\"id\":8}");
      assertTrue(probe.next().get("msg").asText().startsWith("Invalid request: unknown variant PUBLISH"));
    }
  }

  @Test
  void moreThanFiveMessagesASecondDisconnect() throws Exception {
    try (WsProbe probe = new WsProbe(stream("/ws"))) {
      // Eleven at once: whichever second boundary the burst straddles, one second sees six or more.
      for (int i = 1; i <= 11 && probe.trySend("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + i + "}"); i++) {
        // the burst itself is the test
      }
      // A close frame (1008) or, when the client was still writing, a reset (-1): disconnected either way.
      int status = probe.closed.get(5, TimeUnit.SECONDS);
      assertTrue(status == 1008 || status == -1, "closed with " + status);
      assertEquals(0, fake.connectionCount());
    }
  }

  @Test
  void subscribingPastTheStreamLimitDisconnects() throws Exception {
    fake.maxStreams(2);
    try (WsProbe probe = new WsProbe(stream("/stream?streams=btcusdt@trade"))) {
      probe.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"ethusdt@trade\"],\"id\":1}");
      assertEquals(1, probe.next().get("id").asInt());
      probe.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"solusdt@trade\"],\"id\":2}");
      assertEquals(1008, probe.closed.get(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void theServerPingsAndDropsAClientThatNeverPongs() throws Exception {
    fake.keepalive(Duration.ofMillis(100), Duration.ofMillis(300));
    try (WsProbe answering = new WsProbe(stream("/ws"));
        SilentWsClient silent = new SilentWsClient(stream("/ws"))) {
      assertEquals(9, silent.nextOpcode(), "a ping");
      int opcode;
      do {
        opcode = silent.nextOpcode();
      } while (opcode == 9);
      assertEquals(-1, opcode, "dropped after the pong timeout");
      assertFalse(answering.pings.poll(5, TimeUnit.SECONDS).isEmpty());
      assertFalse(answering.closed.isDone(), "the JDK client pongs and stays connected");
    }
  }
}
