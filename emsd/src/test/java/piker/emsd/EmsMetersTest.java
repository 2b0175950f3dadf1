package piker.emsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import piker.contracts.ems.EmsProtocol;

class EmsMetersTest {
  private static EmsProtocol.Order order(String oid) {
    return new EmsProtocol.Order(oid, "buy", "btcusdt.spot.sim", new BigDecimal("59000"), new BigDecimal("0.01"),
        "paper", "dark");
  }

  private static EmsProtocol.Status status(String oid, String resp) {
    return new EmsProtocol.Status(oid, resp, "btcusdt.spot.sim", "buy", null, null, "paper", null, null, null, null,
        null, null, null, 0);
  }

  @Test
  void aRoundTripRunsFromTheRequestToItsFirstAnswerPastPendingAndIsTimedOnce() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EmsMeters meters = new EmsMeters(registry);
    meters.requested(order("a"), 1_000_000);
    meters.status(status("a", EmsProtocol.Resp.PENDING), 1_500_000);
    meters.status(status("a", EmsProtocol.Resp.OPEN), 4_000_000);
    meters.status(status("a", EmsProtocol.Resp.FILL), 9_000_000);
    Timer open = registry.get("piker.order.roundtrip").tag("answer", "open").timer();
    assertEquals(1, open.count());
    assertEquals(3.0, open.totalTime(TimeUnit.MILLISECONDS), 1e-9);
    assertNull(registry.find("piker.order.roundtrip").tag("answer", "fill").timer(), "timed once, at its first answer");
    assertEquals(1, registry.get("piker.orders.statuses").tag("status", "pending").counter().count());
    assertEquals(1, registry.get("piker.orders.statuses").tag("status", "fill").counter().count());
  }

  @Test
  void unansweredRequestsAreRememberedOnlyUpToTheirLimit() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EmsMeters meters = new EmsMeters(registry);
    for (int i = 0; i <= EmsMeters.MAX_UNANSWERED; i++) {
      meters.requested(order("o" + i), i);
    }
    meters.status(status("o0", EmsProtocol.Resp.DARK_OPEN), 5);
    assertNull(registry.find("piker.order.roundtrip").timer(), "the oldest was forgotten");
    meters.status(status("o1", EmsProtocol.Resp.DARK_OPEN), 5);
    assertEquals(1, registry.get("piker.order.roundtrip").tag("answer", "dark_open").timer().count());
  }
}
