package piker.backends.kraken.data;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Kraken's RFC 3339 times ({@code 2023-09-25T07:48:36.925533Z}: UTC, zero to nine fraction digits) to epoch
 * ns, read by hand: {@code Instant.parse} builds a formatter and a field map per call, a fifth of the bytes
 * the feed allocated per quote (docs/benchmarks.md, the Kraken wire). Any other spelling (an offset, a
 * lower-case {@code t}) goes to {@code Instant.parse}, which refuses what RFC 3339 refuses.
 */
final class Rfc3339 {
  private Rfc3339() {}

  static long epochNs(String text) {
    int n = text.length();
    if (n < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z'
        || (n > 20 && (text.charAt(19) != '.' || n == 21 || n > 30))) {
      return slow(text);
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int fraction = n > 20 ? digits(text, 20, n - 1) : 0;
    if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
        || second > 59 || fraction < 0) {
      return slow(text);
    }
    long days;
    try {
      days = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return slow(text);
    }
    long nanos = fraction;
    for (int digits = n - 21; digits > 0 && digits < 9; digits++) {
      nanos *= 10;
    }
    return ((days * 24 + hour) * 60 + minute) * 60_000_000_000L + second * 1_000_000_000L + nanos;
  }

  /** The decimal value of {@code text[from, to)}, or -1 if a character is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static long slow(String text) {
    Instant instant = Instant.parse(text);
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
