package piker.backends.kraken.trade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClientIdsTest {
  private static final String LONG_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  @Test
  void aUuidGoesAsItIs() {
    String oid = UUID.randomUUID().toString();
    ClientIds ids = new ClientIds();
    assertEquals(oid, ids.venueId(oid));
    assertEquals(oid, new ClientIds().ourId(oid), "a fresh process reads it back too");
  }

  @Test
  void anyOtherIdGoesAsAUuidOfItsHashTheSameInEveryProcess() {
    String oid = "kit-abc-17~2";
    String venueId = new ClientIds().venueId(oid);
    assertTrue(venueId.matches(LONG_UUID), venueId);
    assertEquals(venueId, new ClientIds().venueId(oid), "deterministic");
    assertNotEquals(venueId, new ClientIds().venueId("kit-abc-17~3"));
    ClientIds ids = new ClientIds();
    ids.venueId(oid);
    assertEquals(oid, ids.ourId(venueId), "read back where it was made");
  }

  @Test
  void theOldestIdsAgeOutAndAForgottenOneReadsAsItsClOrdId() {
    ClientIds ids = new ClientIds();
    String first = ids.venueId("first");
    String ended = ids.venueId("ended");
    ids.forget(ended);
    org.junit.jupiter.api.Assertions.assertEquals(ended, ids.ourId(ended), "forgotten");
    for (int i = 0; i < ClientIds.REMEMBERED; i++) {
      ids.venueId("other-" + i);
    }
    org.junit.jupiter.api.Assertions.assertEquals(first, ids.ourId(first), "aged out of a bounded map");
    org.junit.jupiter.api.Assertions.assertEquals("other-" + (ClientIds.REMEMBERED - 1),
        ids.ourId(ids.venueId("other-" + (ClientIds.REMEMBERED - 1))));
  }
}
