package piker.backends.binance.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RateGateTest {
  /** 00:01:23.456 on some day: a request then counts towards the 00:01:00 minute (docs 4.1). */
  private static final long MINUTE = 1_700_000_040_000L;
  private static final long T0 = MINUTE + 23_456;

  @Test
  void countsDocumentedWeightsBeforeSendingAndStartsAfreshEachClockMinute() {
    RateGate gate = new RateGate();
    assertInstanceOf(RateGate.Go.class, gate.admit(T0, 20, false));
    assertInstanceOf(RateGate.Go.class, gate.admit(T0 + 1, 2, false));
    assertEquals(22, gate.used(T0 + 2));
    assertEquals(0, gate.used(MINUTE + 60_000), "the 00:02:00 minute starts at zero");
  }

  @Test
  void aboveTheSoftCapNonOrderRequestsWaitForTheNextMinuteWhileOrdersStillGo() {
    RateGate gate = new RateGate();
    gate.limit(100);
    assertInstanceOf(RateGate.Go.class, gate.admit(T0, 80, false));
    RateGate.Decision held = gate.admit(T0, 2, false);
    assertEquals(new RateGate.Hold(MINUTE + 60_000), held);
    assertInstanceOf(RateGate.Go.class, gate.admit(T0, 1, true));
    assertInstanceOf(RateGate.Go.class, gate.admit(MINUTE + 60_000, 2, false));
  }

  @Test
  void theUsedWeightHeaderCorrectsTheCount() {
    RateGate gate = new RateGate();
    gate.admit(T0, 2, false);
    gate.onReply(T0 + 5, OptionalInt.of(4790)); // another client on our IP
    assertEquals(4790, gate.used(T0 + 6));
    assertInstanceOf(RateGate.Hold.class, gate.admit(T0 + 6, 20, false), "4810 > 80 % of 6000");
  }

  @Test
  void after429NothingGoesBeforeRetryAfterNotEvenAnOrder() {
    RateGate gate = new RateGate();
    gate.onReply(T0, OptionalInt.of(6001));
    gate.ban(T0, 7_000); // 429 with Retry-After: 7
    RateGate.Decision refused = gate.admit(T0 + 1, 1, true);
    assertEquals("rate limited by binance for 7 s", ((RateGate.Refuse) refused).message());
    assertEquals("rate limited by binance for 1 s", ((RateGate.Refuse) gate.admit(T0 + 6_500, 2, false)).message());
    assertEquals(new RateGate.Hold(MINUTE + 60_000), gate.admit(T0 + 7_000, 2, false),
        "the ban is over but the header said this minute's weight is spent");
    assertInstanceOf(RateGate.Go.class, gate.admit(MINUTE + 60_000, 2, false));
  }

  @Test
  void aLongerBanIsNeverShortenedByALaterShorterOne() {
    RateGate gate = new RateGate();
    gate.ban(T0, 120_000); // 418, Retry-After: 120
    gate.ban(T0 + 1_000, 60_000);
    assertEquals(T0 + 120_000, gate.bannedUntil());
    assertInstanceOf(RateGate.Refuse.class, gate.admit(T0 + 119_999, 1, false));
    assertInstanceOf(RateGate.Go.class, gate.admit(T0 + 120_000, 1, false));
  }

  @Test
  void exchangeInfosLimitReplacesTheDefault() {
    RateGate gate = new RateGate();
    assertEquals(RateGate.DEFAULT_WEIGHT_PER_MINUTE, gate.limit());
    gate.limit(1200);
    assertInstanceOf(RateGate.Hold.class, gate.admit(T0, 961, false));
  }
}
