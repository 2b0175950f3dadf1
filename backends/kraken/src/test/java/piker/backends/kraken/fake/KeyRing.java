package piker.backends.kraken.fake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fake's API keys (docs/venues/kraken.md 5): each private call must carry a known {@code API-Key}, an
 * {@code API-Sign} equal to {@code base64(HMAC-SHA512(base64decode(secret), path + SHA256(nonce + body)))} over the
 * body bytes received, and a {@code nonce} above the last one accepted for the key (no nonce window), checked in
 * that order and refused with the documented strings. Its own HMAC, not the client's, so a signing bug shows.
 * Secrets are never logged or printed.
 */
final class KeyRing {
  /** One key: its decoded secret, its account, the last nonce accepted. */
  static final class Key {
    final byte[] secret;
    final Account account;
    /** The API password its private calls must carry as {@code otp} (2FA on the key's API), or null. */
    volatile String otp;
    long lastNonce;

    Key(byte[] secret, Account account) {
      this.secret = secret;
      this.account = account;
    }

    @Override
    public String toString() {
      return "Key[***]";
    }
  }

  private final Map<String, Key> keys = new ConcurrentHashMap<>();
  final AtomicLong signatureFailures = new AtomicLong();
  final AtomicLong nonceFailures = new AtomicLong();
  final AtomicLong keyFailures = new AtomicLong();

  void add(String apiKey, String base64Secret, Account account) {
    keys.put(apiKey, new Key(Base64.getDecoder().decode(base64Secret), account));
  }

  /** The account a signed private call acts for; a {@link Refusal} with Kraken's string when it may not. */
  Account verify(String path, String apiKey, String apiSign, String body) {
    return verify(path, apiKey, apiSign, body, false);
  }

  /** As above, the body read as JSON when {@code json} (its Content-Type said so), else as a form. */
  Account verify(String path, String apiKey, String apiSign, String body, boolean json) {
    Key key = apiKey == null ? null : keys.get(apiKey);
    if (key == null) {
      keyFailures.incrementAndGet();
      throw new Refusal("EAPI:Invalid key");
    }
    String nonceText = nonce(body, json);
    if (nonceText == null || apiSign == null || !MessageDigest.isEqual(sign(key.secret, path, nonceText, body),
        apiSign.getBytes(StandardCharsets.US_ASCII))) {
      signatureFailures.incrementAndGet();
      throw new Refusal(nonceText == null ? "EAPI:Invalid nonce" : "EAPI:Invalid signature");
    }
    String otp = key.otp;
    if (otp != null && !otp.equals(json ? null : PublicRoutes.params(body).get("otp"))) {
      keyFailures.incrementAndGet();
      throw new Refusal("EGeneral:Permission denied"); // the key's 2FA password missing or wrong
    }
    long nonce;
    try {
      nonce = Long.parseUnsignedLong(nonceText);
    } catch (NumberFormatException e) {
      nonceFailures.incrementAndGet();
      throw new Refusal("EAPI:Invalid nonce");
    }
    synchronized (key) {
      if (Long.compareUnsigned(nonce, key.lastNonce) <= 0) {
        nonceFailures.incrementAndGet();
        throw new Refusal("EAPI:Invalid nonce");
      }
      key.lastNonce = nonce;
    }
    return key.account;
  }

  /** Turns on 2FA for a key's API: its private calls must carry {@code otp} equal to {@code password}. */
  void requireOtp(String apiKey, String password) {
    keys.get(apiKey).otp = password;
  }

  /** Forgets a key, as deleting it in Kraken's account settings would: its calls answer {@code EAPI:Invalid key}. */
  void revoke(String apiKey) {
    keys.remove(apiKey);
  }

  /** The account of a key the fake knows; IllegalArgumentException otherwise (a test's mistake). */
  Account account(String apiKey) {
    Key key = keys.get(apiKey);
    if (key == null) {
      throw new IllegalArgumentException("the fake has no such key");
    }
    return key.account;
  }

  /** Every account a key trades. */
  java.util.Collection<Account> accounts() {
    return keys.values().stream().map(key -> key.account).distinct().toList();
  }

  /** Raises a key's last accepted nonce, as another process using the key would. */
  void nonceSeen(String apiKey, long nonce) {
    Key key = keys.get(apiKey);
    synchronized (key) {
      key.lastNonce = Math.max(key.lastNonce, nonce);
    }
  }

  /** The {@code nonce} of a form body ({@code nonce=...&...}) or, when {@code json}, a JSON one ({@code "nonce": 123}). */
  static String nonce(String body, boolean json) {
    if (json) {
      java.util.regex.Matcher match = java.util.regex.Pattern.compile("\"nonce\"\\s*:\\s*\"?(\\d+)").matcher(body);
      return match.find() ? match.group(1) : null;
    }
    return PublicRoutes.params(body).get("nonce");
  }

  static byte[] sign(byte[] secret, String path, String nonce, String body) {
    try {
      byte[] inner = MessageDigest.getInstance("SHA-256").digest((nonce + body).getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA512");
      mac.init(new SecretKeySpec(secret, "HmacSHA512"));
      mac.update(path.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encode(mac.doFinal(inner));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has SHA-256 and HmacSHA512", e);
    }
  }
}
