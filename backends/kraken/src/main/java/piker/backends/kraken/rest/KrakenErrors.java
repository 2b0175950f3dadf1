package piker.backends.kraken.rest;

import piker.contracts.RemoteError;

/**
 * Kraken's error strings as {@link RemoteError}s (BRIEF17, docs/venues/kraken.md 3): the type is the string
 * up to its second colon ({@code EGeneral:Invalid arguments}, {@code EAPI:Rate limit exceeded}), the message the
 * whole string as Kraken sent it ({@code EGeneral:Invalid arguments:volume}). WS v2's {@code error} text of a
 * {@code success:false} reply maps the same way.
 */
public final class KrakenErrors {
  public static final String RATE_LIMIT = "EAPI:Rate limit exceeded";
  /** {@code EService: Throttled: <unix seconds>}: too many concurrent requests, try again after the time. */
  public static final String THROTTLED = "EService:Throttled";
  public static final String UNKNOWN_PAIR = "EQuery:Unknown asset pair";
  public static final String UNREACHABLE = "KrakenUnreachable";

  private KrakenErrors() {}

  public static RemoteError of(String error, String source) {
    return RemoteError.of(type(error), error, source);
  }

  /** The string up to its second colon, spaces around the parts dropped ({@code EService: Throttled: 1}). */
  public static String type(String error) {
    String[] parts = error.split(":", 3);
    if (parts.length < 2) {
      return error.strip();
    }
    return parts[0].strip() + ":" + parts[1].strip();
  }

  /** The unix second an {@code EService: Throttled: <ts>} names, or -1. */
  public static long throttledUntil(String error) {
    String[] parts = error.split(":", 3);
    if (parts.length < 3 || !type(error).equals(THROTTLED)) {
      return -1;
    }
    try {
      return Long.parseLong(parts[2].strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
