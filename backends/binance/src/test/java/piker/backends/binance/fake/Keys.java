package piker.backends.binance.fake;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** API keys and the documented checks of a SIGNED request: key, HMAC-SHA256 signature, timestamp window. */
final class Keys {
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final LongSupplier clock;

  Keys(LongSupplier clock) {
    this.clock = clock;
  }

  void add(String apiKey, String secret) {
    secrets.put(apiKey, secret);
  }

  void remove(String apiKey) {
    secrets.remove(apiKey);
  }

  /**
   * REST: {@code X-MBX-APIKEY} known, signature = HMAC hex over the raw query string without its
   * signature parameter concatenated with the raw body (rest-api.md › HMAC Keys), then the timestamp.
   */
  void verifyRest(String apiKey, String rawQuery, String rawBody, Map<String, String> params) {
    String secret = secret(apiKey);
    String signature = params.get("signature");
    if (signature == null || signature.isEmpty()) {
      throw Refusal.mandatory("signature");
    }
    String payload = withoutSignature(rawQuery == null ? "" : rawQuery) + withoutSignature(rawBody);
    if (!Wire.hmacHex(secret, payload).equalsIgnoreCase(signature)) {
      throw invalidSignature();
    }
    verifyTimestamp(params.get("timestamp"), params.get("recvWindow"));
  }

  /**
   * WS API: the params except {@code signature}, sorted by name, {@code name=value} joined by {@code &},
   * not percent-encoded (web-socket-api.md › SIGNED request example).
   */
  void verifyWsApi(Map<String, String> params) {
    String secret = secret(params.get("apiKey"));
    String signature = params.get("signature");
    if (signature == null || signature.isEmpty()) {
      throw Refusal.mandatory("signature");
    }
    if (!Wire.hmacHex(secret, sortedPayload(params)).equalsIgnoreCase(signature)) {
      throw invalidSignature();
    }
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

  private String secret(String apiKey) {
    if (apiKey == null || apiKey.isEmpty()) {
      throw new Refusal(401, -2014, "API-key format invalid.");
    }
    String secret = secrets.get(apiKey);
    if (secret == null) {
      throw new Refusal(401, -2015, "Invalid API-key, IP, or permissions for action.");
    }
    return secret;
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
      throw Refusal.badRequest(-1131, "recvWindow must be less than 60000");
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
