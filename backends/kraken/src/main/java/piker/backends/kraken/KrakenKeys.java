package piker.backends.kraken;

import piker.backends.kraken.rest.RequestSigner;
import piker.contracts.spi.Credentials;

/**
 * The signer for brokers.toml {@code [kraken]}: {@code api_key} (the {@code API-Key} header) and {@code api_secret},
 * the base64 private key as Kraken issues it (brokerd lets {@code PIKER_KRAKEN_API_KEY} / {@code PIKER_KRAKEN_API_SECRET}
 * override either). Every refusal names the file, table and field and never quotes a value.
 */
final class KrakenKeys {
  static final String API_KEY = "api_key";
  static final String API_SECRET = "api_secret";
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
      return RequestSigner.of(apiKey, secret);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(WHERE + e.getMessage());
    }
  }
}
