package piker.backends.kraken.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import piker.backends.kraken.rest.Envelope;
import piker.contracts.market.MktPair;

/** AssetPairs read into pairs and found by every spelling (docs/venues/kraken.md 6.2, 7; BRIEF17 fqme). */
class AssetPairsTest {
  /** Entries rebuilt from the documented schema (the docs show no whole example): strings for decimals. */
  static final String RESULT = """
      {"XXBTZUSD":{"altname":"XBTUSD","wsname":"XBT/USD","aclass_base":"currency","base":"XXBT",
        "aclass_quote":"currency","quote":"ZUSD","lot":"unit","cost_decimals":5,"pair_decimals":1,"lot_decimals":8,
        "lot_multiplier":1,"leverage_buy":[2,3],"leverage_sell":[2,3],"fees":[[0,0.40],[10000,0.35]],
        "fees_maker":[[0,0.25],[10000,0.20]],"fee_volume_currency":"ZUSD","margin_call":80,"margin_stop":40,
        "ordermin":"0.0001","costmin":"0.5","tick_size":"0.1","status":"online"},
       "XETHXXBT":{"altname":"ETHXBT","wsname":"ETH/XBT","aclass_base":"currency","base":"XETH",
        "aclass_quote":"currency","quote":"XXBT","lot":"unit","cost_decimals":10,"pair_decimals":5,"lot_decimals":8,
        "lot_multiplier":1,"fees":[[0,0.26]],"ordermin":"0.002","costmin":"0.00002","tick_size":"0.00001",
        "status":"online"},
       "XDGUSD":{"altname":"XDGUSD","wsname":"XDG/USD","base":"XXDG","quote":"ZUSD","pair_decimals":7,
        "lot_decimals":8,"ordermin":"20","costmin":"0.5","tick_size":"0.0000001","status":"cancel_only"},
       "LUNAUSD":{"altname":"LUNAUSD","wsname":"LUNA/USD","base":"LUNA","quote":"ZUSD","pair_decimals":5,
        "lot_decimals":8,"ordermin":"50","status":"delisted"},
       "XBTUSD.d":{"altname":"XBTUSD.d","base":"XXBT","quote":"ZUSD","pair_decimals":1,"lot_decimals":8}}
      """;

  private static Map<String, KrakenPair> pairs() throws Exception {
    return AssetPairs.read(Envelope.JSON.readTree(RESULT));
  }

  @Test
  void aPairHasItsExactTicksMinimumsAndKeyAsMarketId() throws Exception {
    KrakenPair btc = pairs().get("XXBTZUSD");
    MktPair pair = btc.pair();
    assertEquals("btcusd.spot.kraken", pair.fqme().toString());
    assertEquals("BTC/USD", btc.symbol(), "the WS v2 symbol");
    assertEquals("XXBTZUSD", pair.bsMktid(), "REST's key is the market id");
    assertEquals(new BigDecimal("0.1"), pair.priceTick());
    assertEquals(new BigDecimal("1E-8"), pair.sizeTick());
    assertEquals(new BigDecimal("0.5"), pair.minNotional());
    assertEquals(new BigDecimal("0.0001"), btc.ordermin());
    assertEquals(new BigDecimal("0.0001"), pair.minSize(), "ordermin");
    assertEquals(new BigDecimal("0.0040"), pair.takerFee(), "fees[0] is 0.40 %");
    assertEquals(new BigDecimal("0.0025"), pair.makerFee(), "fees_maker[0] is 0.25 %");
    assertEquals("btc", pair.dst().name());
    assertEquals("usd", pair.src().name());
    assertEquals("XXBT", btc.base());
    assertTrue(btc.online());
  }

  @Test
  void legacyAssetNamesBecomeTheV2Names() throws Exception {
    Map<String, KrakenPair> pairs = pairs();
    assertEquals("ETH/BTC", pairs.get("XETHXXBT").symbol());
    assertEquals("ethbtc.spot", pairs.get("XETHXXBT").bsFqme());
    assertEquals(new BigDecimal("0.00001"), pairs.get("XETHXXBT").pair().priceTick());
    assertEquals(new BigDecimal("0.0026"), pairs.get("XETHXXBT").pair().makerFee(), "no fees_maker: as the taker");
    assertEquals("DOGE/USD", pairs.get("XDGUSD").symbol());
    assertFalse(pairs.get("XDGUSD").online(), "cancel_only takes no new orders");
    assertTrue(pairs.get("XDGUSD").listed());
  }

  @Test
  void aDelistedPairIsKnownButNotListedAndOneWithoutWsNameIsSkipped() throws Exception {
    Map<String, KrakenPair> pairs = pairs();
    assertFalse(pairs.get("LUNAUSD").listed());
    assertEquals(BigDecimal.ONE.movePointLeft(5), pairs.get("LUNAUSD").pair().priceTick(),
        "no tick_size: 10^-pair_decimals");
    assertFalse(pairs.containsKey("XBTUSD.d"), "a dark-pool entry has no websocket name: not a market here");
  }

  @Test
  void aCanonicalNameNeverGivesWayToAnotherPairsAliasWhateverTheListingsOrder() throws Exception {
    // a pair listed first whose altname is another pair's canonical name (v2 BTC/USD is btcusd)
    String clash = """
        {"XYZ":{"altname":"BTCUSD","wsname":"XYZ/USD","base":"XYZ","quote":"ZUSD","pair_decimals":2,
          "lot_decimals":8,"ordermin":"1","costmin":"0.5","tick_size":"0.01","status":"online"},
        """ + RESULT.strip().substring(1);
    KrakenMarkets markets = new KrakenMarkets(AssetPairs.read(Envelope.JSON.readTree(clash)));
    assertEquals("XXBTZUSD", markets.find("btcusd.spot").orElseThrow().key(), "the canonical name wins");
    assertEquals("XYZ", markets.find("xyzusd.spot").orElseThrow().key());
  }

  @Test
  void everySpellingFindsTheSameMarket() throws Exception {
    KrakenMarkets markets = new KrakenMarkets(pairs());
    for (String spelling : new String[] {"btcusd.spot", "btcusd.spot.kraken", "xbtusd.spot", "XBTUSD",
        "BTC/USD", "xbt/usd", "XXBTZUSD", "btcusd"}) {
      assertEquals("XXBTZUSD", markets.find(spelling).orElseThrow(() -> new AssertionError(spelling)).key(), spelling);
    }
    assertTrue(markets.find("btcusdt.spot").isEmpty());
    assertEquals("XETHXXBT", markets.bySymbol("ETH/BTC").orElseThrow().key());
    assertEquals("XETHXXBT", markets.byKey("XETHXXBT").orElseThrow().key());
  }
}
