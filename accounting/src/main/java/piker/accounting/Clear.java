package piker.accounting;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import piker.contracts.names.Fqme;

/**
 * One fill as the ledger records it (etype {@code "clear"}). Decimals keep their scale ({@code 60000.10}
 * stays two places) except that a negative scale is widened to 0, so that plain-text files round-trip.
 *
 * @param tid     the broker's trade id, unique per account: the ledger and the position math dedup by it
 * @param fqme    the market
 * @param size    signed fill size: positive buys, negative sells, never zero
 * @param price   fill price, {@code >= 0}
 * @param cost    fee paid for this fill, {@code >= 0}
 * @param dt      when the fill happened
 * @param bsMktid the backend's own market id
 */
public record Clear(String tid, Fqme fqme, BigDecimal size, BigDecimal price, BigDecimal cost, Instant dt,
    String bsMktid) {
  public static final String ETYPE = "clear";

  public Clear {
    Text.requireNonBlank(tid, "clear tid");
    Objects.requireNonNull(fqme, () -> "clear " + tid + ": fqme is missing");
    requireDecimal(tid, size, "size");
    requireDecimal(tid, price, "price");
    requireDecimal(tid, cost, "cost");
    Objects.requireNonNull(dt, () -> "clear " + tid + ": dt is missing");
    Text.requireClean(bsMktid, "clear " + tid + ": bs_mktid");
    size = Decimals.nonNegativeScale(size);
    price = Decimals.nonNegativeScale(price);
    cost = Decimals.nonNegativeScale(cost);
    if (size.signum() == 0) {
      throw new IllegalArgumentException("clear " + tid + ": size must not be zero");
    }
    if (price.signum() < 0) {
      throw new IllegalArgumentException("clear " + tid + ": price " + price.toPlainString() + " is negative");
    }
    if (cost.signum() < 0) {
      throw new IllegalArgumentException("clear " + tid + ": cost " + cost.toPlainString() + " is negative");
    }
  }

  private static void requireDecimal(String tid, BigDecimal value, String what) {
    if (value == null) {
      throw new IllegalArgumentException("clear " + tid + ": " + what + " is missing");
    }
  }
}
