package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** cli.md: "DURATION is a number with a unit": whole or decimal, exact to the nanosecond, at most 24 days. */
class DurationsTest {
  @Test
  void wholeAndDecimalNumbersWithTheirUnits() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofSeconds(20), Durations.parse("20s"));
    assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
    assertEquals(Duration.ofSeconds(90), Durations.parse("1.5m"));
    assertEquals(Duration.ofNanos(1_500_000), Durations.parse("1.5ms"));
    assertEquals(Duration.ofMinutes(2), Durations.parse(" 2m "));
    assertEquals(Duration.ofHours(576), Durations.parse("576h"));
    assertEquals(Duration.ofDays(24), Durations.parse("34560m"));
    assertEquals(Duration.ofNanos(1), Durations.parse("0.000001ms"));
  }

  @Test
  void noUnitNoNumberNothingLeftOrOverTwentyFourDaysIsRefusedNamingTheText() {
    for (String bad : new String[] {"", "20", "s", "1.s", ".5s", "1,5s", "-1s", "1e3ms", "2 m", "0s", "0.0000000001s",
        "1.2345678901s", "576.000001h", "999999999h", "999999999.999999999h"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }
}
