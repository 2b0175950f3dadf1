package piker.backends.kraken;

import piker.backends.kraken.rest.RequestSigner;
import piker.contracts.spi.Credentials;

/**
 * The signer for brokers.toml {@code [kraken]}: {@code api_key} (the {@code API-Key} header), {@code api_secret},
 * the base64 private key as Kraken issues it, and {@code api_otp}, the API password of a key with 2FA on its API
 * (brokerd lets {@code PIKER_KRAKEN_API_KEY} override the key, and {@code PIKER_KRAKEN_<FIELD>} any other field the
 * table has). Every refusal names the file, table and field and never quotes a value.
 */
final class KrakenKeys {
  static final String API_KEY = "api_key";
  static final String API_SECRET = "api_secret";
  /** The API password of a key with 2FA on its API; empty or absent for a key without. */
  static final String API_OTP = "api_otp";
  private static final String WHERE = "brokers.toml [kraken] ";

  private KrakenKeys() {}

  /** The request signer; {@link IllegalArgumentException} says what is missing or wrong, quoting no value. */
  static RequestSigner signer(Credentials credentials) {
    String apiKey = credentials.get(API_KEY).strip();
    String secret = credentials.get(API_SECRET).strip();
    if (apiKey.isEmpty()) {
      throw new IllegalArgumentException(WHERE + "has no " + API_KEY);
    }
    if (secret.isEmpty()) {
      throw new IllegalArgumentException(WHERE + "has no " + API_SECRET + " (the base64 private key Kraken issued)");
    }
    try {
      return RequestSigner.of(apiKey, secret).withOtp(credentials.get(API_OTP));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(WHERE + e.getMessage());
    }
  }
}
