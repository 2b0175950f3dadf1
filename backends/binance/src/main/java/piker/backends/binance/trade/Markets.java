package piker.backends.binance.trade;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import piker.backends.binance.exchange.BinanceMarket;
import piker.backends.binance.exchange.ExchangeInfo;
import piker.contracts.market.MktPair;

/**
 * The symbols the trade client touches, from {@code GET /api/v3/exchangeInfo?symbol=X} (weight 20, docs 4.3)
 * once per symbol, read by {@link ExchangeInfo} as the data side reads them: its filters for checks before
 * sending, and its {@link MktPair} with the account's taker rate. A halted symbol is still known (its orders
 * may be looked up); a failed lookup is forgotten so the next order asks again.
 */
final class Markets {
  /** One symbol's rules. */
  record Market(MktPair pair, Filters filters) {}

  private final BinanceRest rest;
  private final Map<String, CompletableFuture<Market>> bySymbol = new ConcurrentHashMap<>();
  private volatile BigDecimal takerFee = ExchangeInfo.STANDARD_TAKER_FEE;
  private volatile BigDecimal makerFee = ExchangeInfo.STANDARD_MAKER_FEE;

  Markets(BinanceRest rest) {
    this.rest = rest;
  }

  /** The account's rates ({@code account.commissionRates}), for the pairs read after them. */
  void fees(BigDecimal taker, BigDecimal maker) {
    takerFee = taker;
    makerFee = maker;
  }

  CompletableFuture<Market> market(String symbol) {
    CompletableFuture<Market> market = bySymbol.computeIfAbsent(symbol, s ->
        rest.get("/api/v3/exchangeInfo", List.of(Map.entry("symbol", s))).thenApply(info -> read(s, info)));
    market.whenComplete((ok, error) -> {
      if (error != null) {
        bySymbol.remove(symbol, market);
      }
    });
    return market;
  }

  private Market read(String symbol, JsonNode info) {
    BinanceMarket market = ExchangeInfo.find(info, symbol).orElseThrow(() ->
        new BinanceRest.Failure(new ErrorKinds.Rejected("-1121", "Invalid symbol."))).withFees(takerFee, makerFee);
    return new Market(market.pair(), market.filters());
  }
}
