package piker.backends.binance.trade;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piker.backends.binance.fake.BinanceFake;
import piker.backends.binance.rest.HostGate;
import piker.backends.binance.rest.HostGates;

/**
 * An in-doubt placement's "never placed" window counts from when it left (docs 13.5), so the time a signed
 * request reports is taken after the host's gate let it go, not when it was asked for.
 */
class LeavingTimeTest {
  private final BinanceFake fake = BinanceFake.start(BinanceFake.Options.quick());

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void aPlacementHeldAtTheGateReportsTheTimeItLeft() throws Exception {
    AtomicLong offset = new AtomicLong();
    HostGates gates = new HostGates(() -> System.currentTimeMillis() + offset.get());
    HostGate gate = gates.of(fake.restUrl());
    BinanceRest rest = new BinanceRest(HttpClient.newHttpClient(), fake.restUrl(),
        RequestSigner.hmac(BinanceFake.DOCS_API_KEY, BinanceFake.DOCS_SECRET), Duration.ofSeconds(3), gates);
    AtomicLong leftAt = new AtomicLong();
    // The gate's clock is 300 ms before a minute's end and its budget of 1 is spent: the order waits for the next minute.
    long askedAt = System.currentTimeMillis();
    offset.set((Math.floorDiv(askedAt, 60_000) + 1) * 60_000 - 300 - askedAt);
    gate.limit(1);
    gate.admit(1, true, false).get(1, TimeUnit.SECONDS);
    rest.signed("POST", "/api/v3/order", List.of(Map.entry("symbol", "BTCUSDT"), Map.entry("side", "BUY"),
        Map.entry("type", "LIMIT"), Map.entry("timeInForce", "GTC"), Map.entry("quantity", "0.002"),
        Map.entry("price", "59000.00"), Map.entry("newClientOrderId", "held-1")), leftAt::set).get(5, TimeUnit.SECONDS);
    long arrived = fake.arrivals().get(fake.arrivals().size() - 1).atMillis();
    assertTrue(leftAt.get() - askedAt >= 200, "left " + (leftAt.get() - askedAt) + " ms after it was asked for");
    assertTrue(arrived >= leftAt.get(), "reported as leaving after it arrived");
  }
}
