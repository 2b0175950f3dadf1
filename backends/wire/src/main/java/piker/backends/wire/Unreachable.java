package piker.backends.wire;

import java.time.Duration;

/**
 * Why a request to a venue never got an answer, in words a user can act on: the JDK's own exceptions here
 * mostly carry no message ({@code ConnectException} with none, a timeout named by its class).
 */
public final class Unreachable {
  private Unreachable() {}

  /** "host not found", "no answer within N s", "cannot connect", else the root cause's message. */
  public static String why(Throwable error, Duration timeout) {
    Throwable root = error;
    for (Throwable cause = error; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
      if (cause instanceof java.nio.channels.UnresolvedAddressException || cause instanceof java.net.UnknownHostException) {
        return "host not found";
      }
      if (cause instanceof java.net.http.HttpTimeoutException) {
        return "no answer within " + timeout.toSeconds() + " s";
      }
      root = cause;
    }
    if (error instanceof java.net.ConnectException || error.getCause() instanceof java.net.ConnectException) {
      return "cannot connect";
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
