package piker.backends.kraken.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import piker.contracts.ErrorKind;
import piker.contracts.RemoteError;

/** Kraken's error strings (docs.kraken.com/exchange/guides/general/errors) as the private side handles them. */
class RefusalsTest {
  @Test
  void anErrorIsTypedUpToItsSecondColonAndKeepsKrakensWholeString() {
    RemoteError error = Refusals.error("EGeneral:Invalid arguments:volume");
    assertEquals("EGeneral:Invalid arguments", error.type());
    assertEquals("EGeneral:Invalid arguments:volume", error.message());
    assertEquals("EOrder:Insufficient funds", Refusals.error("EOrder:Insufficient funds").type());
  }

  @Test
  void krakensStringIsShownOnceWithItsTypeKept() {
    for (String refused : new String[] {"EOrder:Insufficient funds", "EAPI:Invalid nonce",
        "EService:Market in cancel_only mode"}) {
      RemoteError error = Refusals.error(refused);
      assertEquals(refused, error.type(), "callers decide on the type");
      assertEquals(refused, error.describe());
      assertEquals(refused + " (raised by kraken)", error.toException().getMessage());
    }
    assertEquals("EGeneral:Invalid arguments:volume", Refusals.error("EGeneral:Invalid arguments:volume").describe());
    // a message of our own words still follows its type
    assertTrue(Refusals.error("add_order", "EOrder:Rate limit exceeded").describe()
        .startsWith("EOrder:Rate limit exceeded: kraken refused the request"));
  }

  @Test
  void keyRefusalsBecomeTheSpisInvalidKeyInKrakensWords() {
    for (String refused : new String[] {"EAPI:Invalid key", "EAPI:Invalid signature", "EGeneral:Permission denied",
        "EGeneral:Temporary lockout"}) {
      assertTrue(Refusals.refusesTheKey(Refusals.error(refused).type()), refused);
      RemoteError invalid = Refusals.invalidKey(Refusals.error(refused));
      assertTrue(ErrorKind.INVALID_KEY.is(invalid), refused);
      assertTrue(invalid.message().contains(refused), invalid.message());
    }
    assertFalse(Refusals.refusesTheKey("EAPI:Invalid nonce"), "a nonce is ours to fix, not the key");
    assertFalse(Refusals.refusesTheKey("EOrder:Insufficient funds"));
    assertFalse(Refusals.refusesTheKey("EAPI:Rate limit exceeded"));
  }

  @Test
  void engineTroubleAndLostAnswersLeaveAnOrderInDoubt() {
    assertTrue(Refusals.inDoubt("EService:Unavailable"));
    assertTrue(Refusals.inDoubt("EGeneral:Internal error"));
    assertTrue(Refusals.inDoubt(ErrorKind.VENUE_TIMEOUT.wire()));
    assertTrue(Refusals.inDoubt(ErrorKind.VENUE_DISCONNECTED.wire()));
    assertFalse(Refusals.inDoubt("EOrder:Insufficient funds"));
  }

  @Test
  void rateLimitsAreKnownWithOrWithoutATime() {
    assertTrue(Refusals.rateLimited("EAPI:Rate limit exceeded"));
    assertTrue(Refusals.rateLimited(KrakenErrors.type("EService: Throttled: 1700000000")));
    assertFalse(Refusals.rateLimited("EOrder:Rate limit exceeded"), "the engine's per-pair limit rejects the order");
  }
}
