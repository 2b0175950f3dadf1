package piker.backends.kraken.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The benchmark's firehose runner: a subscribed connection gets its pairs' trades and bbo tickers, after the acks. */
class FirehoseTest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @Test
  void aSubscribedConnectionGetsRisingTradesAndTickersAfterItsAcksAndSnapshots() throws Exception {
    LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    try (KrakenFake fake = KrakenFake.start(KrakenFake.Options.quick());
         KrakenFirehose firehose = KrakenFirehose.start(fake, 4, 4)) {
      WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(fake.wsUrl(),
          new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
              partial.append(data);
              if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
              }
              webSocket.request(1);
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      socket.sendText("{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":[\"ETH/USD\"],"
          + "\"snapshot\":true},\"req_id\":1}", true).get(10, TimeUnit.SECONDS);
      socket.sendText("{\"method\":\"subscribe\",\"params\":{\"channel\":\"ticker\",\"symbol\":[\"ETH/USD\"],"
          + "\"event_trigger\":\"bbo\",\"snapshot\":true},\"req_id\":2}", true).get(10, TimeUnit.SECONDS);
      long lastTrade = -1;
      int tickers = 0;
      boolean tradeSnapshot = false;
      boolean tickerSnapshot = false;
      // at least 300 messages, and on until both channels have poured (the two subscriptions race)
      for (int i = 0; i < 300 || (i < 20_000 && !(lastTrade > 1_000_000_000L && tickers > 0)); i++) {
        String text = messages.poll(10, TimeUnit.SECONDS);
        assertNotNull(text, "a message within 10 s");
        JsonNode message = JSON.readTree(text);
        String channel = message.path("channel").asText();
        boolean update = message.path("type").asText().equals("update");
        if (channel.equals("trade")) {
          tradeSnapshot |= !update;
          assertTrue(!update || tradeSnapshot, "trade updates only after the trade snapshot: " + text);
          JsonNode trade = message.path("data").path(0);
          assertEquals("ETH/USD", trade.path("symbol").asText(), text);
          assertTrue(trade.path("price").isBigDecimal() && trade.path("qty").isBigDecimal(), "JSON numbers: " + text);
          assertTrue(trade.path("trade_id").asLong() > lastTrade, text);
          lastTrade = trade.path("trade_id").asLong();
          Instant.parse(trade.path("timestamp").asText());
        } else if (channel.equals("ticker")) {
          tickerSnapshot |= !update;
          assertTrue(!update || tickerSnapshot, "ticker updates only after the ticker snapshot: " + text);
          JsonNode ticker = message.path("data").path(0);
          assertEquals("ETH/USD", ticker.path("symbol").asText(), text);
          BigDecimal bid = ticker.path("bid").decimalValue();
          assertTrue(bid.compareTo(ticker.path("ask").decimalValue()) < 0, text);
          Instant.parse(ticker.path("timestamp").asText());
          tickers += update ? 1 : 0;
        }
      }
      assertTrue(lastTrade > 1_000_000_000L && tickers > 0, "both channels poured");
      assertTrue(firehose.messages() >= 200, "messages counted: " + firehose.messages());
      socket.abort();
    }
  }
}
