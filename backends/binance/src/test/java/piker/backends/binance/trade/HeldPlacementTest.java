package piker.backends.binance.trade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piker.backends.binance.fake.BinanceFake;
import piker.backends.binance.rest.HostGate;
import piker.backends.binance.rest.HostGates;

/**
 * A placement waiting at the host's gate for the minute to roll is checked against the account's order gate
 * when it leaves: a -1015 that came while it waited holds it too (docs 4.1, 13.3). The gates' clock is the
 * test's and stands still, so the placement cannot leave before the test moves it: no race, no sleep.
 */
class HeldPlacementTest {
  private final BinanceFake fake = BinanceFake.start(BinanceFake.Options.quick());

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void aTooManyOrdersThatComesWhileAPlacementWaitsAtTheHostHoldsItWhenItLeaves() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000 * 60_000L - 50); // 50 ms before a minute's end, standing still
    HostGates gates = new HostGates(now::get);
    HostGate gate = gates.of(fake.restUrl());
    OrderGate orders = new OrderGate(now::get);
    BinanceRest rest = new BinanceRest(HttpClient.newHttpClient(), fake.restUrl(),
        RequestSigner.hmac(BinanceFake.DOCS_API_KEY, BinanceFake.DOCS_SECRET), Duration.ofSeconds(3), gates, orders);
    gate.limit(1);
    gate.admit(1, true, false).get(1, TimeUnit.SECONDS); // the minute's budget spent: the order waits for the next
    CompletableFuture<?> placed = rest.signed("POST", "/api/v3/order", List.of(Map.entry("symbol", "BTCUSDT"),
        Map.entry("side", "BUY"), Map.entry("type", "LIMIT"), Map.entry("timeInForce", "GTC"),
        Map.entry("quantity", "0.002"), Map.entry("price", "59000.00"), Map.entry("newClientOrderId", "held-1")));
    assertFalse(placed.isDone(), "held at the host's gate");
    orders.refused(Duration.ofSeconds(10)); // another placement's -1015 while this one waits
    now.addAndGet(1_000); // the minute rolls: the host's gate lets it go
    ExecutionException failed = assertThrows(ExecutionException.class, () -> placed.get(5, TimeUnit.SECONDS));
    assertEquals("-1015", BinanceRest.kindOf(failed.getCause()).code(), String.valueOf(failed.getCause()));
    assertEquals(0, fake.requestCounts().getOrDefault("POST /api/v3/order", 0), "the held placement was never sent");
  }
}
