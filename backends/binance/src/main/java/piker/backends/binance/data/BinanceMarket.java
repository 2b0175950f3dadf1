package piker.backends.binance.data;

import java.math.BigDecimal;
import piker.contracts.market.MktPair;

/**
 * One Binance spot symbol: its {@link MktPair} and the filters an order is checked against before it is
 * sent (docs/venues/binance.md 6.2), all exact decimals as Binance wrote them; a zero is a disabled rule.
 *
 * @param symbol      Binance's symbol, {@code BTCUSDT} (also the pair's bs_mktid)
 * @param minNotional NOTIONAL's or MIN_NOTIONAL's minNotional; zero when the symbol has neither
 * @param maxNotional NOTIONAL's maxNotional; zero when absent (no upper bound)
 */
public record BinanceMarket(String symbol, MktPair pair, BigDecimal minPrice, BigDecimal maxPrice,
                            BigDecimal tickSize, BigDecimal minQty, BigDecimal maxQty, BigDecimal stepSize,
                            BigDecimal minNotional, BigDecimal maxNotional) {

  /** The backend's own key, {@code btcusdt.spot}: what search ranks and mktInfo is asked by. */
  public String bsFqme() {
    return pair.fqme().bsFqme();
  }
}
