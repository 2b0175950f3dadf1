package piker.brokerd.account;

/**
 * The client ids brokerd places venue orders with: the emsd oid for an order's first venue order and
 * {@code oid~n} for its n-th replacement (a modify is a cancel and a replace). The venue refuses a
 * duplicate client id, so a placement can never happen twice, and after any restart an order is found
 * at the venue by its oid alone. {@code ~} is outside the oid alphabet, so the mapping is one to one.
 */
final class ClientIds {
  private static final char REPLACEMENT = '~';

  private ClientIds() {}

  static String of(String oid, int replacement) {
    return replacement == 0 ? oid : oid + REPLACEMENT + replacement;
  }

  /** The oid a client id was made from; null for an id brokerd did not make (or none at all). */
  static String oidOf(String clientId) {
    if (clientId == null || clientId.isEmpty()) {
      return null;
    }
    int at = clientId.indexOf(REPLACEMENT);
    if (at < 0) {
      return clientId;
    }
    return replacementOf(clientId) > 0 ? clientId.substring(0, at) : null;
  }

  /** Which replacement a client id names: 0 for the first placement, -1 when it is not one of ours. */
  static int replacementOf(String clientId) {
    int at = clientId == null ? -1 : clientId.indexOf(REPLACEMENT);
    if (at < 0) {
      return 0;
    }
    try {
      int n = Integer.parseInt(clientId.substring(at + 1));
      return n > 0 ? n : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
