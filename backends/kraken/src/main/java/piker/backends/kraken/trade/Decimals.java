package piker.backends.kraken.trade;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;

/** Reading Kraken's numbers and times exactly: decimals from the JSON token (number or string), never a double. */
final class Decimals {
  private Decimals() {}

  /** The decimal at {@code field}, or null when absent or null. */
  static BigDecimal decimal(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().strip());
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** An RFC 3339 time (WS v2) in ns since the epoch; 0 when absent. */
  static long rfc3339Ns(String time) {
    if (time == null || time.isEmpty()) {
      return 0;
    }
    Instant at = Instant.parse(time);
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }

  /** Seconds since the epoch with a fraction (REST {@code opentm}, {@code time}) in ns; 0 when absent. */
  static long secondsNs(JsonNode node, String field) {
    BigDecimal seconds = decimal(node, field);
    return seconds == null ? 0 : seconds.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
  }
}
