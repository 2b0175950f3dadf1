package piker.pikerd.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationWordsTest {
  @Test
  void aDurationReadsAsAPersonWouldSayIt() {
    assertEquals("1 ms", DurationWords.of(Duration.ofMillis(1)));
    assertEquals("1 ms", DurationWords.of(Duration.ofNanos(10)), "never 0 for a positive duration");
    assertEquals("999 ms", DurationWords.of(Duration.ofMillis(999)));
    assertEquals("1 s", DurationWords.of(Duration.ofMillis(1_000)));
    assertEquals("1.5 s", DurationWords.of(Duration.ofMillis(1_549)));
    assertEquals("30 s", DurationWords.of(Duration.ofSeconds(30)));
    assertEquals("2 min", DurationWords.of(Duration.ofMinutes(2)));
    assertEquals("1 min 30 s", DurationWords.of(Duration.ofSeconds(90)));
    assertEquals("1 h 30 min", DurationWords.of(Duration.ofMinutes(90)));
  }
}
