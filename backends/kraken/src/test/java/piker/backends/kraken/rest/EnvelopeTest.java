package piker.backends.kraken.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;

/** The REST envelope and Kraken's error strings (docs/venues/kraken.md 2, 3; BRIEF17 errors). */
class EnvelopeTest {
  @Test
  void theDocsRefusalIsARemoteErrorOfKrakensString() {
    RemoteException refused = assertThrows(RemoteException.class,
        () -> Envelope.result("{\"error\": [\"EAPI:Invalid key\"], \"result\": {}}", "test"));
    assertEquals("EAPI:Invalid key", refused.error().type());
    assertEquals("EAPI:Invalid key", refused.error().message());
  }

  @Test
  void theTypeEndsAtTheSecondColonAndTheMessageIsTheWholeString() {
    RemoteError error = KrakenErrors.of("EGeneral:Invalid arguments:volume", "test");
    assertEquals("EGeneral:Invalid arguments", error.type());
    assertEquals("EGeneral:Invalid arguments:volume", error.message());
    assertEquals("EService:Throttled", KrakenErrors.type("EService: Throttled: 1700000000"));
    assertEquals(1_700_000_000L, KrakenErrors.throttledUntil("EService: Throttled: 1700000000"));
    assertEquals(-1, KrakenErrors.throttledUntil("EAPI:Rate limit exceeded"));
  }

  @Test
  void aResultWithWarningsSucceedsAndItsNumbersAreExact() {
    var result = Envelope.result("{\"error\":[\"WGeneral:Something deprecated\"],\"result\":{\"t\":1688669597.8277369,"
        + "\"f\":0.40}}", "test");
    assertEquals(new BigDecimal("1688669597.8277369"), result.path("t").decimalValue());
    assertEquals(new BigDecimal("0.40"), result.path("f").decimalValue(), "the token's own scale");
  }

  @Test
  void aBodyThatIsNoEnvelopeIsUnreachable() {
    RemoteException refused = assertThrows(RemoteException.class,
        () -> Envelope.result("<html>502 Bad Gateway</html>", "test"));
    assertEquals(KrakenErrors.UNREACHABLE, refused.error().type());
  }
}
