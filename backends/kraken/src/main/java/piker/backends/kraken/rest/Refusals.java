package piker.backends.kraken.rest;

import java.util.Set;
import piker.contracts.ErrorKind;
import piker.contracts.RemoteError;

/**
 * What a Kraken error string means for the private side (docs/venues/kraken.md 3): each becomes a
 * {@link RemoteError} as {@link KrakenErrors} types it; a few kinds change what the client does next.
 */
public final class Refusals {
  public static final String SOURCE = "kraken";
  /** Refusals of the key, its permissions or our signature: retrying cannot help (and repeats lock the key out). */
  private static final Set<String> KEY_REFUSED = Set.of("EAPI:Invalid key", "EAPI:Invalid signature",
      "EGeneral:Permission denied", "EGeneral:Temporary lockout", "EAuth:Account temporary disabled",
      "EAuth:Account unconfirmed");
  /** The engine may have acted: an order is in doubt, looked up, never resent. */
  private static final Set<String> IN_DOUBT = Set.of("EService:Unavailable", "EService:Busy",
      "EGeneral:Internal error", "EService:Deadline elapsed");
  private static final Set<String> RATE_LIMITED = Set.of("EAPI:Rate limit exceeded", "EGeneral:Too many requests",
      "EAuth:Rate limit exceeded", "EAuth:Too many requests");
  public static final String INVALID_NONCE = "EAPI:Invalid nonce";
  /**
   * The matching engine's per-pair order limit ("Each client has a rate counter per pair … When the rate counter
   * threshold is reached, the engine will generate EOrder:Rate limit exceeded rejection message."): the order is
   * rejected, not in doubt, and no wait is named, so it is never retried for the caller.
   */
  public static final String ORDER_RATE_LIMIT = "EOrder:Rate limit exceeded";

  private Refusals() {}

  /** The error for callers: Kraken's type and its whole string, whatever request it answered. */
  public static RemoteError error(String error) {
    return error(null, error);
  }

  /**
   * As above, for an answer to {@code method}: the per-pair limit refuses cancels and amends too, so only a refused
   * {@code add_order} is said not to be placed; any other request did nothing (a live order stays live).
   */
  public static RemoteError error(String method, String error) {
    if (ORDER_RATE_LIMIT.equals(KrakenErrors.type(error))) {
      // Kraken's type kept (none of the SPI's in-doubt kinds): brokerd takes it as a definite rejection
      String outcome = "add_order".equals(method) ? "the order was not placed"
          : "the request was not carried out" + (method == null ? "" : " (" + method + ")");
      return RemoteError.of(ORDER_RATE_LIMIT, "kraken refused the request: its per-pair order rate limit was reached, "
          + outcome + "; send orders and cancels less often on this pair (" + error + ")", SOURCE);
    }
    return KrakenErrors.of(error, SOURCE);
  }

  public static boolean refusesTheKey(String type) {
    return KEY_REFUSED.contains(type) || type.startsWith("EAuth:") && !RATE_LIMITED.contains(type);
  }

  public static boolean inDoubt(String type) {
    return IN_DOUBT.contains(type) || ErrorKind.VENUE_TIMEOUT.wire().equals(type)
        || ErrorKind.VENUE_DISCONNECTED.wire().equals(type);
  }

  static boolean rateLimited(String type) {
    return RATE_LIMITED.contains(type) || KrakenErrors.THROTTLED.equals(type);
  }

  /** A key refusal as the SPI's {@code InvalidKey} (brokerd and emsd stop for it), in Kraken's words. */
  public static RemoteError invalidKey(RemoteError refused) {
    return ErrorKind.INVALID_KEY.error("kraken refused the api key (" + refused.message() + ")", SOURCE);
  }

}
