package piker.backends.binance.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import piker.contracts.RemoteException;

/** One gate per host for both sides, weights from the docs' table, a ban refused or waited out. */
class HostGateTest {
  private static HttpHeaders headers(Map<String, List<String>> map) {
    return HttpHeaders.of(map, (name, value) -> true);
  }

  @Test
  void bothSidesOfOneHostShareOneBudgetAndAnotherHostHasItsOwn() {
    HostGate data = HostGate.of(URI.create("http://127.0.0.1:1/api"));
    HostGate trade = HostGate.of(URI.create("http://127.0.0.1:1"));
    assertSame(data, trade);
    assertFalse(data == HostGate.of(URI.create("http://127.0.0.1:2")));
    long now = 1_000_000 * 60_000L + 5;
    data.admit(() -> now, 20, false, false).join();
    trade.admit(() -> now, 4, false, false).join();
    assertEquals(24, data.used(now), "counted before sending, on one budget");
    trade.onReply(now, headers(Map.of("x-mbx-used-weight-1m", List.of("300"))));
    assertEquals(300, data.used(now), "the header is the truth (other clients on the IP spend it too)");
  }

  @Test
  void aBanRefusesTheDataSideAndHoldsTheTradeSideUntilItPasses() throws Exception {
    HostGate gate = HostGate.of(URI.create("http://127.0.0.1:3"));
    AtomicLong now = new AtomicLong(System.currentTimeMillis());
    gate.ban(now.get(), 300);
    CompletableFuture<Void> refused = gate.admit(now::get, 1, false, false);
    ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> refused.get(1, TimeUnit.SECONDS));
    RemoteException remote = (RemoteException) failed.getCause();
    assertEquals("-1003", remote.error().type());
    assertEquals("rate limited by binance for 1 s", remote.error().message());
    CompletableFuture<Void> waiting = gate.admit(System::currentTimeMillis, 1, true, true);
    // nothing before Retry-After, not even an order
    waiting.get(5, TimeUnit.SECONDS);
    long waited = System.currentTimeMillis() - now.get();
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
}
