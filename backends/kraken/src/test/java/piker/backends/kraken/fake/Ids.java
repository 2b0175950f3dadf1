package piker.backends.kraken.fake;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fake's ids and clock: order txids {@code O…}, trade txids {@code T…} in Kraken's 6-5-6 shape, execution ids,
 * per-book trade ids, and a microsecond clock that never repeats (so every event has a time of its own).
 */
final class Ids {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong tradeIds = new AtomicLong(1000);
  private final AtomicLong lastMicros = new AtomicLong();

  String order() {
    return txid('O');
  }

  String trade() {
    return txid('T');
  }

  /** An execution id of a non-trade event (a trade's is its trade txid). */
  String exec() {
    return txid('E');
  }

  long tradeId() {
    return tradeIds.incrementAndGet();
  }

  /** Now in µs since the epoch, strictly above every earlier answer. */
  long micros() {
    Instant now = Instant.now();
    long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    return lastMicros.updateAndGet(last -> Math.max(last + 1, micros));
  }

  /** {@code XAAAAA-AAAAA-AAAAAB}: the sequence in base 32, so later ids sort later. */
  private String txid(char kind) {
    long n = sequence.incrementAndGet();
    char[] digits = new char[16];
    for (int i = 15; i >= 0; i--) {
      digits[i] = ALPHABET.charAt((int) (n & 31));
      n >>>= 5;
    }
    String s = new String(digits);
    return kind + s.substring(0, 5) + "-" + s.substring(5, 10) + "-" + s.substring(10, 16);
  }

  static String rfc3339(long micros) {
    return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000).toString();
  }
}
