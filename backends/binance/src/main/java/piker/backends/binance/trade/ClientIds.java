package piker.backends.binance.trade;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our client ids ↔ Binance's {@code newClientOrderId} (docs/venues/binance.md 13.4). Ours are an oid (up to 64
 * characters of {@code [A-Za-z0-9._:-]}) or {@code oid~n} for its n-th replacement; Binance takes at most 36
 * characters of {@code [A-Za-z0-9_-]}. The base is the oid itself when it is short and has no {@code _},
 * else {@code _} and 28 characters of its SHA-256 in base64url; a replacement adds {@code _n} and a cancel,
 * which renames the order at Binance, adds {@code _x}. Deterministic, so reconciliation after a restart
 * asks by the id computed from the oid; hashed bases are remembered here to read events back.
 */
public final class ClientIds {
  static final int MAX_LENGTH = 36;
  static final int MAX_REPLACEMENT = 999;
  private static final int HASH_CHARS = 28;
  private static final char OUR_REPLACEMENT = '~';
  private static final String CANCEL = "_x";
  private static final Pattern DIRECT = Pattern.compile("[A-Za-z0-9-]{1," + HASH_CHARS + "}");
  private static final Pattern VENUE = Pattern.compile(
      "(_[A-Za-z0-9_-]{" + HASH_CHARS + "}|[A-Za-z0-9-]{1," + HASH_CHARS + "})(?:_([1-9][0-9]{0,2}))?(_x)?");

  /** A Binance client id read back: the base, which replacement (0 for the first placement), and whether it names a cancel. */
  public record VenueId(String base, int replacement, boolean cancel) {
    public boolean hashed() {
      return base.startsWith("_");
    }

    /** The id of the order itself: without the cancel's {@code _x}. */
    public String orderId() {
      return base + (replacement == 0 ? "" : "_" + replacement);
    }
  }

  private final Map<String, String> oidByHashedBase = new ConcurrentHashMap<>();

  /** The {@code newClientOrderId} to place our client id ({@code oid} or {@code oid~n}) with. */
  public String venueId(String ourClientId) {
    if (ourClientId == null || ourClientId.isEmpty()) {
      throw new IllegalArgumentException("a client id is required");
    }
    int replacement = replacementOf(ourClientId);
    String oid = replacement == 0 ? ourClientId : ourClientId.substring(0, ourClientId.lastIndexOf(OUR_REPLACEMENT));
    if (replacement > MAX_REPLACEMENT) {
      throw new IllegalArgumentException("Binance client ids have room for " + MAX_REPLACEMENT
          + " replacements; " + ourClientId + " is replacement " + replacement);
    }
    String base = base(oid);
    if (base.startsWith("_")) {
      oidByHashedBase.putIfAbsent(base, oid);
    }
    return base + (replacement == 0 ? "" : "_" + replacement);
  }

  /** The {@code newClientOrderId} of a cancel of the order placed with {@code venueId}: the order is renamed to it. */
  public static String cancelId(String venueId) {
    return venueId + CANCEL;
  }

  /**
   * Our client id for a Binance client id (an order's or its cancel's); empty when it is not one we made
   * (Binance's own, or a hashed base this process has not computed: call {@link #venueId} for the oids
   * you expect first).
   */
  public Optional<String> ourId(String venueId) {
    return parse(venueId).flatMap(id -> {
      String oid = id.hashed() ? oidByHashedBase.get(id.base()) : id.base();
      return Optional.ofNullable(oid).map(o -> id.replacement() == 0 ? o : o + OUR_REPLACEMENT + id.replacement());
    });
  }

  /** A Binance client id's parts; empty when it cannot be one of ours. */
  public static Optional<VenueId> parse(String venueId) {
    if (venueId == null || venueId.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    Matcher match = VENUE.matcher(venueId);
    if (!match.matches()) {
      return Optional.empty();
    }
    int replacement = match.group(2) == null ? 0 : Integer.parseInt(match.group(2));
    return Optional.of(new VenueId(match.group(1), replacement, match.group(3) != null));
  }

  /** The base for an oid: itself when Binance can carry it unchanged and unmistakably, else its hash. */
  static String base(String oid) {
    if (DIRECT.matcher(oid).matches()) {
      return oid;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(oid.getBytes(StandardCharsets.UTF_8));
      return "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** n for {@code oid~n} (n ≥ 1), else 0: anything else with a {@code ~} is hashed whole, like any odd oid. */
  private static int replacementOf(String clientId) {
    int at = clientId.lastIndexOf(OUR_REPLACEMENT);
    String digits = at < 0 ? "" : clientId.substring(at + 1);
    if (at <= 0 || digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)
        || digits.charAt(0) == '0') {
      return 0;
    }
    return Integer.parseInt(digits);
  }
}
