package piker.backends.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.sim.client.VenueConnection;
import piker.backends.sim.venue.SimVenue;
import piker.backends.sim.venue.VenueSettings;
import piker.contracts.RemoteException;

/**
 * Rule 4 on the backend's bridge to the venue, with the venue answering late on purpose: a request
 * whose caller timed out never hands its late answer to a later caller, and a refused request is an
 * error answer, not a broken bridge.
 */
class VenueBridgeCorrelationTest {
  private static final Duration TIMEOUT = Duration.ofMillis(800);

  @TempDir
  Path dir;
  private SimVenue venue;
  private VenueConnection bridge;

  @BeforeEach
  void start() throws Exception {
    venue = SimVenue.start(new VenueSettings("127.0.0.1", 0, dir, 42, 0, Clock.systemUTC()), false);
    bridge = VenueConnection.open(venue.address(), event -> { }, error -> { }, TIMEOUT,
        connection -> CompletableFuture.completedFuture(null)).get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    bridge.close();
    venue.close();
  }

  private CompletableFuture<JsonNode> ping(long delayMs) {
    return bridge.request(bridge.json().object().put("op", "ping").put("delay_ms", delayMs));
  }

  @Test
  void aTimedOutRequestsLateAnswerNeverReachesTheNextCaller() throws Exception {
    // the first answer comes 1.4 s after it was asked for: its caller gives up at 0.8 s
    CompletableFuture<JsonNode> first = ping(1_400);
    ExecutionException timedOut = assertThrows(ExecutionException.class, () -> first.get(10, TimeUnit.SECONDS));
    assertEquals("VenueTimeout", assertInstanceOf(RemoteException.class, timedOut.getCause()).error().type());

    // the next request is in flight when the late answer arrives (~0.6 s from now); its own comes at ~0.7 s
    long askedAt = System.currentTimeMillis() * 1_000_000L;
    CompletableFuture<JsonNode> second = ping(700);
    JsonNode answer = second.get(10, TimeUnit.SECONDS);
    assertTrue(answer.path("time_ns").asLong() >= askedAt - 50_000_000L,
        "the second caller got an answer made before it asked: the first one's " + answer);
    assertTrue(ping(0).get(10, TimeUnit.SECONDS).has("time_ns"), "the bridge keeps working");
  }

  @Test
  void aRefusedRequestIsAnErrorAnswerAndTheBridgeStaysUp() throws Exception {
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> bridge.request(bridge.json().object().put("op", "no-such-op")).get(10, TimeUnit.SECONDS));
    assertEquals("BadRequest", assertInstanceOf(RemoteException.class, refused.getCause()).error().type());
    ExecutionException notLoggedIn = assertThrows(ExecutionException.class,
        () -> bridge.request(bridge.json().object().put("op", "open_orders")).get(10, TimeUnit.SECONDS));
    assertEquals("NotLoggedIn", assertInstanceOf(RemoteException.class, notLoggedIn.getCause()).error().type());
    assertTrue(ping(0).get(10, TimeUnit.SECONDS).has("time_ns"));
  }
}
