package piker.backends.binance.fake;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** API keys and the documented checks of a SIGNED request: key, HMAC-SHA256 signature, timestamp window. */
final class Keys {
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final Map<String, PublicKey> ed25519 = new ConcurrentHashMap<>();
  private final LongSupplier clock;

  Keys(LongSupplier clock) {
    this.clock = clock;
  }

  void add(String apiKey, String secret) {
    secrets.put(apiKey, secret);
  }

  void addEd25519(String apiKey, PublicKey publicKey) {
    ed25519.put(apiKey, publicKey);
  }

  void remove(String apiKey) {
    secrets.remove(apiKey);
    ed25519.remove(apiKey);
  }

  /**
   * REST: {@code X-MBX-APIKEY} known, signature = HMAC hex over the raw query string without its
   * signature parameter concatenated with the raw body (rest-api.md › HMAC Keys), then the timestamp.
   */
  void verifyRest(String apiKey, String rawQuery, String rawBody, Map<String, String> params) {
    String payload = withoutSignature(rawQuery == null ? "" : rawQuery) + withoutSignature(rawBody);
    verifySignature(apiKey, payload, params.get("signature"));
    verifyTimestamp(params.get("timestamp"), params.get("recvWindow"));
  }

  /**
   * WS API: the params except {@code signature}, sorted by name, {@code name=value} joined by {@code &},
   * not percent-encoded (web-socket-api.md › SIGNED request example).
   */
  void verifyWsApi(Map<String, String> params) {
    verifySignature(params.get("apiKey"), sortedPayload(params), params.get("signature"));
    verifyTimestamp(params.get("timestamp"), params.get("recvWindow"));
  }

  static String sortedPayload(Map<String, String> params) {
    StringBuilder payload = new StringBuilder();
    new TreeMap<>(params).forEach((name, value) -> {
      if (!name.equals("signature")) {
        payload.append(payload.length() == 0 ? "" : "&").append(name).append('=').append(value);
      }
    });
    return payload.toString();
  }

  /** HMAC keys: hex, compared case-insensitively; Ed25519 keys: base64 (rest-api.md › Ed25519 Keys). */
  private void verifySignature(String apiKey, String payload, String signature) {
    if (apiKey == null || apiKey.isEmpty()) {
      throw new Refusal(401, -2014, "API-key format invalid.");
    }
    String secret = secrets.get(apiKey);
    PublicKey publicKey = ed25519.get(apiKey);
    if (secret == null && publicKey == null) {
      throw new Refusal(401, -2015, "Invalid API-key, IP, or permissions for action.");
    }
    if (signature == null || signature.isEmpty()) {
      throw Refusal.mandatory("signature");
    }
    boolean valid = secret != null ? Wire.hmacHex(secret, payload).equalsIgnoreCase(signature)
        : ed25519Valid(publicKey, payload, signature);
    if (!valid) {
      throw invalidSignature();
    }
  }

  private static boolean ed25519Valid(PublicKey key, String payload, String signature) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(payload.getBytes(StandardCharsets.UTF_8));
      return verifier.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static Refusal invalidSignature() {
    return Refusal.badRequest(-1022, "Signature for this request is not valid.");
  }

  /** rest-api.md › Timing security: {@code timestamp < now + 1 s} and {@code now - timestamp <= recvWindow}. */
  private void verifyTimestamp(String timestampText, String recvWindowText) {
    if (timestampText == null || timestampText.isEmpty()) {
      throw Refusal.mandatory("timestamp");
    }
    BigDecimal recvWindow;
    long timestamp;
    try {
      timestamp = Long.parseLong(timestampText);
      recvWindow = recvWindowText == null ? BigDecimal.valueOf(5000) : new BigDecimal(recvWindowText);
    } catch (NumberFormatException e) {
      throw Refusal.badRequest(-1100, "Illegal characters found in a parameter.");
    }
    if (recvWindow.compareTo(BigDecimal.valueOf(60_000)) > 0) {
      throw Refusal.badRequest(-1102, "'recvWindow' contains unexpected value. Cannot be greater than 60000.");
    }
    if (timestamp > 10_000_000_000_000L) {
      timestamp /= 1000; // sent in microseconds
    }
    long now = clock.getAsLong();
    if (timestamp >= now + 1000) {
      throw Refusal.badRequest(-1021, "Timestamp for this request was 1000ms ahead of the server's time.");
    }
    if (BigDecimal.valueOf(now - timestamp).compareTo(recvWindow) > 0) {
      throw Refusal.badRequest(-1021, "Timestamp for this request is outside of the recvWindow.");
    }
  }

  /** The raw text minus its {@code signature=…} pair, wherever it sits. */
  static String withoutSignature(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    StringBuilder kept = new StringBuilder();
    for (String pair : raw.split("&", -1)) {
      if (!pair.startsWith("signature=")) {
        kept.append(kept.length() == 0 ? "" : "&").append(pair);
      }
    }
    return kept.toString();
  }
}
