package piker.backends.binance.trade;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs Binance requests (docs/venues/binance.md 5 and 9.3) with an HMAC-SHA256 secret or an Ed25519
 * private key. REST signs the percent-encoded query string (plus body) exactly as it is sent, as required
 * since 2026-01-15; the WebSocket API signs its params sorted by name, raw UTF-8. The key never appears in
 * {@link #toString()}: a signer may end up in a log line, the secret must not.
 */
public final class RequestSigner {
  /** Binance's default and largest {@code recvWindow}, in milliseconds (`rest-api.md › Timing security`). */
  public static final long DEFAULT_RECV_WINDOW_MS = 5000;
  public static final long MAX_RECV_WINDOW_MS = 60000;

  private final String apiKey;
  private final byte[] hmacSecret;
  private final PrivateKey ed25519Key;
  private final long recvWindowMs;

  private RequestSigner(String apiKey, byte[] hmacSecret, PrivateKey ed25519Key, long recvWindowMs) {
    if (apiKey == null || apiKey.isEmpty()) {
      throw new IllegalArgumentException("a Binance API key is required");
    }
    if (recvWindowMs < 1 || recvWindowMs > MAX_RECV_WINDOW_MS) {
      throw new IllegalArgumentException("recvWindow must be 1.." + MAX_RECV_WINDOW_MS + " ms, not " + recvWindowMs);
    }
    this.apiKey = apiKey;
    this.hmacSecret = hmacSecret;
    this.ed25519Key = ed25519Key;
    this.recvWindowMs = recvWindowMs;
  }

  public static RequestSigner hmac(String apiKey, String secretKey) {
    if (secretKey == null || secretKey.isEmpty()) {
      throw new IllegalArgumentException("a Binance HMAC secret key is required");
    }
    return new RequestSigner(apiKey, secretKey.getBytes(StandardCharsets.UTF_8), null, DEFAULT_RECV_WINDOW_MS);
  }

  public static RequestSigner ed25519(String apiKey, PrivateKey key) {
    if (!(key instanceof EdECPrivateKey edKey) || !"Ed25519".equalsIgnoreCase(edKey.getParams().getName())) {
      throw new IllegalArgumentException("an Ed25519 private key is required");
    }
    return new RequestSigner(apiKey, null, key, DEFAULT_RECV_WINDOW_MS);
  }

  /** An Ed25519 signer from a PKCS#8 PEM private key ({@code -----BEGIN PRIVATE KEY-----}), as Binance's docs make them. */
  public static RequestSigner ed25519Pem(String apiKey, String pem) {
    String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
        .replaceAll("\\s", "");
    try {
      PrivateKey key = KeyFactory.getInstance("Ed25519")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      return ed25519(apiKey, key);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // The message of a key parser may quote key bytes; say only what is wrong.
      throw new IllegalArgumentException("not a PKCS#8 PEM Ed25519 private key");
    }
  }

  /** The same key with another {@code recvWindow} (1..60000 ms). */
  public RequestSigner withRecvWindow(long recvWindowMs) {
    return new RequestSigner(apiKey, hmacSecret, ed25519Key, recvWindowMs);
  }

  public String apiKey() {
    return apiKey;
  }

  public long recvWindowMs() {
    return recvWindowMs;
  }

  public boolean isEd25519() {
    return ed25519Key != null;
  }

  /**
   * A REST query string, signed: the params in their order, then {@code recvWindow} and {@code timestamp},
   * percent-encoded, then {@code signature} last. Send it exactly as returned (URL query or form body).
   */
  public String signedQuery(List<Map.Entry<String, ?>> params, long timestampMs) {
    StringBuilder query = new StringBuilder(encode(params));
    query.append(query.length() == 0 ? "" : "&").append("recvWindow=").append(recvWindowMs)
        .append("&timestamp=").append(timestampMs);
    return query + "&signature=" + restSignature(query.toString(), "");
  }

  /**
   * The REST signature of an already percent-encoded query string and body (the payload is the two
   * concatenated without separator), ready for the URL: HMAC hex, or Ed25519 base64 percent-encoded.
   */
  public String restSignature(String encodedQuery, String encodedBody) {
    String payload = encodedQuery + (encodedBody == null ? "" : encodedBody);
    return hmacSecret != null ? sign(payload) : percentEncode(sign(payload));
  }

  /**
   * WebSocket API params, signed: the given ones plus {@code apiKey}, {@code recvWindow}, {@code timestamp}
   * and {@code signature}, in a fresh map for the request's {@code params} object.
   */
  public Map<String, Object> signedWsParams(Map<String, ?> params, long timestampMs) {
    Map<String, Object> signed = new LinkedHashMap<>(params);
    signed.put("apiKey", apiKey);
    signed.put("recvWindow", recvWindowMs);
    signed.put("timestamp", timestampMs);
    signed.put("signature", wsSignature(signed));
    return signed;
  }

  /**
   * The WebSocket API signature of params: every one but {@code signature}, sorted by name, as
   * {@code name=value} joined by {@code &}, UTF-8 and not percent-encoded; HMAC hex or Ed25519 base64.
   */
  public String wsSignature(Map<String, ?> params) {
    Map<String, Object> sorted = new TreeMap<>(params);
    sorted.remove("signature");
    StringBuilder payload = new StringBuilder();
    sorted.forEach((name, value) -> payload.append(payload.length() == 0 ? "" : "&")
        .append(name).append('=').append(text(value)));
    return sign(payload.toString());
  }

  /** The signature of a payload as Binance prints it: HMAC-SHA256 hex, or Ed25519 base64 (not URL-encoded). */
  public String sign(String payload) {
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    try {
      if (hmacSecret != null) {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(hmacSecret, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(bytes));
      }
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(ed25519Key);
      signature.update(bytes);
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot sign with " + (hmacSecret != null ? "HmacSHA256" : "Ed25519"), e);
    }
  }

  /** {@code name=value} pairs joined by {@code &}, each name and value percent-encoded. */
  public static String encode(List<Map.Entry<String, ?>> params) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, ?> param : params) {
      out.append(out.length() == 0 ? "" : "&").append(percentEncode(param.getKey())).append('=')
          .append(percentEncode(text(param.getValue())));
    }
    return out.toString();
  }

  /** RFC 3986 percent-encoding of UTF-8 bytes: {@code [A-Za-z0-9-_.~]} stay, the rest become {@code %XX}. */
  public static String percentEncode(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-_.~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** A parameter as text: decimals plain (never {@code 1E-8}), everything else as it prints. */
  private static String text(Object value) {
    return value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
  }

  @Override
  public String toString() {
    return "RequestSigner[" + (hmacSecret != null ? "HMAC-SHA256" : "Ed25519") + ", apiKey="
        + (apiKey.length() > 8 ? apiKey.substring(0, 4) + "…" : "…") + ", key = ***, recvWindow=" + recvWindowMs + "]";
  }
}
