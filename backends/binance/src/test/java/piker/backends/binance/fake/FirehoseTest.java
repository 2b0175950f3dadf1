package piker.backends.binance.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The benchmark's firehose runner: a connection holding a market's streams gets its trades and book tickers. */
class FirehoseTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aConnectionGetsRisingTradesAndBookTickersOfTheMarketsItHolds() throws Exception {
    LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    try (BinanceFake fake = BinanceFake.start(BinanceFake.Options.quick());
         BinanceFirehose firehose = BinanceFirehose.start(fake, 2, 4)) {
      URI uri = URI.create(fake.streamUrl() + "/stream?streams=ethusdt@trade/ethusdt@bookTicker");
      WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
          partial.append(data);
          if (last) {
            frames.add(partial.toString());
            partial.setLength(0);
          }
          webSocket.request(1);
          return null;
        }
      }).get(10, TimeUnit.SECONDS);
      long lastTrade = -1;
      long lastUpdate = -1;
      for (int i = 0; i < 200; i++) {
        String text = frames.poll(10, TimeUnit.SECONDS);
        assertTrue(text != null, "a frame within 10 s");
        JsonNode frame = JSON.readTree(text);
        JsonNode data = frame.path("data");
        if (frame.path("stream").asText().equals("ethusdt@trade")) {
          assertEquals("ETHUSDT", data.path("s").asText());
          assertTrue(data.path("t").asLong() > lastTrade, text);
          lastTrade = data.path("t").asLong();
          assertInstanceOf(java.math.BigDecimal.class, new java.math.BigDecimal(data.path("p").asText()));
        } else {
          assertEquals("ethusdt@bookTicker", frame.path("stream").asText(), text);
          assertTrue(data.path("u").asLong() > lastUpdate, text);
          lastUpdate = data.path("u").asLong();
          assertTrue(List.of("b", "B", "a", "A").stream().allMatch(data::has), text);
        }
      }
      assertTrue(lastTrade > 0 && lastUpdate > 0, "both streams poured");
      assertTrue(firehose.events() >= 200);
      socket.abort();
    }
  }
}
