package piker.backends.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The close handshake as the venue sees it (RFC 6455 5.5.1): frames read off the wire by a raw server. */
class WsLinkCloseTest {
  /** No ping after the first and no silence verdict within a test: only closes end these links. */
  private static final WsLink.Keepalive PATIENT =
      new WsLink.Keepalive(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(1));

  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final HttpClient http = HttpClient.newHttpClient();
  private final CompletableFuture<String> down = new CompletableFuture<>();

  @AfterEach
  void stopTimers() {
    timers.shutdownNow();
  }

  @ParameterizedTest(name = "venue closes with {0}, is answered with {1}")
  @CsvSource({
      "1000, 1000", // Binance ending a stream at its 24 h lifetime
      "1001, 1001",
      "1012, 1000"  // a code only servers send: the JDK will not let a client echo it
  })
  void aVenuesCloseIsAnsweredWithACloseBeforeTheLinkIsDown(int venueCode, int answerCode) throws Exception {
    try (RawWebSocketServer venue = new RawWebSocketServer(5_000)) {
      WsLink link = connect(venue);

      venue.sendClose(venueCode);

      RawWebSocketServer.Frame answer = venue.readClose();
      assertNotNull(answer, "the link dropped the connection without answering the venue's close");
      assertEquals(answerCode, answer.closeCode());
      assertEquals("closed " + venueCode, down.get(5, TimeUnit.SECONDS));
      assertTrue(link.isDown());
    }
  }

  @Test
  void ourOwnCloseStillSendsACloseAndTellsNoDown() throws Exception {
    try (RawWebSocketServer venue = new RawWebSocketServer(5_000)) {
      WsLink link = connect(venue);

      link.close();

      RawWebSocketServer.Frame ours = venue.readClose();
      assertNotNull(ours, "our close went without a close frame");
      assertEquals(1000, ours.closeCode());
      assertTrue(link.isDown());
      assertFalse(down.isDone(), "a link we closed told its owner it was down: " + down.getNow(""));
    }
  }

  private WsLink connect(RawWebSocketServer venue) throws Exception {
    CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
      try {
        venue.accept();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    WsLink link = WsLink.open(http, venue.uri(), Duration.ofSeconds(5), PATIENT, 0, timers, new WsLink.Handler() {
      @Override
      public void onText(WsLink from, String message) {
      }

      @Override
      public void onDown(WsLink from, String why) {
        down.complete(why);
      }
    }).get(5, TimeUnit.SECONDS);
    accepted.get(5, TimeUnit.SECONDS);
    return link;
  }
}
