package piker.backends.kraken.fake;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fake's top of book per pair (by AssetPairs key): what the driver sets, what the public {@code ticker}
 * channel shows, and what the account side's matching reads to decide whether an order crosses.
 */
public final class Book {
  /** Best bid and ask with their quantities; either side may be absent (null) before the driver sets it. */
  public record Top(BigDecimal bid, BigDecimal bidQty, BigDecimal ask, BigDecimal askQty) {}

  private final Map<String, Top> tops = new ConcurrentHashMap<>();

  /** The top of {@code key}'s book, if the driver set one. */
  public Optional<Top> top(String key) {
    return Optional.ofNullable(tops.get(key));
  }

  void set(String key, Top top) {
    tops.put(key, top);
  }
}
