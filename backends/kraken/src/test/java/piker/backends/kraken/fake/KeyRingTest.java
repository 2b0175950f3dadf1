package piker.backends.kraken.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The fake's key checks, with the worked example of docs.kraken.com/exchange/guides/rest/authentication. */
class KeyRingTest {
  private static final String SECRET =
      "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
  private static final String PATH = "/0/private/AddOrder";
  private static final String BODY = "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25";
  private static final String SIGN =
      "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==";

  private final KeyRing keys = new KeyRing();
  /** No timer: these checks never arm the account's switch. */
  private final Account account = new Account(new Catalogue(), new Book(), new Ids(), null, BigDecimal.ONE);

  KeyRingTest() {
    keys.add("docs-key", SECRET, account);
  }

  @Test
  void theDocsExampleIsAcceptedOnceAndItsNonceNeverAgain() {
    assertSame(account, keys.verify(PATH, "docs-key", SIGN, BODY));
    assertEquals("EAPI:Invalid nonce", assertThrows(Refusal.class, () -> keys.verify(PATH, "docs-key", SIGN, BODY))
        .getMessage());
    assertEquals(1, keys.nonceFailures.get());
  }

  @Test
  void aSignatureOverAnythingElseIsRefused() {
    assertEquals("EAPI:Invalid signature", assertThrows(Refusal.class,
        () -> keys.verify("/0/private/Balance", "docs-key", SIGN, BODY)).getMessage());
    assertEquals("EAPI:Invalid signature", assertThrows(Refusal.class,
        () -> keys.verify(PATH, "docs-key", SIGN, BODY.replace("1.25", "1.26"))).getMessage());
    assertEquals(2, keys.signatureFailures.get());
  }

  @Test
  void anUnknownKeyIsRefusedFirst() {
    assertEquals("EAPI:Invalid key", assertThrows(Refusal.class, () -> keys.verify(PATH, "other", SIGN, BODY))
        .getMessage());
    assertEquals("EAPI:Invalid key", assertThrows(Refusal.class, () -> keys.verify(PATH, null, SIGN, BODY))
        .getMessage());
  }

  @Test
  void aJsonBodysNonceIsReadToo() {
    assertEquals("163245617", KeyRing.nonce("{\"nonce\": 163245617, \"ordertype\": \"limit\"}", true));
    assertEquals("1616492376594", KeyRing.nonce(BODY, false));
  }
}
