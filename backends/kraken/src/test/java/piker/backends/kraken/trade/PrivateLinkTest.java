package piker.backends.kraken.trade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piker.backends.kraken.Reconnects;
import piker.backends.kraken.rest.Envelope;
import piker.backends.testkit.wire.WsConnection;
import piker.backends.testkit.wire.WsServer;
import piker.contracts.ErrorKind;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;

/** The private link's request correlation against a scripted server that answers when the test says. */
class PrivateLinkTest {
  /** Answers in seconds; only the lost-answer case shortens the request timeout, as it needs it to fire. */
  private static final TradeTiming TIMING = new TradeTiming(Duration.ofSeconds(5), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5));
  private static final TradeTiming SHORT_REQUESTS = new TradeTiming(Duration.ofMillis(300), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5));

  private final BlockingQueue<JsonNode> requests = new LinkedBlockingQueue<>();
  private final BlockingQueue<Boolean> ups = new LinkedBlockingQueue<>();
  /** Closes a connection right after acknowledging its subscription. */
  private volatile boolean closeAfterAck;
  private volatile WsConnection connection;
  private final java.util.concurrent.atomic.AtomicInteger connects = new java.util.concurrent.atomic.AtomicInteger();
  private WsServer server;
  private PrivateLink link;

  @BeforeEach
  void start() throws Exception {
    server = new WsServer((uri, conn) -> {
      connection = conn;
      connects.incrementAndGet();
      return (from, text) -> {
        JsonNode request = Envelope.parse(text);
        if (request.path("method").asText().equals("subscribe")) {
          from.sendText("{\"method\":\"subscribe\",\"result\":{\"channel\":\"executions\"},\"success\":true,\"req_id\":"
              + request.path("req_id").asLong() + "}");
          if (closeAfterAck) {
            from.close(1000, "gone");
          }
        } else if (request.path("method").asText().equals("ping")) {
          from.sendText("{\"method\":\"pong\",\"time_in\":\"2026-12-06T10:00:00.000000Z\","
              + "\"time_out\":\"2026-12-06T10:00:00.000001Z\"}"); // the link's keepalive, answered as Kraken does
        } else {
          requests.add(request);
        }
      };
    }, 3_600_000, 3_600_000, 1_000);
    link = open(TIMING, Runnable::run);
    link.start().get(5, TimeUnit.SECONDS);
  }

  private PrivateLink open(TradeTiming timing, java.util.concurrent.Executor installer) {
    return open(timing, installer, new Reconnects.Budget(Reconnects.MAX_PER_WINDOW, Reconnects.WINDOW));
  }

  private PrivateLink open(TradeTiming timing, java.util.concurrent.Executor installer, Reconnects.Budget connects) {
    return new PrivateLink(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + server.port() + "/v2"),
        () -> CompletableFuture.completedFuture("the-token"), timing, new PrivateLink.Events() {
          @Override
          public void onExecutions(JsonNode message) {
          }

          @Override
          public void onDown(RemoteError error) {
          }

          @Override
          public void onUp() {
            ups.add(true);
          }
        }, installer, connects);
  }

  @AfterEach
  void stop() {
    link.close();
    server.close();
  }

  private JsonNode nextRequest() throws InterruptedException {
    JsonNode request = requests.poll(5, TimeUnit.SECONDS);
    assertTrue(request != null, "the request reached the server");
    return request;
  }

  private void answer(JsonNode request, String orderId) {
    connection.sendText("{\"method\":\"add_order\",\"result\":{\"order_id\":\"" + orderId
        + "\"},\"success\":true,\"req_id\":" + request.path("req_id").asLong() + "}");
  }

  @Test
  void aCancelRefusedByThePerPairLimitIsNotSaidToBeAnOrderNotPlaced() throws Exception {
    CompletableFuture<JsonNode> asked = link.request("cancel_order", Envelope.JSON.createObjectNode());
    connection.sendText("{\"method\":\"cancel_order\",\"error\":\"EOrder:Rate limit exceeded\",\"success\":false,"
        + "\"req_id\":" + nextRequest().path("req_id").asLong() + "}");
    ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> asked.get(5, TimeUnit.SECONDS));
    RemoteError error = assertInstanceOf(RemoteException.class, refused.getCause()).error();
    assertEquals("EOrder:Rate limit exceeded", error.type());
    assertTrue(!error.message().contains("not placed") && error.message().contains("cancel_order"),
        "the order a cancel names stays live: " + error.message());
  }

  @Test
  void aLateAnswerNeverCompletesALaterRequest() throws Exception {
    link.close();
    link = open(SHORT_REQUESTS, Runnable::run);
    link.start().get(5, TimeUnit.SECONDS);
    CompletableFuture<JsonNode> first = link.request("add_order", Envelope.JSON.createObjectNode());
    JsonNode firstSent = nextRequest();
    assertEquals("the-token", firstSent.path("params").path("token").asText(), "every request carries the token");
    ExecutionException timedOut = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> first.get(5, TimeUnit.SECONDS));
    RemoteError error = assertInstanceOf(RemoteException.class, timedOut.getCause()).error();
    assertTrue(ErrorKind.VENUE_TIMEOUT.is(error), "no answer in time is in doubt: " + error.describe());

    CompletableFuture<JsonNode> second = link.request("add_order", Envelope.JSON.createObjectNode());
    JsonNode secondSent = nextRequest();
    assertTrue(secondSent.path("req_id").asLong() != firstSent.path("req_id").asLong(), "a req_id is never reused");
    answer(firstSent, "LATE");
    answer(secondSent, "SECOND");
    assertEquals("SECOND", second.get(5, TimeUnit.SECONDS).path("result").path("order_id").asText());
  }

  @Test
  void aRefusalFailsWithKrakensError() throws Exception {
    CompletableFuture<JsonNode> refused = link.request("add_order", Envelope.JSON.createObjectNode());
    JsonNode sent = nextRequest();
    connection.sendText("{\"method\":\"add_order\",\"error\":\"EGeneral:Invalid arguments:order_qty\",\"success\":false,"
        + "\"req_id\":" + sent.path("req_id").asLong() + "}");
    ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> refused.get(5, TimeUnit.SECONDS));
    RemoteError error = assertInstanceOf(RemoteException.class, failed.getCause()).error();
    assertEquals("EGeneral:Invalid arguments", error.type());
    assertEquals("EGeneral:Invalid arguments:order_qty", error.message());
  }

  @Test
  void aConnectionThatDropsBeforeItIsInstalledNeverBecomesTheLink() throws Exception {
    java.util.concurrent.LinkedBlockingQueue<Runnable> installs = new java.util.concurrent.LinkedBlockingQueue<>();
    closeAfterAck = true;
    PrivateLink staged = open(TIMING, installs::add);
    try {
      CompletableFuture<Void> started = staged.start();
      Runnable install = installs.poll(5, TimeUnit.SECONDS);
      assertTrue(install != null, "subscribed");
      Fixture.eventually(() -> staged.drops() == 1, "the drop after the ack");
      install.run();
      ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> started.get(5, TimeUnit.SECONDS));
      assertTrue(ErrorKind.VENUE_DISCONNECTED.is(assertInstanceOf(RemoteException.class, failed.getCause()).error()),
          "a login on a dead connection fails as a drop, never succeeds");
    } finally {
      staged.close();
    }
  }

  @Test
  void aReconnectionThatDropsBeforeItIsInstalledIsRetried() throws Exception {
    java.util.concurrent.LinkedBlockingQueue<Runnable> installs = new java.util.concurrent.LinkedBlockingQueue<>();
    PrivateLink staged = open(TIMING, installs::add);
    try {
      CompletableFuture<Void> started = staged.start();
      installs.poll(5, TimeUnit.SECONDS).run();
      started.get(5, TimeUnit.SECONDS);
      closeAfterAck = true;
      connection.close(1000, "drop"); // the link reconnects; the next connection drops right after its ack
      Runnable reinstall = installs.poll(5, TimeUnit.SECONDS);
      assertTrue(reinstall != null, "re-subscribed");
      Fixture.eventually(() -> staged.drops() == 2, "the second drop");
      closeAfterAck = false;
      reinstall.run();
      installs.poll(5, TimeUnit.SECONDS).run(); // a third connection, which stays
      assertTrue(ups.poll(5, TimeUnit.SECONDS) != null, "up again on a live connection");
      CompletableFuture<JsonNode> asked = staged.request("add_order", Envelope.JSON.createObjectNode());
      answer(nextRequest(), "AFTER");
      assertEquals("AFTER", asked.get(5, TimeUnit.SECONDS).path("result").path("order_id").asText());
    } finally {
      staged.close();
    }
  }

  @Test
  void aLinkAcceptedThenDroppedKeepsBackingOffAndStaysInsideItsConnectBudget() throws Exception {
    link.close();
    int before = connects.get();
    closeAfterAck = true; // every connection is accepted, subscribed, then closed
    // JDK 17's websocket may swallow a close read while its listener is still in onText (see BinanceStreamsTest):
    // then only the watchdog notices the drop, so its clocks are short here (a run under load waited out 10 s)
    TradeTiming paced = new TradeTiming(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(3), Duration.ofMillis(50), Duration.ofSeconds(60), Duration.ofSeconds(5),
        Duration.ofSeconds(60));
    piker.backends.kraken.Grants grants = new piker.backends.kraken.Grants();
    link = open(paced, Runnable::run, new Reconnects.Budget(3, Reconnects.WINDOW, grants));
    link.start(); // the first connection drops right after it is installed
    java.util.List<Long> granted = grants.await(4, Duration.ofSeconds(20));
    assertEquals(4, granted.size(), "the first connection and three reconnects were asked for: " + granted);
    assertTrue(granted.get(2) - granted.get(1) >= 100,
        "an installed connection did not reset the backoff (50 ms, then 100 ms): " + granted);
    assertTrue(granted.get(3) - granted.get(0) >= Reconnects.WINDOW.toMillis(),
        "the fourth attempt waits until the first leaves the window: " + granted);
    assertEquals(3, connects.get() - before, "three connections, the fourth not made");
  }

  @Test
  void aRequestAfterCloseFailsItsFutureAndThrowsNothing() {
    link.close();
    CompletableFuture<JsonNode> asked = link.request("add_order", Envelope.JSON.createObjectNode());
    assertTrue(asked.isCompletedExceptionally());
  }
}
