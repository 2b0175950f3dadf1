package piker.backends.binance.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The wire conventions every part of the fake shares: JSON, decimals as strings, error objects, HMAC. */
final class Wire {
  static final ObjectMapper JSON = new ObjectMapper();

  private Wire() {}

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static ArrayNode array() {
    return JSON.createArrayNode();
  }

  /** Binance writes decimals as strings with eight places (more only when the value needs them). */
  static String decimal(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() <= 8 ? value.setScale(8).toPlainString() : stripped.toPlainString();
  }

  /** The documented error object, {"code": -1121, "msg": "Invalid symbol."}. */
  static ObjectNode error(int code, String msg) {
    ObjectNode error = object();
    error.put("code", code);
    error.put("msg", msg);
    return error;
  }

  /** The JSON of a request frame, or null when it is not JSON. */
  static JsonNode readOrNull(String text) {
    try {
      return JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }

  static String text(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HMAC-SHA256 of the payload keyed by the secret, lower-case hex (Binance compares it case-insensitively). */
  static String hmacHex(String secret, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
