package piker.backends.binance.exchange;

import java.math.BigDecimal;
import piker.backends.binance.trade.Filters;
import piker.contracts.market.MktPair;

/**
 * One Binance spot symbol: its {@link MktPair} and the filters an order is checked against before it is
 * sent (docs/venues/binance.md 6.2), read from the same exchangeInfo entry.
 *
 * @param symbol  Binance's symbol, {@code BTCUSDT} (also the pair's bs_mktid)
 * @param filters PRICE_FILTER, LOT_SIZE and NOTIONAL or MIN_NOTIONAL, exact
 * @param trading {@code status} TRADING: orders are accepted now (a halted symbol still has its orders)
 */
public record BinanceMarket(String symbol, MktPair pair, Filters filters, boolean trading) {

  /** The same market with the account's own taker and maker rates instead of the standard ones. */
  public BinanceMarket withFees(BigDecimal takerFee, BigDecimal makerFee) {
    return new BinanceMarket(symbol, pair.withFees(takerFee, makerFee), filters, trading);
  }

  /** The backend's own key, {@code btcusdt.spot}: what search ranks and mktInfo is asked by. */
  public String bsFqme() {
    return pair.fqme().bsFqme();
  }
}
