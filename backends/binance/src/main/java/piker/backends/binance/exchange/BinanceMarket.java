package piker.backends.binance.data;

import piker.backends.binance.trade.Filters;
import piker.contracts.market.MktPair;

/**
 * One Binance spot symbol: its {@link MktPair} and the filters an order is checked against before it is
 * sent (docs/venues/binance.md 6.2), read from the same exchangeInfo entry.
 *
 * @param symbol  Binance's symbol, {@code BTCUSDT} (also the pair's bs_mktid)
 * @param filters PRICE_FILTER, LOT_SIZE and NOTIONAL or MIN_NOTIONAL, exact
 */
public record BinanceMarket(String symbol, MktPair pair, Filters filters) {

  /** The backend's own key, {@code btcusdt.spot}: what search ranks and mktInfo is asked by. */
  public String bsFqme() {
    return pair.fqme().bsFqme();
  }
}
