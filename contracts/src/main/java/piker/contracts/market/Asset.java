package piker.contracts.market;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A tradable asset: a currency, a coin, an index future's underlying.
 *
 * @param name   lower-case symbol, e.g. {@code btc}, {@code usdt}
 * @param atype  asset type, e.g. {@code crypto}, {@code fiat}, {@code future}
 * @param txTick the smallest transferable amount, exact
 */
public record Asset(String name, String atype, BigDecimal txTick) {
  public Asset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(atype, "atype");
    Ticks.requirePositive(txTick, "txTick");
  }
}
