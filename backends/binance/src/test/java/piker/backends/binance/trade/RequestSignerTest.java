package piker.backends.binance.trade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The published vectors of `rest-api.md › SIGNED Endpoint Examples` and `web-socket-api.md › SIGNED request example`. */
class RequestSignerTest {
  static final String API_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
  static final String SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
  final RequestSigner signer = RequestSigner.hmac(API_KEY, SECRET);

  static List<Map.Entry<String, ?>> order(String symbol) {
    return List.of(Map.entry("symbol", symbol), Map.entry("side", "BUY"), Map.entry("type", "LIMIT"),
        Map.entry("timeInForce", "GTC"), Map.entry("quantity", new BigDecimal("1")), Map.entry("price", new BigDecimal("0.1")));
  }

  @Test
  void restAsciiVectorGivesTheDocsQueryAndSignature() {
    assertEquals("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000"
        + "&timestamp=1499827319559&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71",
        signer.signedQuery(order("LTCBTC"), 1499827319559L));
  }

  @Test
  void restNonAsciiVectorIsPercentEncodedBeforeSigning() {
    String query = signer.signedQuery(order("１２３４５６"), 1499827319559L);
    assertEquals("symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC"
        + "&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
        + "&signature=e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3", query);
  }

  @Test
  void restPayloadIsQueryThenBodyWithoutSeparator() {
    String query = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC";
    String body = "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
    // The docs' query+body example ("mixed") concatenates without '&': the payload differs from vector 1.
    assertEquals(signer.sign(query + body), signer.restSignature(query, body));
    assertFalse(signer.restSignature(query, body).equals("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"));
  }

  @Test
  void wsVectorsFromTheDocsSignSortedRawParams() {
    Map<String, String> vectors = new LinkedHashMap<>();
    vectors.put("apiKey=" + API_KEY + "&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT"
        + "&timeInForce=GTC&timestamp=1645423376532&type=LIMIT", "aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24");
    vectors.put("apiKey=" + API_KEY + "&price=0.10000000&quantity=1.00000000&recvWindow=5000&side=BUY&symbol=１２３４５６"
        + "&timeInForce=GTC&timestamp=1645423376532&type=LIMIT", "b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd");
    vectors.put("apiKey=" + API_KEY + "&timestamp=1649729878532", "1cf54395b336b0a9727ef27d5d98987962bc47aca6e13fe978612d0adee066ed");
    vectors.put("apiKey=" + API_KEY + "&price=23416.10000000&quantity=0.00847000&side=SELL&symbol=BTCUSDT&timeInForce=GTC"
        + "&timestamp=1660801715431&type=LIMIT", "15af09e41c36f3cc61378c2fbe2c33719a03dd5eba8d0f9206fbda44de717c88");
    vectors.put("apiKey=" + API_KEY + "&origClientOrderId=4d96324ff9d44481926157&symbol=BTCUSDT&timestamp=1660801715830",
        "33d5b721f278ae17a52f004a82a6f68a70c68e7dd6776ed0be77a455ab855282");
    vectors.put("apiKey=" + API_KEY + "&orderId=12569099453&symbol=BTCUSDT&timestamp=1660801720951",
        "2c3aab5a078ee4ea465ecd95523b77289f61476c2f238ec10c55ea6cb11a6f35");
    vectors.put("apiKey=" + API_KEY + "&timestamp=1660801839480", "83303b4a136ac1371795f465808367242685a9e3a42b22edb4d977d0696eb45c");
    // Not in the docs: the digest's own vector for userDataStream.subscribe.signature (9.3), openssl-computed.
    vectors.put("apiKey=" + API_KEY + "&timestamp=1747385641636", "681110a6057ad58657af22f5640fab9dd17418834cdfccdc81be8b0f7b2cde3e");
    vectors.forEach((payload, signature) -> {
      assertEquals(signature, signer.sign(payload), payload);
      // The same params, shuffled into reverse order and with a stale signature, sign the same.
      Map<String, Object> params = new LinkedHashMap<>();
      List<String> pairs = List.of(payload.split("&"));
      for (int i = pairs.size() - 1; i >= 0; i--) {
        String[] pair = pairs.get(i).split("=", 2);
        params.put(pair[0], pair[1]);
      }
      params.put("signature", "stale");
      assertEquals(signature, signer.wsSignature(params), payload);
    });
  }

  @Test
  void signedWsParamsAddKeyWindowTimestampAndSignature() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("symbol", "BTCUSDT");
    params.put("side", "SELL");
    params.put("type", "LIMIT");
    params.put("timeInForce", "GTC");
    params.put("quantity", new BigDecimal("0.01000000"));
    params.put("price", new BigDecimal("52000.00"));
    Map<String, Object> signed = signer.withRecvWindow(100).signedWsParams(params, 1645423376532L);
    assertEquals(API_KEY, signed.get("apiKey"));
    assertEquals(100L, signed.get("recvWindow"));
    assertEquals(1645423376532L, signed.get("timestamp"));
    assertEquals("aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24", signed.get("signature"));
    assertFalse(params.containsKey("signature"), "the caller's map is left alone");
  }

  @Test
  void recvWindowDefaultsTo5000AndStopsAt60000() {
    assertEquals(5000, signer.recvWindowMs());
    assertEquals(60000, signer.withRecvWindow(60000).recvWindowMs());
    assertThrows(IllegalArgumentException.class, () -> signer.withRecvWindow(60001));
    assertThrows(IllegalArgumentException.class, () -> signer.withRecvWindow(0));
    assertTrue(signer.withRecvWindow(60000).signedQuery(List.of(), 1L).startsWith("recvWindow=60000&timestamp=1&signature="));
  }

  @Test
  void percentEncodingKeepsOnlyUnreservedCharacters() {
    assertEquals("aZ09-_.~", RequestSigner.percentEncode("aZ09-_.~"));
    assertEquals("%5B%22BNBBTC%22%2C%22BTCUSDT%22%5D", RequestSigner.percentEncode("[\"BNBBTC\",\"BTCUSDT\"]"));
    assertEquals("a%20b%2Bc%3D%26%2F", RequestSigner.percentEncode("a b+c=&/"));
    assertEquals("%E8%BF%99", RequestSigner.percentEncode("这"));
  }

  @Test
  void theSecretNeverPrints() {
    assertFalse(signer.toString().contains(SECRET));
    assertFalse(signer.toString().contains(API_KEY));
    assertTrue(signer.toString().contains("HMAC"));
  }

  @Test
  void ed25519RoundTripsThroughAPkcs8PemFile() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    RequestSigner ed = RequestSigner.ed25519Pem("key", pem);
    assertTrue(ed.isEd25519());
    String payload = "apiKey=key&timestamp=1649729878532";
    String base64 = ed.sign(payload);
    assertEquals(88, base64.length(), "a 64-byte signature in base64, as faqs/api_key_types.md says");
    assertEquals(base64, ed.sign(payload), "Ed25519 is deterministic");
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(pair.getPublic());
    verifier.update(payload.getBytes(StandardCharsets.UTF_8));
    assertTrue(verifier.verify(Base64.getDecoder().decode(base64)));
    assertEquals(base64, ed.wsSignature(Map.of("timestamp", 1649729878532L, "apiKey", "key")), "WS: raw base64");
    assertEquals(RequestSigner.percentEncode(base64), ed.restSignature(payload, ""), "REST: base64 percent-encoded");
    assertFalse(ed.toString().contains(pem.lines().skip(1).findFirst().orElseThrow()));
  }

  @Test
  void aKeyThatIsNotEd25519IsRefusedWithoutQuotingIt() throws Exception {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> RequestSigner.ed25519Pem("key", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----"));
    assertFalse(error.getMessage().contains("bm90IGEga2V5"));
    KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    assertThrows(IllegalArgumentException.class, () -> RequestSigner.ed25519("key", rsa.getPrivate()));
  }
}
