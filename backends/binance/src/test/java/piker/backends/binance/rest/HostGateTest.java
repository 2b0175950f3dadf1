package piker.backends.binance.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import piker.backends.binance.fake.BinanceFake;
import piker.contracts.RemoteException;

/**
 * One gate per host for both sides of one backend instance, on one clock; weights from the docs' table; a ban
 * refused or waited out, and only the IP's limits ban the host.
 */
class HostGateTest {
  private static HttpHeaders headers(Map<String, List<String>> map) {
    return HttpHeaders.of(map, (name, value) -> true);
  }

  @Test
  void bothSidesOfOneHostShareOneBudgetAndAnotherHostOrBackendInstanceHasItsOwn() {
    long now = 1_000_000 * 60_000L + 5;
    HostGates gates = new HostGates(() -> now);
    HostGate data = gates.of(URI.create("http://127.0.0.1:1/api"));
    HostGate trade = gates.of(URI.create("http://127.0.0.1:1"));
    assertSame(data, trade);
    assertFalse(data == gates.of(URI.create("http://127.0.0.1:2")));
    HostGate otherInstance = new HostGates(() -> now).of(URI.create("http://127.0.0.1:1"));
    assertFalse(data == otherInstance, "no state shared between backend instances");
    data.admit(20, false, false).join();
    trade.admit(4, false, false).join();
    assertEquals(24, data.used(), "counted before sending, on one budget");
    trade.onReply(headers(Map.of("x-mbx-used-weight-1m", List.of("300"))));
    assertEquals(300, data.used(), "the header is the truth (other clients on the IP spend it too)");
    assertEquals(0, otherInstance.used());
  }

  @Test
  void aBanRefusesTheDataSideAndHoldsTheTradeSideUntilItPassesAndTheMetersSeeBoth() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Metrics.addRegistry(meters);
    try {
      banRefusesAndHolds();
      assertTrue(meters.get("piker.venue.ratelimit.refusals").tag("backend", "binance").counter().count() >= 1);
      assertTrue(meters.get("piker.venue.ratelimit.wait").tag("backend", "binance").timer().count() >= 1,
          "the order that waited the ban out");
    } finally {
      Metrics.removeRegistry(meters);
    }
  }

  private static void banRefusesAndHolds() throws Exception {
    HostGate gate = new HostGates(System::currentTimeMillis).of(URI.create("http://127.0.0.1:3"));
    long bannedAt = System.currentTimeMillis();
    gate.ban(300);
    CompletableFuture<Void> refused = gate.admit(1, false, false);
    ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> refused.get(1, TimeUnit.SECONDS));
    RemoteException remote = (RemoteException) failed.getCause();
    assertEquals("-1003", remote.error().type());
    assertEquals("rate limited by binance for 1 s", remote.error().message());
    CompletableFuture<Void> waiting = gate.admit(1, true, true);
    // nothing before Retry-After, not even an order
    waiting.get(5, TimeUnit.SECONDS);
    long waited = System.currentTimeMillis() - bannedAt;
    assertTrue(waited >= 300, "admitted " + waited + " ms after a 300 ms ban");
  }

  @Test
  void weightsAreTheDocumentedOnes() {
    assertEquals(80, Weights.of("GET", "/api/v3/openOrders", Set.of()));
    assertEquals(6, Weights.of("GET", "/api/v3/openOrders", Set.of("symbol")));
    assertEquals(5, Weights.of("GET", "/api/v3/myTrades", Set.of("symbol", "orderId")));
    assertEquals(20, Weights.of("GET", "/api/v3/myTrades", Set.of("symbol")));
    assertEquals(4, Weights.of("GET", "/api/v3/order", Set.of("symbol", "origClientOrderId")));
    assertEquals(20, Weights.of("GET", "/api/v3/account", Set.of()));
    assertEquals(1, Weights.of("POST", "/api/v3/order", Set.of("symbol")));
    assertTrue(Weights.isOrder("DELETE", "/api/v3/order"));
    assertFalse(Weights.isOrder("GET", "/api/v3/order"));
  }

  @Test
  void theAccountsOrderCountLimitLeavesTheHostOpenAnIpLimitClosesIt() throws Exception {
    BinanceFake fake = BinanceFake.start(BinanceFake.Options.quick());
    try {
      RestShell shell = new RestShell(fake.restUrl(), HttpClient.newHttpClient(), Duration.ofSeconds(5),
          new HostGates(System::currentTimeMillis));
      fake.failNext(429, -1015, "Too many new orders; current limit is 50 orders per 10 SECOND.");
      RestShell.Reply tooManyOrders = send(shell);
      assertEquals("-1015", tooManyOrders.refusal().code());
      assertNotNull(send(shell).body(), "market data goes on: -1015 is the account's limit, not the IP's");
      fake.failNext(429, -1003, "Too much request weight used.");
      assertEquals("-1003", send(shell).refusal().code());
      ExecutionException closed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> shell.send("GET", "/api/v3/time", () -> "", Map.of(), 1, false).get(5, TimeUnit.SECONDS));
      assertEquals("-1003", ((RemoteException) closed.getCause()).error().type(), "the IP's limit closes the host");
    } finally {
      fake.close();
    }
  }

  private static RestShell.Reply send(RestShell shell) throws Exception {
    return shell.send("GET", "/api/v3/time", () -> "", Map.of(), 1, false).get(5, TimeUnit.SECONDS);
  }
}
