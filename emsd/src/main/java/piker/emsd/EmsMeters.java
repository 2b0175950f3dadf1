package piker.emsd;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import piker.contracts.ems.EmsProtocol;

/**
 * emsd's meters: order statuses sent (to an account's dialogs, or to the one client a refusal answers), by
 * status, and each order request's round trip, from reaching emsd to its first answer past {@code pending}
 * ({@code dark_open}, {@code open} from the venue, a fill, an error), tagged with that answer. Requests still
 * unanswered are remembered up to {@link #MAX_UNANSWERED}, the latest one per oid.
 */
final class EmsMeters {
  static final int MAX_UNANSWERED = 10_000;

  private final MeterRegistry registry;
  private final Map<String, Counter> statuses = new HashMap<>();
  private final Map<String, Timer> roundTrips = new HashMap<>();
  /** oid → when its request arrived, oldest first; the oldest go once there are too many. */
  private final Map<String, Long> unanswered = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_UNANSWERED;
    }
  };

  EmsMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void requested(EmsProtocol.Order order, long nowNanos) {
    if (order.oid() != null) {
      // the latest request of an oid is the one its next answer is for (a resubmit after a refusal, a modify)
      unanswered.remove(order.oid());
      unanswered.put(order.oid(), nowNanos);
    }
  }

  void status(EmsProtocol.Status status, long nowNanos) {
    String resp = String.valueOf(status.resp());
    statuses.computeIfAbsent(resp, r -> Counter.builder("piker.orders.statuses")
        .description("Order statuses emsd sent, by status").tag("status", r).register(registry)).increment();
    if (!EmsProtocol.Resp.PENDING.equals(resp) && status.oid() != null) {
      Long asked = unanswered.remove(status.oid());
      if (asked != null) {
        roundTrips.computeIfAbsent(resp, r -> Timer.builder("piker.order.roundtrip")
                .description("From an order request reaching emsd to its first answer past pending")
                .tag("answer", r).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry))
            .record(nowNanos - asked, TimeUnit.NANOSECONDS);
      }
    }
  }
}
