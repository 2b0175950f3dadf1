package piker.backends.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A venue's own ping (Kraken's): sent as text right after each WebSocket ping, as the venue reads the wire. */
class WsLinkApplicationPingTest {
  private static final int PING = 0x9;
  private static final int TEXT = 0x1;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopTimers() {
    timers.shutdownNow();
  }

  @Test
  void theApplicationPingFollowsTheWebSocketPing() throws Exception {
    WsLink.Keepalive keepalive = new WsLink.Keepalive(Duration.ofMinutes(1), Duration.ofMinutes(1),
        Duration.ofHours(1), Duration.ofMinutes(1)).withApplicationPing("{\"method\":\"ping\"}");
    try (RawWebSocketServer venue = new RawWebSocketServer(5_000)) {
      CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
        try {
          venue.accept();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      WsLink link = WsLink.open(HttpClient.newHttpClient(), venue.uri(), Duration.ofSeconds(5), keepalive, 0, timers,
          new WsLink.Handler() {
            @Override
            public void onText(WsLink from, String message) {
            }

            @Override
            public void onDown(WsLink from, String why) {
            }
          }).get(5, TimeUnit.SECONDS);
      accepted.get(5, TimeUnit.SECONDS);
      // the link pings as it opens, to learn whether the venue answers
      RawWebSocketServer.Frame ping = venue.read();
      assertNotNull(ping, "no frame");
      assertEquals(PING, ping.opcode());
      RawWebSocketServer.Frame text = venue.read();
      assertNotNull(text, "no application ping after the WebSocket ping");
      assertEquals(TEXT, text.opcode());
      assertEquals("{\"method\":\"ping\"}", new String(text.payload(), StandardCharsets.UTF_8));
      link.close();
    }
  }
}
