package piker.backends.binance.ws;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piker.backends.binance.fake.BinanceFake;
import piker.backends.wire.WsLink;

/** The shared websocket against the fake's market streams: our pings keep a quiet link, a bad message is skipped. */
class WsLinkTest {
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> downs = new LinkedBlockingQueue<>();
  private BinanceFake fake;
  private WsLink link;

  @AfterEach
  void stop() {
    if (link != null) {
      link.abort();
    }
    if (fake != null) {
      fake.close();
    }
    timers.shutdownNow();
  }

  private WsLink open(WsLink.Keepalive keepalive) {
    URI uri = URI.create(fake.streamUrl() + "/ws/btcusdt@trade");
    return WsLink.open(HttpClient.newHttpClient(), uri, Duration.ofSeconds(5), keepalive, 4, timers,
        new WsLink.Handler() {
          @Override
          public void onText(WsLink from, String message) {
            if (message.contains("\"p\":\"13")) {
              throw new IllegalStateException("a message its handler cannot take");
            }
            texts.add(message);
          }

          @Override
          public void onDown(WsLink from, String why) {
            downs.add(why);
          }
        }).orTimeout(10, TimeUnit.SECONDS).join();
  }

  @Test
  void aQuietLinkIsKeptByOurPingsLongAfterTheDeadlineAndABadMessageIsSkipped() throws Exception {
    // the fake never pings and nothing trades: only our pings' pongs are heard
    fake = BinanceFake.start(BinanceFake.Options.defaults().history(Duration.ofMinutes(1), Duration.ofSeconds(10))
        .keepalive(Duration.ofHours(1), Duration.ofHours(1)));
    link = open(Keepalives.of(Duration.ofMillis(100), Duration.ofMillis(600), Duration.ofHours(1)));
    assertNull(downs.poll(1500, TimeUnit.MILLISECONDS), "alive through 2.5 dead-after windows of quiet");
    fake.trade("BTCUSDT", "13", "1");
    fake.trade("BTCUSDT", "14", "1");
    String next = texts.poll(5, TimeUnit.SECONDS);
    assertTrue(next != null && next.contains("\"p\":\"14"), "the one after a bad message arrives: " + next);
  }

  @Test
  void aLinkWhoseNetworkDiesIsDownWithinItsDeadline() throws Exception {
    fake = BinanceFake.start(BinanceFake.Options.defaults().history(Duration.ofMinutes(1), Duration.ofSeconds(10)));
    link = open(Keepalives.of(Duration.ofMillis(100), Duration.ofMillis(600), Duration.ofHours(1)));
    fake.awaitPongs();
    fake.stallConnections();
    long stalled = System.nanoTime();
    String why = downs.poll(5, TimeUnit.SECONDS);
    assertTrue(why != null && why.startsWith("nothing heard"), String.valueOf(why));
    assertTrue((System.nanoTime() - stalled) / 1_000_000 < 3_000, "noticed in about its 600 ms deadline");
  }

  /** A server that never answers our pings and pings us every {@code itsPings}; our link gives it {@code quietDeadAfter}. */
  private void openToAServerThatNeverPongs(Duration itsPings, Duration pingAfter, Duration quietDeadAfter) {
    fake = BinanceFake.start(BinanceFake.Options.defaults().history(Duration.ofMinutes(1), Duration.ofSeconds(10))
        .keepalive(itsPings, Duration.ofHours(1)));
    fake.answersPings(false);
    link = open(new WsLink.Keepalive(pingAfter, Duration.ofMillis(300), Duration.ofHours(1), quietDeadAfter));
  }

  @Test
  void aServerThatNeverAnswersOurPingsIsGivenTheLongSilenceNotThePongDeadline() throws Exception {
    // Binance's docs promise only its own pings; this server sends none in the test's time and never pongs
    openToAServerThatNeverPongs(Duration.ofHours(1), Duration.ofMillis(100), Duration.ofMillis(1500));
    assertNull(downs.poll(1000, TimeUnit.MILLISECONDS), "alive through three pong deadlines without a pong");
    // still silent at 1.5 s: dead by the long rule
    String why = downs.poll(5, TimeUnit.SECONDS);
    assertTrue(why != null && why.contains("not even the server's ping"), String.valueOf(why));
  }

  @Test
  void aServerThatPingsOnItsOwnKeepsALinkThatNeverGetsAPong() throws Exception {
    // the fake's own pings every 300 ms (the JDK pongs, under the fake's 5 a second) are frames: the long
    // silence (four of its pings, room for a slow machine) never comes; we ping only after 1.5 s of silence
    openToAServerThatNeverPongs(Duration.ofMillis(300), Duration.ofMillis(1500), Duration.ofMillis(1200));
    assertNull(downs.poll(2400, TimeUnit.MILLISECONDS), "alive through two long silences, kept by the server's pings");
  }
}
