package piker.backends.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
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
 * The venue's order side over its real websocket, on a quiet market (solusdt.spot: bid 149.999 and ask
 * 150.001, 0.1 each): login, matching on arrival and on ticks, cancels, queries, and a restart.
 */
class SimVenueTradingTest {
  private static final String KEY = "simkey-test-0123";

  @TempDir
  Path dir;
  private SimVenue venue;
  private VenueConnection trader;
  private final LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    startVenue();
  }

  private void startVenue() throws Exception {
    venue = SimVenue.start(new VenueSettings("127.0.0.1", 0, dir, 42, 0, Clock.systemUTC()), false);
    trader = VenueConnection.open(venue.address(), events::add, error -> { }).get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    trader.close();
    venue.close();
  }

  private JsonNode call(ObjectNode request) throws Exception {
    return trader.request(request).get(10, TimeUnit.SECONDS);
  }

  private ObjectNode op(String op) {
    return trader.json().object().put("op", op);
  }

  private String refusal(ObjectNode request) {
    ExecutionException failed = assertThrows(ExecutionException.class, () -> call(request));
    return assertInstanceOf(RemoteException.class, failed.getCause()).error().type();
  }

  private void login() throws Exception {
    assertEquals("SIM-001", call(op("login").put("key", KEY).put("account", "SIM-001")).path("account").asText());
  }

  private JsonNode order(String side, String price, String size, String clientId) throws Exception {
    return call(op("order").put("market", "solusdt.spot").put("side", side).put("price", price).put("size", size)
        .put("client_id", clientId));
  }

  private void push(String type, String price, String size) throws Exception {
    call(op("push").put("market", "solusdt.spot").put("type", type).put("price", price).put("size", size));
  }

  private JsonNode event(String kind) throws InterruptedException {
    JsonNode event;
    do {
      event = events.poll(10, TimeUnit.SECONDS);
      assertTrue(event != null, "no " + kind + " event");
    } while (!kind.equals(event.path("event").asText()));
    return event;
  }

  private static BigDecimal d(JsonNode node, String field) {
    return new BigDecimal(node.path(field).asText());
  }

  @Test
  void aKeyThatIsNotASimKeyIsRejectedWithoutEchoingItAndNothingTradesBeforeALogin() throws Exception {
    assertEquals("NotLoggedIn", refusal(op("open_orders")));
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> call(op("login").put("key", "realkey-secret-42").put("account", "SIM-001")));
    RemoteException rejected = assertInstanceOf(RemoteException.class, failed.getCause());
    assertEquals("InvalidKey", rejected.error().type());
    assertFalse(rejected.error().message().contains("secret-42"), rejected.error().message());
    assertEquals("NotLoggedIn", refusal(op("order").put("market", "solusdt.spot").put("side", "buy")
        .put("price", "150.001").put("size", "0.001")));
  }

  @Test
  void aBuyLargerThanTheAskFillsPartlyThenRestsAndFillsAtItsLimitWhenAnAskCrossesIt() throws Exception {
    login();
    JsonNode ack = order("buy", "150.002", "0.25", "c-1");
    String orderId = ack.path("order_id").asText();
    assertEquals("c-1", ack.path("client_id").asText());
    JsonNode first = event("fill");
    assertEquals(0, new BigDecimal("150.001").compareTo(d(first, "price")), "a taker fills at the ask");
    assertEquals(0, new BigDecimal("0.1").compareTo(d(first, "size")), "only what the ask holds");
    assertEquals(0, new BigDecimal("0.0150001").compareTo(d(first, "fee")));
    JsonNode partly = event("order");
    assertEquals("open", partly.path("status").asText());
    assertEquals(0, new BigDecimal("0.15").compareTo(d(partly, "remaining")));
    assertEquals(1, call(op("open_orders")).size());

    push("ask", "150.003", "5");
    push("ask", "150.000", "0.1");
    JsonNode second = event("fill");
    assertEquals(0, new BigDecimal("150.002").compareTo(d(second, "price")), "a maker fills at its limit");
    assertEquals(0, new BigDecimal("0.1").compareTo(d(second, "size")));
    push("trade", "149.5", "1");
    assertEquals(0, new BigDecimal("0.05").compareTo(d(event("fill"), "size")));
    assertEquals("filled", call(op("order_status").put("order_id", orderId)).path("status").asText());
    assertEquals(3, call(op("trades")).size());
    JsonNode positions = call(op("positions"));
    assertEquals("solusdt.spot", positions.get(0).path("market").asText());
    assertEquals(0, new BigDecimal("0.25").compareTo(d(positions.get(0), "size")));
  }

  @Test
  void cancelsAndBadOrdersGetResultCodes() throws Exception {
    login();
    String orderId = order("sell", "151", "0.01", "c-2").path("order_id").asText();
    assertEquals(orderId, event("order").path("order_id").asText(), "a new order is told to the account");
    assertEquals("DuplicateClientId", refusal(op("order").put("market", "solusdt.spot").put("side", "sell")
        .put("price", "151").put("size", "0.01").put("client_id", "c-2")));
    assertEquals("BadOrder", refusal(op("order").put("market", "solusdt.spot").put("side", "sell")
        .put("price", "151.0005").put("size", "0.01")));
    assertEquals("canceled", call(op("cancel").put("order_id", orderId)).path("status").asText());
    assertEquals("NotOpen", refusal(op("cancel").put("order_id", orderId)));
    assertEquals("UnknownOrder", refusal(op("cancel").put("order_id", "SIM-999")));
    push("bid", "152", "1");
    assertEquals(0, call(op("trades")).size(), "a canceled order never fills");
  }

  @Test
  void aPushedTickOffEitherTickIsRefusedAndATakenOneIsAnsweredAsTaken() throws Exception {
    // solusdt.spot: price tick 0.001, size tick 0.001
    String offPrice = refusalMessage(op("push").put("market", "solusdt.spot").put("type", "trade")
        .put("price", "150.0005").put("size", "1"));
    String offSize = refusalMessage(op("push").put("market", "solusdt.spot").put("type", "trade")
        .put("price", "150").put("size", "0.0005"));
    assertEquals("price 150.0005 is not on solusdt.spot's price tick 0.001", offPrice);
    assertEquals("size 0.0005 is not on solusdt.spot's size tick 0.001", offSize);
    JsonNode taken = call(op("push").put("market", "solusdt.spot").put("type", "trade").put("price", "150.5")
        .put("size", "2"));
    assertEquals("solusdt.spot trade 150.5 2", taken.path("market").asText() + " " + taken.path("type").asText()
        + " " + taken.path("price").asText() + " " + taken.path("size").asText());
    assertTrue(taken.path("time_ns").asLong() > 0, taken.toString());
  }

  private String refusalMessage(ObjectNode request) {
    ExecutionException failed = assertThrows(ExecutionException.class, () -> call(request));
    RemoteException refused = assertInstanceOf(RemoteException.class, failed.getCause());
    assertEquals("BadRequest", refused.error().type());
    return refused.error().message();
  }

  @Test
  void tradesFilteredByAnOrderIdAreThatOrdersOnly() throws Exception {
    login();
    String bought = order("buy", "150.002", "0.25", "f-1").path("order_id").asText();
    event("fill");
    String sold = order("sell", "151", "0.01", "f-2").path("order_id").asText();
    push("bid", "151", "1");
    assertEquals(sold, event("fill").path("order_id").asText());
    push("ask", "150.002", "0.05");
    assertEquals(bought, event("fill").path("order_id").asText());

    assertEquals(3, call(op("trades")).size());
    JsonNode boughtTrades = call(op("trades").put("order_id", bought));
    assertEquals(2, boughtTrades.size());
    boughtTrades.forEach(trade -> assertEquals(bought, trade.path("order_id").asText()));
    // a trade names its market by key and by the venue's own id, the bs_mktid every ledger records
    String venueId = call(op("market").put("market", "solusdt.spot")).path("venue_id").asText();
    assertEquals("SOLUSDT-SPOT", venueId);
    boughtTrades.forEach(trade -> assertEquals(venueId, trade.path("venue_id").asText()));
    assertEquals(sold, call(op("trades").put("order_id", sold)).get(0).path("order_id").asText());
    assertEquals(0, call(op("trades").put("order_id", "SIM-999")).size(), "an unknown order has none");
  }

  @Test
  void aRestartedVenueIsTheSameExchange() throws Exception {
    login();
    order("buy", "150.001", "0.05", "filled-now");
    event("fill");
    String resting = order("sell", "151", "0.02", "resting").path("order_id").asText();
    stop();
    events.clear();
    startVenue();
    login();
    JsonNode open = call(op("open_orders"));
    assertEquals(1, open.size());
    assertEquals(resting, open.get(0).path("order_id").asText());
    assertEquals(1, call(op("trades")).size());
    assertEquals("filled", call(op("order_status").put("client_id", "filled-now")).path("status").asText());
    push("bid", "151", "1");
    assertEquals(resting, event("fill").path("order_id").asText());
    JsonNode next = order("buy", "149", "0.01", "after-restart");
    assertEquals("SIM-3", next.path("order_id").asText(), "ids go on from the log");
  }
}
