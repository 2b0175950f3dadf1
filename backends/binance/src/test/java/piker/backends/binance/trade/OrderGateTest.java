package piker.backends.binance.trade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The account's order gate on a clock the test moves: closed for exactly the Retry-After of a -1015. */
class OrderGateTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final OrderGate gate = new OrderGate(now::get);

  @Test
  void openUntilRefusedThenClosedForTheRetryAfterExactly() {
    assertTrue(gate.check().isEmpty());
    gate.refused(Duration.ofSeconds(3));
    ErrorKinds.RetryAfter held = gate.check().orElseThrow();
    assertEquals("-1015", held.code());
    assertEquals(Duration.ofSeconds(3), held.delay());
    assertTrue(held.error().message().startsWith("rate limited by binance for 3 s"), held.error().message());
    now.addAndGet(2_999);
    assertEquals(Duration.ofMillis(1), gate.check().orElseThrow().delay());
    now.addAndGet(1);
    assertTrue(gate.check().isEmpty(), "open once the Retry-After has passed");
  }

  @Test
  void aShorterLaterRefusalDoesNotShortenTheWait() {
    gate.refused(Duration.ofSeconds(10));
    gate.refused(Duration.ofSeconds(1));
    now.addAndGet(5_000);
    assertEquals(Duration.ofSeconds(5), gate.check().orElseThrow().delay());
  }
}
