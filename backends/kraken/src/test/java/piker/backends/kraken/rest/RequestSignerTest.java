package piker.backends.kraken.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The signature recipe against the worked example of docs.kraken.com/exchange/guides/rest/authentication. */
class RequestSignerTest {
  static final String DOCS_SECRET =
      "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
  static final long DOCS_NONCE = 1616492376594L;
  static final String DOCS_BODY = "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25";
  static final String DOCS_SIGN =
      "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==";

  @Test
  void theDocsWorkedExampleSignsAsTheDocsSay() {
    RequestSigner signer = RequestSigner.of("key", DOCS_SECRET);
    assertEquals(DOCS_SIGN, signer.sign("/0/private/AddOrder", DOCS_NONCE, DOCS_BODY));
  }

  @Test
  void thePathTheNonceAndTheBodyAllCount() {
    RequestSigner signer = RequestSigner.of("key", DOCS_SECRET);
    assertNotEquals(DOCS_SIGN, signer.sign("/0/private/Balance", DOCS_NONCE, DOCS_BODY));
    assertNotEquals(DOCS_SIGN, signer.sign("/0/private/AddOrder", DOCS_NONCE + 1, DOCS_BODY));
    assertNotEquals(DOCS_SIGN, signer.sign("/0/private/AddOrder", DOCS_NONCE, DOCS_BODY.replace("1.25", "1.26")));
  }

  @Test
  void aSecretThatIsNotBase64IsRefusedWithoutQuotingIt() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> RequestSigner.of("key", "not*base64*secret"));
    assertEquals("api_secret is not base64 (Kraken issues the private key in base64)", refused.getMessage());
    assertFalse(refused.getMessage().contains("not*base64*secret"));
  }

  @Test
  void theSignerPrintsNoSecret() {
    RequestSigner signer = RequestSigner.of("the-key", DOCS_SECRET);
    assertEquals("RequestSigner[***]", signer.toString());
  }
}
