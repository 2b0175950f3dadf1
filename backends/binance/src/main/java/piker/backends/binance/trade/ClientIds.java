package piker.backends.binance.trade;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our client ids ↔ Binance's {@code newClientOrderId} (docs/venues/binance.md 13.4). Ours are an oid (up to 64
 * characters of {@code [A-Za-z0-9._:-]}) or {@code oid~n} for its n-th replacement; Binance takes at most 36
 * characters of {@code [A-Za-z0-9_-]}. The base is the oid itself when it is short and has no {@code _};
 * for a random UUID in its canonical form (what the CLI makes) {@code _} and its 122 random bits in 21
 * base64url characters, which any instance turns back (so a restarted brokerd still knows its orders, their
 * replacements and fills); else {@code _} and 28 characters of its SHA-256 in base64url. A replacement adds
 * {@code _n} and a cancel, which renames the order at Binance, adds {@code _x}. Deterministic, so
 * reconciliation after a restart asks by the id computed from the oid; hashed bases are remembered here to
 * read events back. Bases have fixed lengths (UUID 22, so its ids are at most 28 characters; hashed 29, so
 * its ids are at least 29), which keeps parsing unambiguous.
 */
public final class ClientIds {
  static final int MAX_LENGTH = 36;
  static final int MAX_REPLACEMENT = 999;
  private static final int HASH_CHARS = 28;
  private static final int UUID_CHARS = 21;
  private static final Pattern UUID_SHAPE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  private static final char OUR_REPLACEMENT = '~';
  private static final String CANCEL = "_x";
  private static final Pattern DIRECT = Pattern.compile("[A-Za-z0-9-]{1," + HASH_CHARS + "}");
  private static final Pattern VENUE = Pattern.compile(
      "(_[A-Za-z0-9_-]{" + HASH_CHARS + "}|_[A-Za-z0-9_-]{" + UUID_CHARS + "}|[A-Za-z0-9-]{1," + HASH_CHARS + "})"
          + "(?:_([1-9][0-9]{0,2}))?(_x)?");

  /** A Binance client id read back: the base, which replacement (0 for the first placement), and whether it names a cancel. */
  public record VenueId(String base, int replacement, boolean cancel) {
    public boolean hashed() {
      return base.length() == 1 + HASH_CHARS && base.startsWith("_");
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
      String oid = id.hashed() ? oidByHashedBase.get(id.base())
          : id.base().startsWith("_") ? uuidOf(id.base()) : id.base();
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
    if (UUID_SHAPE.matcher(oid).matches()) {
      return uuidBase(UUID.fromString(oid));
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(oid.getBytes(StandardCharsets.UTF_8));
      return "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * {@code _} and a random UUID's 122 random bits (its version nibble and variant bits are always 4 and
   * {@code 10}) in 21 base64url characters: 126 bits, the last 4 zero.
   */
  private static String uuidBase(UUID uuid) {
    long msb = uuid.getMostSignificantBits();
    long random60 = (msb >>> 16) << 12 | (msb & 0xFFF);
    long random62 = uuid.getLeastSignificantBits() & ~(3L << 62);
    byte[] bits = ByteBuffer.allocate(16).putLong(random60 << 4 | random62 >>> 58).putLong(random62 << 6).array();
    return "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bits).substring(0, UUID_CHARS);
  }

  /** The UUID oid a 22-character base was made from; null when the base cannot be one. */
  private static String uuidOf(String base) {
    byte[] bits;
    try {
      bits = Base64.getUrlDecoder().decode(base.substring(1) + "A");
    } catch (IllegalArgumentException e) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bits);
    long high = buffer.getLong();
    long low = buffer.getLong();
    if ((low & 0x3F) != 0) {
      return null; // bits past the 122 are always zero in ids we made
    }
    long random60 = high >>> 4;
    long random62 = (high & 0xF) << 58 | low >>> 6;
    long msb = (random60 >>> 12) << 16 | 4L << 12 | (random60 & 0xFFF);
    return new UUID(msb, random62 | 1L << 63).toString();
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
