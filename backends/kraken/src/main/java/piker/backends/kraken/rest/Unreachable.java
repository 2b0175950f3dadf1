package piker.backends.kraken.rest;

import java.time.Duration;

/** Why a request never got an answer, in words: the JDK's own exceptions here mostly carry no message. */
final class Unreachable {
  private Unreachable() {}

  static String why(Throwable error, Duration timeout) {
    Throwable root = error;
    for (Throwable cause = error; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
      if (cause instanceof java.nio.channels.UnresolvedAddressException || cause instanceof java.net.UnknownHostException) {
        return "host not found";
      }
      if (cause instanceof java.net.http.HttpTimeoutException) {
        return "no answer within " + timeout.toSeconds() + " s";
      }
      if (cause instanceof java.net.ConnectException) {
        return "cannot connect";
      }
      root = cause;
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
