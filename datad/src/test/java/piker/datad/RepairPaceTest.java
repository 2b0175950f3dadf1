package piker.datad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Repairs after gaps: the first at once, then at most one per pause, the pause doubling while gaps recur. */
class RepairPaceTest {
  private static final long S = 1_000_000_000L;

  @Test
  void theFirstRepairStartsAtOnceAndTheNextAfterAPauseThatGrowsWhileGapsRecur() {
    RepairPace pace = new RepairPace();
    assertEquals(0, pace.waitNs(100 * S));
    pace.started(100 * S);
    assertEquals(3 * S, pace.waitNs(102 * S), "5 s after the first");
    pace.started(105 * S);
    assertEquals(10 * S, pace.waitNs(105 * S), "recurring within a minute: 10 s");
    pace.started(115 * S);
    pace.started(135 * S);
    pace.started(175 * S);
    assertEquals(80 * S, pace.waitNs(175 * S), "20, 40, 80 s");
    for (long at = 255; at < 2000; at += 50) {
      pace.started(at * S);
    }
    assertEquals(RepairPace.MOST.toNanos(), pace.waitNs(1955 * S), "at most five minutes");
  }

  @Test
  void aRepairAMinuteOrMoreAfterTheLastStartsThePauseOver() {
    RepairPace pace = new RepairPace();
    pace.started(0);
    pace.started(10 * S);
    assertEquals(10 * S, pace.waitNs(10 * S));
    pace.started(100 * S);
    assertEquals(5 * S, pace.waitNs(100 * S), "quiet for a minute: back to 5 s");
    assertEquals(0, pace.waitNs(106 * S));
  }
}
