package piker.backends.binance.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import piker.contracts.market.MktPair;

class ExchangeInfoTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The docs' exchangeInfo example (rest-api.md, Exchange information) with filters.md's filter examples. */
  static final String EXCHANGE_INFO = """
      {"timezone": "UTC", "serverTime": 1565246363776,
       "rateLimits": [{"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 6000},
                      {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": 50}],
       "exchangeFilters": [],
       "symbols": [
        {"symbol": "ETHBTC", "status": "TRADING", "baseAsset": "ETH", "baseAssetPrecision": 8, "quoteAsset": "BTC",
         "quotePrecision": 8, "quoteAssetPrecision": 8, "isSpotTradingAllowed": true, "isMarginTradingAllowed": true,
         "filters": [
          {"filterType": "PRICE_FILTER", "minPrice": "0.00000100", "maxPrice": "100000.00000000", "tickSize": "0.00000100"},
          {"filterType": "LOT_SIZE", "minQty": "0.00100000", "maxQty": "100000.00000000", "stepSize": "0.00100000"},
          {"filterType": "NOTIONAL", "minNotional": "10.00000000", "applyMinToMarket": false,
           "maxNotional": "10000.00000000", "applyMaxToMarket": false, "avgPriceMins": 5}],
         "permissions": [], "permissionSets": [["SPOT", "MARGIN"]]},
        {"symbol": "BNBBTC", "status": "TRADING", "baseAsset": "BNB", "baseAssetPrecision": 8, "quoteAsset": "BTC",
         "quoteAssetPrecision": 8, "filters": [
          {"filterType": "PRICE_FILTER", "minPrice": "0", "maxPrice": "0", "tickSize": "0.00000010"},
          {"filterType": "LOT_SIZE", "minQty": "0.01000000", "maxQty": "9000.00000000", "stepSize": "0.01000000"},
          {"filterType": "MIN_NOTIONAL", "minNotional": "0.00100000", "applyToMarket": true, "avgPriceMins": 5}],
         "permissions": [], "permissionSets": [["SPOT"]]},
        {"symbol": "LTCBTC", "status": "HALT", "baseAsset": "LTC", "quoteAsset": "BTC", "isSpotTradingAllowed": true,
         "filters": []},
        {"symbol": "XRPBTC", "status": "TRADING", "baseAsset": "XRP", "quoteAsset": "BTC", "isSpotTradingAllowed": false,
         "filters": []},
        {"symbol": "这是测试币456", "status": "TRADING", "baseAsset": "这是测试币", "quoteAsset": "456",
         "isSpotTradingAllowed": true, "filters": []}]}
      """;

  static JsonNode exchangeInfo() throws Exception {
    return JSON.readTree(EXCHANGE_INFO);
  }

  @Test
  void aTradingSpotSymbolIsAMarketWithItsFiltersExact() throws Exception {
    Map<String, BinanceMarket> markets = ExchangeInfo.markets(exchangeInfo());
    BinanceMarket ethbtc = markets.get("ETHBTC");
    MktPair pair = ethbtc.pair();
    assertEquals("ethbtc.spot.binance", pair.fqme().toString());
    assertEquals("ETHBTC", pair.bsMktid());
    assertEquals("eth", pair.dst().name());
    assertEquals("btc", pair.src().name());
    assertEquals(new BigDecimal("0.00000100"), pair.priceTick());
    assertEquals(new BigDecimal("0.00100000"), pair.sizeTick());
    assertEquals(new BigDecimal("0.00000001"), pair.dst().txTick());
    assertEquals("ethbtc.spot", ethbtc.bsFqme());
    assertEquals(new BigDecimal("10.00000000"), pair.minNotional());
    assertEquals(new BigDecimal("0.00100000"), pair.minSize(), "LOT_SIZE minQty");
    // NOTIONAL's bounds came along: 9.999 BTC is below minNotional 10, 10001 above maxNotional 10000
    assertTrue(ethbtc.filters().refusal(new BigDecimal("9.999"), BigDecimal.ONE).orElseThrow().message()
        .startsWith("Filter failure: NOTIONAL"));
    assertTrue(ethbtc.filters().refusal(new BigDecimal("10001"), BigDecimal.ONE).orElseThrow().message()
        .startsWith("Filter failure: NOTIONAL"));
    assertTrue(ethbtc.filters().refusal(new BigDecimal("10.000001"), BigDecimal.ONE).isEmpty());
  }

  @Test
  void minNotionalServesWhenThereIsNoNotionalAndZeroMeansNoRule() throws Exception {
    BinanceMarket bnbbtc = ExchangeInfo.markets(exchangeInfo()).get("BNBBTC");
    assertTrue(bnbbtc.filters().refusal(new BigDecimal("0.0000001"), new BigDecimal("0.01")).orElseThrow().message()
        .startsWith("Filter failure: MIN_NOTIONAL"));
    assertTrue(bnbbtc.filters().refusal(new BigDecimal("99999999"), new BigDecimal("0.01")).isEmpty(),
        "maxPrice 0: no upper bound");
    assertEquals(new BigDecimal("0.00000010"), bnbbtc.pair().priceTick());
    assertEquals(new BigDecimal("0.00100000"), bnbbtc.pair().minNotional());
  }

  @Test
  void haltedNonSpotAndNonAsciiSymbolsAreLeftOut() throws Exception {
    Map<String, BinanceMarket> markets = ExchangeInfo.markets(exchangeInfo());
    assertEquals(java.util.List.of("ETHBTC", "BNBBTC"), java.util.List.copyOf(markets.keySet()));
    assertFalse(markets.containsKey("LTCBTC"));
  }

  @Test
  void theTradeSideFindsAHaltedSymbolWithTheSameReadingAndTheAccountsFee() throws Exception {
    BinanceMarket ltcbtc = ExchangeInfo.find(exchangeInfo(), "LTCBTC").orElseThrow();
    assertFalse(ltcbtc.trading(), "halted: known, not trading");
    assertTrue(ExchangeInfo.find(exchangeInfo(), "XRPBTC").isEmpty(), "not spot");
    assertTrue(ExchangeInfo.find(exchangeInfo(), "NOSUCH").isEmpty());
    BinanceMarket ethbtc = ExchangeInfo.find(exchangeInfo(), "ETHBTC").orElseThrow();
    assertTrue(ethbtc.trading());
    assertEquals(ExchangeInfo.markets(exchangeInfo()).get("ETHBTC").pair(), ethbtc.pair(), "one reading for both sides");
    MktPair own = ethbtc.withFees(new BigDecimal("0.00075"), new BigDecimal("0.0006")).pair();
    assertEquals(new BigDecimal("0.00075"), own.takerFee());
    assertEquals(new BigDecimal("0.0006"), own.makerFee());
    assertEquals(new BigDecimal("10.00000000"), own.minNotional());
    assertEquals(new BigDecimal("0.00000001"), own.src().txTick());
    assertEquals(ethbtc.pair().priceTick(), own.priceTick());
  }

  @Test
  void theRequestWeightLimitIsRead() throws Exception {
    assertEquals(6000, ExchangeInfo.weightPerMinute(exchangeInfo()).getAsInt());
  }
}
