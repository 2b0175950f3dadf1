package piker.backends.binance.trade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import piker.contracts.ems.EmsProtocol;

class ClientIdsTest {
  /** Binance's only documented client id rule (`fix-api.md › General API Information`). */
  static final Pattern BINANCE = Pattern.compile("[a-zA-Z0-9-_]{1,36}");
  static final String OID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";

  final ClientIds ids = new ClientIds();

  @Test
  void shortPlainOidsTravelUnchangedAndReplacementsAndCancelsAreReadable() {
    assertEquals("ord-1", ids.venueId("ord-1"));
    assertEquals("ord-1_2", ids.venueId("ord-1~2"));
    assertEquals("ord-1_2_x", ClientIds.cancelId(ids.venueId("ord-1~2")));
    assertEquals(Optional.of(new ClientIds.VenueId("ord-1", 2, true)), ClientIds.parse("ord-1_2_x"));
    assertEquals(Optional.of("ord-1~2"), ids.ourId("ord-1_2_x"));
    assertEquals(Optional.of("ord-1"), ids.ourId("ord-1_x"));
  }

  @Test
  void oddCharactersAreHashedToAFixedLength() {
    String odd = "a.b:" + "c".repeat(40);
    String venue = ids.venueId(odd + "~999");
    assertTrue(venue.startsWith("_"));
    assertEquals(1 + 28 + 4, venue.length());
    assertEquals(35, ClientIds.cancelId(venue).length(), "the longest id has room to spare");
    assertEquals(ids.venueId(odd + "~999"), new ClientIds().venueId(odd + "~999"), "deterministic across processes");
    assertEquals(Optional.of(odd + "~999"), ids.ourId(ClientIds.cancelId(venue)));
    assertEquals(Optional.empty(), new ClientIds().ourId(venue), "a hash is read back only once its oid is known");
    assertTrue(ids.venueId("a_b").startsWith("_"), "an oid with '_' would be ambiguous unhashed");
    assertEquals(29, ids.venueId("a".repeat(29)).length(), "29 characters are too long to stay plain");
    assertEquals("a".repeat(28), ids.venueId("a".repeat(28)));
  }

  @Test
  void aRandomUuidIsReadBackByAnyInstanceWithItsReplacementsAndCancels() {
    for (int i = 0; i < 2_000; i++) {
      String uuid = UUID.randomUUID().toString();
      String venue = ids.venueId(uuid);
      assertEquals(22, venue.length(), venue);
      String longest = ClientIds.cancelId(ids.venueId(uuid + "~999"));
      assertEquals(28, longest.length(), "below the 29 of every hashed id: the two never parse alike");
      assertTrue(BINANCE.matcher(longest).matches(), longest);
      ClientIds restarted = new ClientIds(); // a restarted process has mapped nothing
      assertEquals(Optional.of(uuid), restarted.ourId(venue));
      assertEquals(Optional.of(uuid + "~7"), restarted.ourId(ids.venueId(uuid + "~7")));
      assertEquals(Optional.of(uuid + "~999"), restarted.ourId(longest));
      assertEquals(Optional.of(uuid), restarted.ourId(ClientIds.cancelId(venue)));
    }
  }

  @Test
  void uuidsOfOtherShapesAreHashed() {
    String upper = UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
    assertEquals(29, ids.venueId(upper).length(), "not canonical: it would not come back the same");
    String version1 = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
    assertEquals(29, ids.venueId(version1).length(), "only random UUIDs fit in 21 characters");
    assertEquals(Optional.empty(), new ClientIds().ourId("_" + "A".repeat(20) + "B"),
        "bits past the UUID's 122 are never set in ids we made");
  }

  @Test
  void idsBinanceOrOthersMadeAreNotOurs() {
    assertEquals(Optional.empty(), ids.ourId("web_4d96324ff9d44481926157ec"));
    assertEquals(Optional.empty(), ids.ourId("and_0"), "replacement numbers start at 1");
    assertEquals(Optional.empty(), ids.ourId("x_1000"));
    assertEquals(Optional.empty(), ids.ourId("_short"));
    assertEquals(Optional.empty(), ids.ourId(""));
    assertEquals(Optional.empty(), ids.ourId(null));
  }

  @Test
  void aThousandthReplacementDoesNotFit() {
    assertThrows(IllegalArgumentException.class, () -> ids.venueId("ord~1000"));
    assertThrows(IllegalArgumentException.class, () -> ids.venueId(""));
  }

  @Test
  void manyRandomOidsMapIntoBinancesAlphabetOneToOneAndBack() {
    Random random = new Random(15);
    Map<String, String> ourByVenue = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      String oid = randomOid(random);
      assertTrue(EmsProtocol.validOid(oid), oid);
      int n = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(ClientIds.MAX_REPLACEMENT);
      String ours = n == 0 ? oid : oid + "~" + n;
      String venue = ids.venueId(ours);
      String cancel = ClientIds.cancelId(venue);
      assertTrue(BINANCE.matcher(venue).matches(), venue);
      assertTrue(BINANCE.matcher(cancel).matches(), cancel);
      String before = ourByVenue.putIfAbsent(venue, ours);
      assertTrue(before == null || before.equals(ours), () -> before + " and " + ours + " both map to " + venue);
      assertEquals(Optional.of(ours), ids.ourId(venue));
      assertEquals(Optional.of(ours), ids.ourId(cancel));
      ClientIds.VenueId parsed = ClientIds.parse(cancel).orElseThrow();
      assertTrue(parsed.cancel());
      assertFalse(ClientIds.parse(venue).orElseThrow().cancel());
      assertEquals(n, parsed.replacement());
      assertEquals(venue, parsed.orderId());
    }
  }

  private static String randomOid(Random random) {
    // Half short and plain (the direct path), half anything the oid rule allows (mostly hashed).
    boolean plain = random.nextBoolean();
    int length = 1 + random.nextInt(plain ? 28 : EmsProtocol.MAX_OID);
    StringBuilder oid = new StringBuilder();
    for (int i = 0; i < length; i++) {
      String alphabet = plain ? OID_CHARS.replace("._:", "") : OID_CHARS;
      String chars = i == 0 ? alphabet.substring(0, 62) : alphabet;
      oid.append(chars.charAt(random.nextInt(chars.length())));
    }
    return oid.toString();
  }
}
