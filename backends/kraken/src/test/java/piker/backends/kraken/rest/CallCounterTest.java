package piker.backends.kraken.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

/** The counter model with decay and the backoff after Kraken's rate refusal (docs/venues/kraken.md 4.1, 13.3). */
class CallCounterTest {
  @Test
  void callsGoUpToTheMaximumThenWaitForTheDecay() {
    CallCounter counter = new CallCounter(3, 1);
    for (int i = 0; i < 3; i++) {
      assertInstanceOf(CallCounter.Go.class, counter.admit(10_000, 1));
    }
    CallCounter.Hold hold = assertInstanceOf(CallCounter.Hold.class, counter.admit(10_000, 1));
    assertEquals(11_000, hold.atMs(), "one call's worth decays in a second at -1/s");
    assertInstanceOf(CallCounter.Go.class, counter.admit(11_000, 1));
  }

  @Test
  void aRefusalClosesForOneSecondThenTwoAndAnAcceptedCallStartsOver() {
    CallCounter counter = new CallCounter(15, 1);
    assertEquals(1_000, counter.refused(5_000));
    CallCounter.Refuse refuse = assertInstanceOf(CallCounter.Refuse.class, counter.admit(5_400, 1));
    assertEquals(1, refuse.seconds(), "the wait, in whole seconds");
    assertEquals(2_000, counter.refused(6_000), "a second refusal in a row doubles the wait");
    counter.accepted();
    assertEquals(1_000, counter.refused(9_000), "after an accepted call the backoff starts over");
  }

  @Test
  void aThrottleClosesUntilItsTime() {
    CallCounter counter = new CallCounter(15, 1);
    counter.closeUntil(20_000);
    assertEquals(3, assertInstanceOf(CallCounter.Refuse.class, counter.admit(17_500, 1)).seconds());
    assertInstanceOf(CallCounter.Go.class, counter.admit(20_000, 1));
  }
}
