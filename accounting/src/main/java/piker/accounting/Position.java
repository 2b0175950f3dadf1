package piker.accounting;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import piker.contracts.names.Fqme;

/**
 * An open position of one account in one market, as computed by {@link Positions}.
 *
 * @param account   the account name, e.g. {@code sim.paper}
 * @param fqme      the market
 * @param size      signed size: positive long, negative short
 * @param avgPrice  size-weighted price of the fills that grew the position
 * @param breakEven {@code avgPrice + fees / size}: the price at which closing loses nothing
 * @param fees      costs paid since the position last opened from flat
 * @param bsMktid   the venue's own market id, as the position's latest clear spells it
 * @param clears    the fills since the position last opened from flat, in application order
 */
public record Position(String account, Fqme fqme, BigDecimal size, BigDecimal avgPrice, BigDecimal breakEven,
    BigDecimal fees, String bsMktid, List<Clear> clears) {
  public Position {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(fqme, "fqme");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(avgPrice, "avgPrice");
    Objects.requireNonNull(breakEven, "breakEven");
    Objects.requireNonNull(fees, "fees");
    Text.requireClean(bsMktid, "position bs_mktid");
    size = Decimals.nonNegativeScale(size);
    avgPrice = Decimals.nonNegativeScale(avgPrice);
    breakEven = Decimals.nonNegativeScale(breakEven);
    fees = Decimals.nonNegativeScale(fees);
    clears = List.copyOf(clears);
  }

  public boolean isOpen() {
    return size.signum() != 0;
  }
}
