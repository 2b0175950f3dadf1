package piker.backends.kraken.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand reader of Kraken's times agrees with {@code Instant.parse}, and refuses what it refuses. */
class Rfc3339Test {
  @Test
  void krakensTimesReadAsInstantParseReadsThem() {
    for (String text : List.of("2023-09-25T07:48:36.925533Z", "2023-09-25T09:04:31.742648Z", "2026-12-05T00:00:00Z",
        "2024-02-29T23:59:59.9Z", "1970-01-01T00:00:00.000000001Z", "2026-12-31T23:59:59.123456789Z",
        "2023-09-25T07:48:36.925+00:00", "1969-12-31T23:59:59.5Z")) {
      Instant instant = Instant.parse(text);
      assertEquals(instant.getEpochSecond() * 1_000_000_000L + instant.getNano(), Rfc3339.epochNs(text), text);
    }
  }

  @Test
  void whatInstantParseRefusesIsRefused() {
    for (String text : List.of("2023-02-30T07:48:36Z", "2023-13-01T07:48:36Z",
        "2023-09-25T07:48:36.1234567890Z", "2023-09-25 07:48:36Z", "2023-09-25T07:4a:36Z", "")) {
      assertThrows(DateTimeParseException.class, () -> Rfc3339.epochNs(text), text);
    }
  }
}
