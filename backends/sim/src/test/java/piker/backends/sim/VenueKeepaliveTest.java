package piker.backends.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.sim.client.VenueConnection;
import piker.backends.sim.venue.SimVenue;
import piker.backends.sim.venue.VenueKeepalive;
import piker.backends.sim.venue.VenueSettings;
import piker.contracts.RemoteError;

/**
 * Rule 13 on the sim venue link, with short intervals from configuration: an idle link stays up (the
 * venue pings, the client pongs, and the other way round); a link gone silent is noticed by missed
 * pongs on either end; the venue drops a client that never pongs or pongs with the wrong payload.
 */
class VenueKeepaliveTest {
  /** 200 ms pings, a link dead after 1 s without a pong, idle (no bytes at all) after 1 s. */
  private static final VenueKeepalive SHORT = VenueKeepalive.from(ConfigFactory.parseString(
      "piker.venue { ping-interval = 200ms, pong-timeout = 1s, idle-timeout = 1s }"));
  /** For the end that must not be the one to notice. */
  private static final VenueKeepalive LONG = new VenueKeepalive(Duration.ofSeconds(10), Duration.ofSeconds(60),
      Duration.ofSeconds(120));

  @TempDir
  Path dir;
  private SimVenue venue;
  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();
  private final AtomicInteger drops = new AtomicInteger();
  private final AtomicInteger reconnects = new AtomicInteger();

  private void startVenue(VenueKeepalive keepalive) {
    venue = SimVenue.start(new VenueSettings("127.0.0.1", 0, dir, 42, 0, Clock.systemUTC()), false, keepalive);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable resource : closing) {
      resource.close();
    }
    if (venue != null) {
      venue.close();
    }
  }

  private VenueConnection open(String address, VenueKeepalive keepalive) throws Exception {
    VenueConnection connection = VenueConnection.open(address, event -> { }, this::onError, Duration.ofSeconds(5),
        reconnected -> {
          reconnects.incrementAndGet();
          return CompletableFuture.completedFuture(null);
        }, keepalive).get(10, TimeUnit.SECONDS);
    closing.add(connection);
    return connection;
  }

  private void onError(RemoteError error) {
    if (error.type().equals("VenueDisconnected")) {
      drops.incrementAndGet();
    }
  }

  private static void awaitCondition(Duration bound, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within " + bound.toMillis() + " ms: " + what);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  @Test
  void theReferenceValuesAreBinancesTwentySecondPingsAndOneMinutePongTimeout() {
    VenueKeepalive reference = VenueKeepalive.from(ConfigFactory.empty());
    assertEquals(Duration.ofSeconds(20), reference.pingInterval());
    assertEquals(Duration.ofSeconds(60), reference.pongTimeout());
    assertTrue(reference.idleTimeout().compareTo(reference.pongTimeout()) > 0);
  }

  @Test
  void anIdleLinkStaysUpPastTheIdleAndPongTimeouts() throws Exception {
    startVenue(SHORT);
    VenueConnection link = open(venue.address(), SHORT);
    long start = System.nanoTime();
    // nothing asked, nothing subscribed, a quiet venue: only keepalive frames cross, for 2.5 idle timeouts
    while (millisSince(start) < 2_500) {
      assertEquals(0, drops.get(), "the idle link dropped after " + millisSince(start) + " ms");
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    assertEquals(0, drops.get());
    assertEquals(0, reconnects.get());
    assertTrue(link.request(link.json().object().put("op", "ping")).get(5, TimeUnit.SECONDS).has("time_ns"));
    assertEquals(0, reconnects.get(), "answered on the link that was there all along");
  }

  @Test
  void theClientNoticesASilentVenueByMissedPongsAndReconnects() throws Exception {
    startVenue(LONG); // the venue is slow to give up on its end: the client must notice by itself
    BlackholeProxy proxy = new BlackholeProxy(venue.address());
    closing.add(proxy);
    VenueConnection link = open(proxy.address(), SHORT);
    link.subscribe(java.util.Set.of("btcusdt.spot")).get(5, TimeUnit.SECONDS);

    long swallowed = System.nanoTime();
    proxy.swallow();
    awaitCondition(Duration.ofSeconds(5), "the client noticed the dead link", () -> drops.get() == 1);
    long noticedAfter = millisSince(swallowed);
    assertTrue(noticedAfter >= SHORT.pongTimeout().toMillis() - SHORT.pingInterval().toMillis(),
        "noticed by the pong timeout, not by something else: " + noticedAfter + " ms");
    awaitCondition(Duration.ofSeconds(5), "reconnected through a fresh connection", () -> reconnects.get() == 1);
    assertEquals(2, proxy.accepted.get());
    // the reconnect restored the subscription and the link answers
    assertTrue(link.request(link.json().object().put("op", "ping")).get(5, TimeUnit.SECONDS).has("time_ns"));
    assertEquals(1, drops.get());
  }

  @Test
  void theVenueDropsAClientThatNeverAnswersItsPings() throws Exception {
    startVenue(SHORT);
    long opened = System.nanoTime(); // before the handshake: the venue's deadline starts within it
    try (RawWebSocket mute = new RawWebSocket(venue.address(), 10_000)) {
      int pings = 0;
      for (RawWebSocket.Frame frame; (frame = mute.read()) != null; ) {
        assertEquals(RawWebSocket.PING, frame.opcode(), "only pings on a quiet link");
        assertEquals(8, frame.payload().length);
        pings++;
      }
      long droppedAfter = millisSince(opened);
      assertTrue(pings >= 3, "pinged every 200 ms before giving up, got " + pings);
      assertTrue(droppedAfter >= SHORT.pongTimeout().toMillis() && droppedAfter < 5_000,
          "dropped at the pong timeout: " + droppedAfter + " ms");
    }
  }

  @Test
  void theVenueKeepsAClientThatAnswersEachPingAndDropsOneWhosePongsAnswerNothing() throws Exception {
    startVenue(SHORT);
    try (RawWebSocket faithful = new RawWebSocket(venue.address(), 10_000);
         RawWebSocket unsolicited = new RawWebSocket(venue.address(), 10_000)) {
      Thread pongsWithTheWrongPayload = new Thread(() -> {
        try {
          for (RawWebSocket.Frame frame; (frame = unsolicited.read()) != null; ) {
            unsolicited.send(RawWebSocket.PONG, new byte[8]); // pongs, but never a copy of a ping
          }
        } catch (java.io.IOException e) {
          // dropped
        }
      });
      pongsWithTheWrongPayload.start();
      long opened = System.nanoTime();
      int answered = 0;
      while (millisSince(opened) < 2_500) {
        RawWebSocket.Frame ping = faithful.read();
        assertNotNull(ping, "a client answering every ping was dropped after " + millisSince(opened) + " ms");
        assertEquals(RawWebSocket.PING, ping.opcode());
        faithful.send(RawWebSocket.PONG, ping.payload());
        answered++;
      }
      assertTrue(answered >= 6, "answered " + answered + " pings");
      pongsWithTheWrongPayload.join(5_000);
      assertTrue(!pongsWithTheWrongPayload.isAlive(), "unsolicited pongs kept a connection alive");
    }
  }

  @Test
  void aPingsPayloadComesBackInThePong() throws Exception {
    startVenue(SHORT);
    try (RawWebSocket raw = new RawWebSocket(venue.address(), 5_000)) {
      byte[] payload = {1, 2, 3, 4, 5};
      raw.send(RawWebSocket.PING, payload);
      RawWebSocket.Frame frame;
      do {
        frame = raw.read();
        assertNotNull(frame);
      } while (frame.opcode() != RawWebSocket.PONG);
      assertArrayEquals(payload, frame.payload());
    }
  }
}
