package piker.contracts.daemon;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import piker.contracts.PikerSerializable;
import piker.contracts.RemoteError;

/**
 * What every client request carries: the config dir's cookie (proof that the user may read it) and
 * the protocol version the client speaks. Printed masked: the cookie never reaches a log line.
 */
public record Hello(String cookie, int protocolVersion) implements PikerSerializable {

  /** The wire protocol version of this build; bump it on any incompatible contracts change. */
  public static final int PROTOCOL_VERSION = 3;

  public static Hello of(String cookie) {
    return new Hello(cookie, PROTOCOL_VERSION);
  }

  /**
   * Checks this hello against the daemon's cookie; empty when accepted, otherwise the refusal. The
   * version is checked first so that an old client learns to upgrade rather than that it is unknown.
   */
  public Optional<RemoteError> verify(String expectedCookie, String source) {
    if (protocolVersion != PROTOCOL_VERSION) {
      return Optional.of(RemoteError.of("ProtocolVersionMismatch",
          "client speaks protocol v" + protocolVersion + " but pikerd speaks v" + PROTOCOL_VERSION
              + ": use the same piker version for both", source));
    }
    byte[] given = cookie == null ? new byte[0] : cookie.getBytes(StandardCharsets.UTF_8);
    byte[] expected = expectedCookie.getBytes(StandardCharsets.UTF_8);
    if (expected.length == 0 || !MessageDigest.isEqual(given, expected)) {
      return Optional.of(RemoteError.of("Unauthorized",
          "wrong or missing cookie: only users who can read this pikerd's <config-dir>/cookie may use it",
          source));
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "Hello[cookie=***, protocolVersion=" + protocolVersion + "]";
  }
}
