package piker.pikerd.runtime;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** A duration as a person would say it in a message: 1 ms, 1.5 s, 30 s, 2 min, 1 h 30 min. */
public final class DurationWords {
  private DurationWords() {}

  public static String of(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1_000) {
      return Math.max(millis, duration.isZero() ? 0 : 1) + " ms";
    }
    if (millis < 60_000) {
      // a tenth of a second is as fine as a timeout needs telling
      return BigDecimal.valueOf(millis, 3).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()
          + " s";
    }
    long seconds = duration.toSeconds();
    if (seconds < 3_600) {
      return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
    }
    long minutes = seconds / 60;
    return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
  }
}
