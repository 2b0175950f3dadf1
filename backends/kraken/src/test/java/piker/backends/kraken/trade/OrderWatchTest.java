package piker.backends.kraken.trade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import piker.backends.kraken.fake.KrakenFake;
import piker.backends.kraken.rest.Envelope;
import piker.backends.kraken.rest.KrakenRest;
import piker.contracts.spi.TradeClient.OrderState;

/** The watch's handling of orders it learns of from REST, snapshot trades and its memory's bound. */
class OrderWatchTest {
  private static KrakenFake fake;
  private final Events events = new Events();
  /** REST lookups asked for, by order id, answered when the test says. */
  private final Map<String, CompletableFuture<Optional<OrderState>>> lookups = new ConcurrentHashMap<>();
  private final List<String> asked = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startFake() {
    fake = KrakenFake.start(KrakenFake.Options.quick());
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  private Pairs pairs() {
    return new Pairs(new KrakenRest(fake.restUrl(), HttpClient.newHttpClient()));
  }

  private OrderWatch watch(Pairs pairs) {
    return new OrderWatch(pairs, new ClientIds(), events, orderId -> {
      CompletableFuture<Optional<OrderState>> lookup = lookups.computeIfAbsent(orderId, id -> new CompletableFuture<>());
      asked.add(orderId); // after the future exists: the test waits on `asked`, then completes the future
      return lookup;
    });
  }

  private static ObjectNode message(String type, ObjectNode... items) {
    ObjectNode message = Envelope.JSON.createObjectNode().put("channel", "executions").put("type", type);
    ArrayNode data = message.putArray("data");
    for (ObjectNode item : items) {
      data.add(item);
    }
    return message;
  }

  /** An item with only what an update for a known order carries. */
  private static ObjectNode bare(String orderId, String status) {
    return Envelope.JSON.createObjectNode().put("order_id", orderId).put("exec_type", status).put("order_status",
        status);
  }

  private static ObjectNode trade(String orderId, String execId, String qty, String cum, String status) {
    return bare(orderId, status).put("exec_type", "trade").put("exec_id", execId).put("last_qty", new BigDecimal(qty))
        .put("last_price", new BigDecimal("60000.0")).put("cum_qty", new BigDecimal(cum));
  }

  private static ObjectNode whole(String orderId, String status) {
    return bare(orderId, status).put("symbol", "BTC/USD").put("side", "buy").put("order_qty", new BigDecimal("0.002"))
        .put("limit_price", new BigDecimal("60000.0")).put("timestamp", "2026-01-01T00:00:00.000000Z");
  }

  private static Optional<OrderState> rest(String orderId, String status, String filled) {
    return Optional.of(new OrderState(orderId, null, "btcusd.spot", "buy", new BigDecimal("60000.0"),
        new BigDecimal("0.002"), new BigDecimal(filled), new BigDecimal("0.002").subtract(new BigDecimal(filled)),
        status, 1));
  }

  @Test
  void itemsOfAnUnknownOrderWaitForOneLookupAndAreToldInArrivalOrderNeverBackwards() throws Exception {
    Pairs pairs = pairs();
    pairs.markets().get();
    OrderWatch watch = watch(pairs);
    watch.onExecutions(message("update", bare("O1", "new")));
    watch.onExecutions(message("update", trade("O1", "T1", "0.002", "0.002", "filled")));
    watch.onExecutions(message("update", bare("O1", "new"))); // late: must not reopen it
    Fixture.eventually(() -> asked.size() == 1, "the lookup");
    lookups.get("O1").complete(rest("O1", OrderState.FILLED, "0.002"));
    assertEquals("T1", Events.next(events.fills, fill -> true, "the fill").tradeId());
    Fixture.eventually(() -> !events.orders.isEmpty(), "the order told");
    assertEquals(List.of("O1"), asked, "one lookup for the order's items");
    assertTrue(events.orders.stream().allMatch(o -> o.status().equals(OrderState.FILLED)),
        "never back to open: " + events.orders);
  }

  @Test
  void anUnknownOrdersLookupWaitsForThePairsAndAFailedOneLeavesNothingWaiting() throws Exception {
    Pairs pairs = pairs(); // not read yet
    OrderWatch watch = new OrderWatch(pairs, new ClientIds(), events, orderId -> {
      CompletableFuture<Optional<OrderState>> lookup = lookups.computeIfAbsent(orderId, id -> new CompletableFuture<>());
      asked.add(orderId + (pairs.now() == null ? " before the pairs" : ""));
      return lookup;
    });
    watch.onExecutions(message("update", trade("O2", "T2", "0.001", "0.001", "partially_filled")));
    Fixture.eventually(() -> asked.size() == 1, "the lookup");
    assertEquals(List.of("O2"), asked, "asked once the pairs were read");
    lookups.remove("O2").completeExceptionally(new java.io.IOException("no answer"));
    watch.onExecutions(message("update", trade("O2", "T3", "0.001", "0.002", "filled")));
    Fixture.eventually(() -> asked.size() == 2, "a later item asks again: nothing left waiting");
    lookups.get("O2").complete(rest("O2", OrderState.FILLED, "0.002"));
    assertEquals("T3", Events.next(events.fills, fill -> true, "the later fill").tradeId());
    assertTrue(events.fills.isEmpty(), "the failed lookup's fill is left to reconcile, not told late");
  }

  @Test
  void theLoginsSnapshotTradesAreHistoryALaterSnapshotsNewOnesAreToldOnce() throws Exception {
    Pairs pairs = pairs();
    pairs.markets().get();
    OrderWatch watch = watch(pairs);
    watch.onExecutions(message("snapshot", whole("O3", "partially_filled"),
        trade("O3", "OLD", "0.001", "0.001", "partially_filled")));
    watch.onExecutions(message("update", trade("O3", "LIVE", "0.0005", "0.0015", "partially_filled")));
    assertEquals("LIVE", Events.next(events.fills, fill -> true, "the live fill").tradeId());
    // after a reconnect: the snapshot replays both, and one made while the link was down
    watch.onExecutions(message("snapshot", whole("O3", "filled"), trade("O3", "OLD", "0.001", "0.001", "partially_filled"),
        trade("O3", "LIVE", "0.0005", "0.0015", "partially_filled"), trade("O3", "DOWN", "0.0005", "0.002", "filled")));
    assertEquals("DOWN", Events.next(events.fills, fill -> true, "the fill made while down").tradeId());
    assertTrue(events.fills.isEmpty(), "nothing told twice, history never: " + events.fills);
    assertTrue(asked.isEmpty());
  }

  @Test
  void endedOrdersAreForgottenPastTheBound() {
    Pairs pairs = pairs();
    assertNotNull(pairs.markets().join());
    OrderWatch watch = watch(pairs);
    int orders = OrderWatch.REMEMBERED + 100;
    ObjectNode[] items = new ObjectNode[orders];
    for (int i = 0; i < orders; i++) {
      items[i] = whole("E" + i, "canceled");
    }
    watch.onExecutions(message("update", items));
    assertEquals(OrderWatch.REMEMBERED, watch.known());
    assertEquals(null, watch.clOrdIdOf("E0"), "the oldest forgotten");
  }
}
