package piker.backends.binance.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The docs' own HMAC test vectors (docs/venues/binance.md 5.3 and 9.3) hold for the fake's signing. */
class SignatureVectorsTest {
  private static final String SECRET = BinanceFake.DOCS_SECRET;

  @Test
  void restVectorsSignTheQueryStringAsSent() {
    assertEquals("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", Wire.hmacHex(SECRET,
        "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"));
    assertEquals("e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3", Wire.hmacHex(SECRET,
        "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC"
            + "&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"));
  }

  @Test
  void theSignatureParameterIsLeftOutOfThePayloadWhereverItSits() {
    assertEquals("a=1&b=2", Keys.withoutSignature("a=1&signature=ff&b=2"));
    assertEquals("a=1", Keys.withoutSignature("a=1&signature=ff"));
  }

  @Test
  void wsApiVectorsSignSortedParametersUnencoded() {
    Map<String, String> order = new LinkedHashMap<>();
    order.put("symbol", "BTCUSDT");
    order.put("side", "SELL");
    order.put("type", "LIMIT");
    order.put("timeInForce", "GTC");
    order.put("quantity", "0.01000000");
    order.put("price", "52000.00");
    order.put("recvWindow", "100");
    order.put("timestamp", "1645423376532");
    order.put("apiKey", BinanceFake.DOCS_API_KEY);
    order.put("signature", "ignored");
    assertEquals("aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24",
        Wire.hmacHex(SECRET, Keys.sortedPayload(order)));
    order.put("symbol", "１２３４５６");
    order.put("side", "BUY");
    order.put("quantity", "1.00000000");
    order.put("price", "0.10000000");
    order.put("recvWindow", "5000");
    assertEquals("b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd",
        Wire.hmacHex(SECRET, Keys.sortedPayload(order)));
    Map<String, String> subscribe = Map.of("apiKey", BinanceFake.DOCS_API_KEY, "timestamp", "1747385641636");
    assertEquals("681110a6057ad58657af22f5640fab9dd17418834cdfccdc81be8b0f7b2cde3e",
        Wire.hmacHex(SECRET, Keys.sortedPayload(subscribe)));
  }
}
