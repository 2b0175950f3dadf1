package piker.backends.binance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Locale;
import java.util.Set;
import piker.backends.binance.trade.RequestSigner;
import piker.contracts.spi.Credentials;

/**
 * The signer for brokers.toml {@code [binance]}: {@code api_key}, and {@code api_secret} holding either the
 * HMAC-SHA256 secret or the path of an Ed25519 private key file (PKCS#8 PEM, as Binance's docs make them;
 * Binance recommends Ed25519). Every refusal names the file, table and field and never quotes a key or
 * secret (a key file's path is no secret and is named).
 */
final class BinanceKeys {
  static final String API_KEY = "api_key";
  static final String API_SECRET = "api_secret";
  private static final String WHERE = "brokers.toml [binance] ";
  private static final Set<PosixFilePermission> OPEN_TO_OTHERS = Set.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private BinanceKeys() {}

  /** The request signer; {@link IllegalArgumentException} says what is missing or wrong, quoting no value. */
  static RequestSigner signer(Credentials credentials, Path configDir) {
    String apiKey = credentials.get(API_KEY).strip();
    String secret = credentials.get(API_SECRET).strip();
    if (apiKey.isEmpty()) {
      throw new IllegalArgumentException(WHERE + "has no " + API_KEY);
    }
    if (secret.isEmpty()) {
      throw new IllegalArgumentException(WHERE + "has no " + API_SECRET + " (the HMAC-SHA256 secret, or the path "
          + "of an Ed25519 private key file)");
    }
    if (!isKeyFile(secret)) {
      return RequestSigner.hmac(apiKey, secret);
    }
    String pem = readKeyFile(keyFile(secret, configDir));
    try {
      return RequestSigner.ed25519Pem(apiKey, pem);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(WHERE + API_SECRET + " names a file that is not an unencrypted PKCS#8 PEM "
          + "Ed25519 private key (-----BEGIN PRIVATE KEY-----)");
    }
  }

  /**
   * A path, not an HMAC secret: Binance's HMAC secrets are letters and digits only, so anything absolute,
   * home- or dot-relative, or ending in .pem is taken for a key file.
   */
  static boolean isKeyFile(String secret) {
    return secret.startsWith("/") || secret.startsWith("~/") || secret.startsWith("./")
        || secret.toLowerCase(Locale.ROOT).endsWith(".pem");
  }

  /** {@code ~/} is the user's home; a relative path is relative to the config dir, beside brokers.toml. */
  static Path keyFile(String secret, Path configDir) {
    if (secret.startsWith("~/")) {
      return Path.of(System.getProperty("user.home")).resolve(secret.substring(2));
    }
    return configDir.resolve(secret);
  }

  private static String readKeyFile(Path file) {
    try {
      PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
      if (posix != null && posix.readAttributes().permissions().stream().anyMatch(OPEN_TO_OTHERS::contains)) {
        throw new IllegalArgumentException(WHERE + API_SECRET + " names a key file that group or others may read "
            + "or write: make it private to you (chmod 600 " + file + ")");
      }
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      // the kind of failure only: an I/O message is no place to risk file content
      throw new IllegalArgumentException(WHERE + API_SECRET + " names a key file that cannot be read: " + file
          + " (" + e.getClass().getSimpleName() + ")");
    }
  }
}
