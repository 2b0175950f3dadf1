package piker.backends.kraken.trade;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Our client ids ↔ Kraken's {@code cl_ord_id} (docs/venues/kraken.md 9.6, 13.4). Kraken takes a long UUID (36
 * characters with dashes), a short UUID (32 hex digits) or free text (its length and alphabet are not in the
 * docs we read; the FIX pages cap free-text ids at 18 characters). So we always send a long UUID: our id itself
 * when it is one (what {@code piker order} makes, lower case), else a UUID made from the SHA-256 of our id (its
 * first 16 bytes with the version 4 and variant bits set). Deterministic, so a restarted brokerd recomputes the
 * id it placed an order with and finds it; hashed ids are remembered here to read events back.
 */
public final class ClientIds {
  private static final Pattern LONG_UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** Ids made here, most recently used last; bounded (ids of refused or long-ended orders age out). */
  static final int REMEMBERED = 50_000;
  private final Map<String, String> oidByVenueId = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > REMEMBERED;
        }
      });

  /** The {@code cl_ord_id} to place our client id with. */
  public String venueId(String clientId) {
    if (clientId == null || clientId.isEmpty()) {
      throw new IllegalArgumentException("a client id is required");
    }
    String venueId = LONG_UUID.matcher(clientId).matches() ? clientId : hashed(clientId);
    oidByVenueId.putIfAbsent(venueId, clientId);
    return venueId;
  }

  /**
   * Our client id for a {@code cl_ord_id}: the one it was made from when this process made it (or it is ours
   * unchanged), else the {@code cl_ord_id} itself (an order placed elsewhere); null for null.
   */
  public String ourId(String clOrdId) {
    return clOrdId == null ? null : oidByVenueId.getOrDefault(clOrdId, clOrdId);
  }

  /** Forgets a {@code cl_ord_id} whose order ended long ago (recomputed from our id if ever asked again). */
  void forget(String clOrdId) {
    oidByVenueId.remove(clOrdId);
  }

  static String hashed(String clientId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(clientId.getBytes(StandardCharsets.UTF_8));
      digest[6] = (byte) (digest[6] & 0x0f | 0x40);
      digest[8] = (byte) (digest[8] & 0x3f | 0x80);
      ByteBuffer bits = ByteBuffer.wrap(digest, 0, 16);
      return new UUID(bits.getLong(), bits.getLong()).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
