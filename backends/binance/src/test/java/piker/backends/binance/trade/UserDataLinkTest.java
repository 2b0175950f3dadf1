package piker.backends.binance.trade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piker.backends.binance.fake.BinanceFake;
import piker.contracts.RemoteError;

/** The user data link alone: a refused key, and the seamless replacement before Binance's 24 h cut. */
class UserDataLinkTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final BlockingQueue<String> happened = new LinkedBlockingQueue<>();
  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final List<String> monitorsAtDown = new java.util.concurrent.CopyOnWriteArrayList<>();
  private BinanceFake fake;
  private UserDataLink link;

  private final UserDataLink.Events events = new UserDataLink.Events() {
    @Override
    public void onEvent(JsonNode event) {
      received.add(event);
    }

    @Override
    public void onDown(RemoteError error) {
      monitorsAtDown.addAll(heldMonitors());
      happened.add("down");
    }

    @Override
    public void onUp() {
      happened.add("up");
    }

    @Override
    public void onRotated() {
      happened.add("rotated");
    }
  };

  @BeforeEach
  void start() {
    fake = BinanceFake.start(BinanceFake.Options.quick());
    fake.book("BTCUSDT", "59999.99", "1", "60000.01", "1");
  }

  @AfterEach
  void stop() {
    if (link != null) {
      link.close();
    }
    fake.close();
  }

  private UserDataLink link(RequestSigner signer, TradeTiming timing) {
    link = new UserDataLink(http, fake.wsApiUrl(), signer, System::currentTimeMillis, timing, events);
    return link;
  }

  @Test
  void aRefusedKeyFailsTheStartWithBinancesCode() {
    UserDataLink refused = link(RequestSigner.hmac(BinanceFake.DOCS_API_KEY, "wrong"), BinanceTradeClientTest.QUICK);
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> refused.start().get(5, TimeUnit.SECONDS));
    ErrorKinds.Kind kind = BinanceRest.kindOf(failed.getCause());
    assertInstanceOf(ErrorKinds.AuthFailure.class, kind);
    assertEquals("-1022", kind.code());
  }

  @Test
  void anAgedConnectionIsReplacedWithoutAGapOrADisconnect() throws Exception {
    RequestSigner signer = RequestSigner.hmac(BinanceFake.DOCS_API_KEY, BinanceFake.DOCS_SECRET);
    TradeTiming q = BinanceTradeClientTest.QUICK;
    TradeTiming aging = new TradeTiming(q.requestTimeout(), q.lookupEvery(), q.neverPlacedAfter(), q.reconnectMin(),
        q.reconnectMax(), Duration.ofMillis(50), q.deadAfter(), Duration.ofMillis(200));
    link(signer, aging).start().get(5, TimeUnit.SECONDS);
    assertEquals("rotated", happened.poll(5, TimeUnit.SECONDS));
    BinanceRest rest = new BinanceRest(http, fake.restUrl(), signer, Duration.ofSeconds(3));
    rest.signed("POST", "/api/v3/order", List.of(Map.entry("symbol", "BTCUSDT"), Map.entry("side", "BUY"),
        Map.entry("type", "LIMIT"), Map.entry("timeInForce", "GTC"), Map.entry("quantity", "0.002"),
        Map.entry("price", "59000.00"), Map.entry("newClientOrderId", "aged-1"))).get(5, TimeUnit.SECONDS);
    JsonNode event = received.poll(5, TimeUnit.SECONDS);
    assertNotNull(event, "the replacement connection carries the events");
    assertEquals("aged-1", event.path("event").path("c").asText());
    assertTrue(happened.stream().noneMatch("down"::equals), "a rotation is not a disconnect: " + happened);
  }

  @Test
  void aRequestThatTimesOutIsNoLongerOutstanding() {
    Map<Integer, java.util.concurrent.CompletableFuture<JsonNode>> pending = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.CompletableFuture<JsonNode> answer = UserDataLink.outstanding(pending, 7, Duration.ofMillis(20));
    assertEquals(java.util.Set.of(7), pending.keySet(), "outstanding until it completes");
    ExecutionException failed = assertThrows(ExecutionException.class, () -> answer.get(5, TimeUnit.SECONDS));
    assertInstanceOf(java.util.concurrent.TimeoutException.class, failed.getCause());
    assertTrue(pending.isEmpty(), "a timed-out request leaves the map: " + pending);
  }

  @Test
  void aDroppedLinkTellsItsListenerOutsideItsLocks() throws Exception {
    link(RequestSigner.hmac(BinanceFake.DOCS_API_KEY, BinanceFake.DOCS_SECRET), BinanceTradeClientTest.QUICK)
        .start().get(5, TimeUnit.SECONDS);
    fake.dropConnections();
    assertEquals("down", happened.poll(10, TimeUnit.SECONDS));
    assertTrue(monitorsAtDown.stream().noneMatch(held -> held.contains("UserDataLink")),
        "the listener was called holding " + monitorsAtDown);
    assertEquals("up", happened.poll(10, TimeUnit.SECONDS), "and it reconnects");
  }

  /** A -1021 from the subscribe re-syncs the clock before the next attempt, at start and on a reconnect. */
  @Test
  void aClockSkewRefusedSubscribeResyncsTheClockThenSubscribes() throws Exception {
    AtomicLong offset = new AtomicLong();
    AtomicInteger resyncs = new AtomicInteger();
    link = new UserDataLink(http, fake.wsApiUrl(), RequestSigner.hmac(BinanceFake.DOCS_API_KEY, BinanceFake.DOCS_SECRET),
        () -> System.currentTimeMillis() + offset.get(), () -> {
          resyncs.incrementAndGet();
          offset.set(fake.now() - System.currentTimeMillis());
          return CompletableFuture.completedFuture(null);
        }, BinanceTradeClientTest.QUICK, events);
    fake.clockSkew(Duration.ofSeconds(30));
    link.start().get(5, TimeUnit.SECONDS);
    assertEquals(1, resyncs.get(), "the start re-synced once");
    fake.clockSkew(Duration.ofSeconds(-30));
    fake.dropConnections();
    assertEquals("down", happened.poll(5, TimeUnit.SECONDS));
    assertEquals("up", happened.poll(5, TimeUnit.SECONDS), "subscribed again once the clock was re-synced");
    assertEquals(2, resyncs.get());
    assertEquals(1, fake.userDataSubscriptions());
  }

  /** web-socket-api.md: "Rate-limited responses include a retryAfter field, indicating when you can retry". */
  @Test
  void aRateLimitedSubscribeIsNotRetriedBeforeItsRetryAfter() throws Exception {
    link(RequestSigner.hmac(BinanceFake.DOCS_API_KEY, BinanceFake.DOCS_SECRET), BinanceTradeClientTest.QUICK)
        .start().get(5, TimeUnit.SECONDS);
    fake.wsApiRateLimitNext(Duration.ofMillis(1500));
    fake.dropConnections();
    assertEquals("down", happened.poll(5, TimeUnit.SECONDS));
    long downAt = System.nanoTime();
    assertEquals("up", happened.poll(10, TimeUnit.SECONDS));
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downAt);
    assertTrue(waitedMs >= 1400, "subscribed again " + waitedMs + " ms after the drop, before the retryAfter");
  }

  /** The classes of the monitors the calling thread holds. */
  private static List<String> heldMonitors() {
    java.lang.management.ThreadInfo info = java.lang.management.ManagementFactory.getThreadMXBean()
        .getThreadInfo(new long[] {Thread.currentThread().getId()}, true, false)[0];
    return java.util.Arrays.stream(info.getLockedMonitors()).map(java.lang.management.MonitorInfo::getClassName).toList();
  }
}
