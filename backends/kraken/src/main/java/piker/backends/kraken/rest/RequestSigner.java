package piker.backends.kraken.rest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kraken's private REST signature (docs/venues/kraken.md 5, from {@code docs.kraken.com/exchange/guides/rest/authentication}):
 * {@code API-Sign = base64(HMAC-SHA512(base64decode(secret), path + SHA256(nonce + postData)))}, where the path is
 * the part from {@code /0/private} and the post data is the exact body sent, nonce included. Holds the key and
 * the decoded secret; neither ever appears in its {@link #toString()} or in an exception.
 */
public final class RequestSigner {
  private final String apiKey;
  private final SecretKeySpec secret;
  /** The key's API password ({@code otp}), for a key with two-factor authentication on its API; "" when none. */
  private final String otp;

  private RequestSigner(String apiKey, SecretKeySpec secret, String otp) {
    this.apiKey = apiKey;
    this.secret = secret;
    this.otp = otp;
  }

  /**
   * A signer for a key and its base64 private key as Kraken issues it; {@link IllegalArgumentException} when
   * the secret is not base64 (the message names the field, never the value).
   */
  public static RequestSigner of(String apiKey, String base64Secret) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(base64Secret.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("api_secret is not base64 (Kraken issues the private key in base64)");
    }
    if (decoded.length == 0) {
      throw new IllegalArgumentException("api_secret is empty once base64-decoded");
    }
    return new RequestSigner(apiKey, new SecretKeySpec(decoded, "HmacSHA512"), "");
  }

  /**
   * This signer for a key with 2FA on its API: every private call carries {@code otp} ("one-time-password and is
   * only required if additional 2FA is configured for API", docs.kraken.com's REST authentication guide), signed
   * with the rest of the body. A static password: a time-based code cannot be kept in a file.
   */
  public RequestSigner withOtp(String password) {
    return new RequestSigner(apiKey, secret, password == null || password.isBlank() ? "" : password);
  }

  /** The {@code otp} a private call's body carries; "" when the key has none. */
  public String otp() {
    return otp;
  }

  /** The {@code API-Key} header. */
  public String apiKey() {
    return apiKey;
  }

  /** The {@code API-Sign} header for a body sent to {@code path} ({@code /0/private/AddOrder}) with {@code nonce}. */
  public String sign(String path, long nonce, String postData) {
    try {
      byte[] inner = MessageDigest.getInstance("SHA-256")
          .digest((nonce + postData).getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA512");
      mac.init(secret);
      mac.update(path.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(mac.doFinal(inner));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has SHA-256 and HmacSHA512 (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public String toString() {
    return "RequestSigner[***]";
  }
}
