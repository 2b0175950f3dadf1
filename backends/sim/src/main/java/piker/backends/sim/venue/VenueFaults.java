package piker.backends.sim.venue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Faults a test arms on a running venue (the backend conformance kit's driver): refuse the next client
 * request with a given error, or as rate-limited with a Retry-After, and record when requests arrived
 * from then on. Armed from a test's thread, consumed on the engine's: hence synchronized.
 */
final class VenueFaults {
  /** The error type of a rate-limited refusal; its answer carries {@code retry_after_ms}. */
  static final String RATE_LIMITED = "RateLimited";

  /** A refusal for the next request: its error type and message, and a Retry-After when rate-limited. */
  record Fault(String type, String message, Duration retryAfter) {}

  private Fault next;
  private List<Instant> arrivals;

  synchronized void failNext(String type, String message) {
    next = new Fault(type, message, null);
  }

  synchronized void rateLimitNext(Duration retryAfter) {
    next = new Fault(RATE_LIMITED, "rate limited: retry after " + retryAfter.toMillis() + " ms", retryAfter);
    arrivals = new ArrayList<>();
  }

  /** A client request arrived: recorded when asked for; the armed fault, if any, is its answer. */
  synchronized Optional<Fault> onRequest(Instant arrived) {
    if (arrivals != null) {
      arrivals.add(arrived);
    }
    Fault fault = next;
    next = null;
    return Optional.ofNullable(fault);
  }

  synchronized List<Instant> arrivals() {
    return arrivals == null ? List.of() : List.copyOf(arrivals);
  }
}
