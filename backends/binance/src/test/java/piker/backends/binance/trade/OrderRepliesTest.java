package piker.backends.binance.trade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piker.backends.binance.trade.FiltersTest.d;
import static piker.backends.binance.trade.FiltersTest.json;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderState;
import piker.contracts.spi.TradeClient.VenuePosition;

/** The docs' example payloads (docs/venues/binance.md 6.5-6.11, 9.5, 14) read into the SPI's types. */
class OrderRepliesTest {
  static final String FULL = """
      {"symbol": "BTCUSDT", "orderId": 28, "orderListId": -1, "clientOrderId": "6gCrw2kRUAF9CvJDGP16IP", "transactTime": 1507725176595,
       "price": "0.00000000", "origQty": "10.00000000", "executedQty": "10.00000000", "origQuoteOrderQty": "0.000000",
       "cummulativeQuoteQty": "10.00000000", "status": "FILLED", "timeInForce": "GTC", "type": "MARKET", "side": "SELL",
       "workingTime": 1507725176595, "selfTradePreventionMode": "NONE",
       "fills": [
         {"price": "4000.00000000", "qty": "1.00000000", "commission": "4.00000000", "commissionAsset": "USDT", "tradeId": 56},
         {"price": "3999.00000000", "qty": "5.00000000", "commission": "19.99500000", "commissionAsset": "USDT", "tradeId": 57},
         {"price": "3998.00000000", "qty": "2.00000000", "commission": "7.99600000", "commissionAsset": "USDT", "tradeId": 58},
         {"price": "3997.00000000", "qty": "1.00000000", "commission": "3.99700000", "commissionAsset": "USDT", "tradeId": 59},
         {"price": "3995.00000000", "qty": "1.00000000", "commission": "3.99500000", "commissionAsset": "USDT", "tradeId": 60}]}""";
  static final String QUERY = """
      {"symbol": "LTCBTC", "orderId": 1, "orderListId": -1, "clientOrderId": "myOrder1", "price": "0.1", "origQty": "1.0",
       "executedQty": "0.0", "cummulativeQuoteQty": "0.0", "status": "NEW", "timeInForce": "GTC", "type": "LIMIT", "side": "BUY",
       "stopPrice": "0.0", "icebergQty": "0.0", "time": 1499827319559, "updateTime": 1499827319559, "isWorking": true,
       "workingTime": 1499827319559, "origQuoteOrderQty": "0.000000", "selfTradePreventionMode": "NONE"}""";
  static final String EXECUTION_REPORT = """
      {"subscriptionId": 0, "event": {"e": "executionReport", "E": 1499405658658, "s": "ETHBTC", "c": "mUvoqJxFIILMdfAW5iGSOW",
       "S": "BUY", "o": "LIMIT", "f": "GTC", "q": "1.00000000", "p": "0.10264410", "P": "0.00000000", "F": "0.00000000",
       "g": -1, "C": "", "x": "NEW", "X": "NEW", "r": "NONE", "i": 4293153, "l": "0.00000000", "z": "0.00000000",
       "L": "0.00000000", "n": "0", "N": null, "T": 1499405658657, "t": -1, "v": 3, "I": 8641984, "w": true, "m": false,
       "M": false, "O": 1499405658657, "Z": "0.00000000", "Y": "0.00000000", "Q": "0.00000000", "W": 1499405658657, "V": "NONE"}}""";

  final ClientIds ids = new ClientIds();
  final OrderReplies replies = new OrderReplies(ids);

  @Test
  void aFullPlacementGivesTheOrderAndEveryFillExactly() {
    OrderState order = replies.order(json(FULL));
    assertEquals(new OrderState("BTCUSDT:28", "6gCrw2kRUAF9CvJDGP16IP", "btcusdt.spot", "sell", d("0.00000000"),
        d("10.00000000"), d("10.00000000"), d("0E-8"), OrderState.FILLED, 1507725176595L * 1_000_000), order);
    List<NormTrade> fills = replies.fills(json(FULL));
    assertEquals(5, fills.size());
    assertEquals(new NormTrade("BTCUSDT:57", "BTCUSDT:28", "6gCrw2kRUAF9CvJDGP16IP", "btcusdt.spot", "BTCUSDT", "sell",
        d("3999.00000000"), d("5.00000000"), d("19.99500000"), 1507725176595L * 1_000_000), fills.get(1));
    assertEquals(List.of("BTCUSDT:56", "BTCUSDT:57", "BTCUSDT:58", "BTCUSDT:59", "BTCUSDT:60"),
        fills.stream().map(NormTrade::tradeId).toList());
    assertEquals(0, d("10").compareTo(fills.stream().map(NormTrade::size).reduce(d("0"), java.math.BigDecimal::add)));
  }

  @Test
  void ourClientIdsComeBackAsWePlacedThem() {
    String venueId = ids.venueId("5f0c7a4e-4a8f-4a52-9d0b-1b2c3d4e5f60~2");
    String reply = json(FULL).toString().replace("6gCrw2kRUAF9CvJDGP16IP", venueId);
    assertEquals("5f0c7a4e-4a8f-4a52-9d0b-1b2c3d4e5f60~2", replies.order(json(reply)).clientId());
    assertEquals("5f0c7a4e-4a8f-4a52-9d0b-1b2c3d4e5f60~2", replies.fills(json(reply)).get(0).clientId());
  }

  @Test
  void aRestingOrderIsOpenWithItsRemainder() {
    OrderState order = replies.order(json(QUERY));
    assertEquals("LTCBTC:1", order.orderId());
    assertEquals("myOrder1", order.clientId());
    assertEquals("ltcbtc.spot", order.bsFqme());
    assertEquals("buy", order.side());
    assertEquals(d("0.1"), order.price());
    assertEquals(d("1.0"), order.remaining());
    assertTrue(order.isOpen());
    assertEquals(1499827319559L * 1_000_000, order.timeNs());
    assertEquals(List.of(order, order), replies.orders(json("[" + QUERY + "," + QUERY + "]")));
  }

  @Test
  void aCancelAnswerNamesTheOrderByItsOriginalId() {
    String cancel = """
        {"symbol": "BTCUSDT", "origClientOrderId": "4d96324ff9d44481926157", "orderId": 12569099453, "orderListId": -1,
         "clientOrderId": "91fe37ce9e69c90d6358c0", "transactTime": 1684804350068, "price": "23416.10000000",
         "origQty": "0.00847000", "executedQty": "0.00001000", "origQuoteOrderQty": "0.000000",
         "cummulativeQuoteQty": "0.23416100", "status": "CANCELED", "timeInForce": "GTC", "type": "LIMIT", "side": "SELL",
         "selfTradePreventionMode": "NONE"}""";
    OrderState order = replies.order(json(cancel));
    assertEquals("BTCUSDT:12569099453", order.orderId());
    assertEquals("4d96324ff9d44481926157", order.clientId());
    assertEquals(OrderState.CANCELED, order.status());
    assertEquals(d("0.00846000"), order.remaining());
    assertEquals(1684804350068L * 1_000_000, order.timeNs());
  }

  @Test
  void everyBinanceStatusMapsToOneOfOurThree() {
    for (String open : List.of("NEW", "PARTIALLY_FILLED", "PENDING_NEW", "PENDING_CANCEL")) {
      assertEquals(OrderState.OPEN, OrderReplies.status(open), open);
    }
    assertEquals(OrderState.FILLED, OrderReplies.status("FILLED"));
    for (String ended : List.of("CANCELED", "EXPIRED", "EXPIRED_IN_MATCH", "REJECTED")) {
      assertEquals(OrderState.CANCELED, OrderReplies.status(ended), ended);
    }
    assertThrows(IllegalArgumentException.class, () -> OrderReplies.status("PARTIALLY_CANCELED"));
  }

  @Test
  void myTradesAreKeyedBySymbolAndTradeId() {
    NormTrade trade = replies.myTrades(json("""
        [{"symbol": "BNBBTC", "id": 28457, "orderId": 100234, "orderListId": -1, "price": "4.00000100", "qty": "12.00000000",
          "quoteQty": "48.000012", "commission": "10.10000000", "commissionAsset": "BNB", "time": 1499865549590,
          "isBuyer": true, "isMaker": false, "isBestMatch": true}]""")).get(0);
    // the docs' example pays its fee in BNB, the base asset: converted to BTC at the fill's price for the cost, and
    // the base-asset fee, so the position grows by what the balance did (12 less 10.1)
    assertEquals(new NormTrade("BNBBTC:28457", "BNBBTC:100234", null, "bnbbtc.spot", "BNBBTC", "buy", d("4.00000100"),
        d("12.00000000"), d("40.4000101000000000"), 1499865549590L * 1_000_000, d("10.10000000")), trade);
  }

  @Test
  void aFeeIsInTheQuoteAssetConvertedFromTheBaseAndLeftOutWhenPaidInAThirdAsset() {
    com.fasterxml.jackson.databind.node.JsonNodeFactory nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    assertEquals(0, d("4").compareTo(OrderReplies.feeInQuote("BTCUSDT", d("40000"), d("4"), nodes.textNode("USDT"))));
    assertEquals(0, d("40").compareTo(OrderReplies.feeInQuote("BTCUSDT", d("40000"), d("0.001"), nodes.textNode("BTC"))));
    assertEquals(0, BigDecimal.ZERO.compareTo(OrderReplies.feeInQuote("BTCUSDT", d("40000"), d("0.0075"),
        nodes.textNode("BNB"))), "BNB has no price here: left out, not counted as USDT");
    assertEquals(0, BigDecimal.ZERO.compareTo(OrderReplies.feeInQuote("BTCUSDT", d("40000"), d("0"),
        nodes.nullNode())), "no fee yet (an execution report's N is null)");
  }

  @Test
  void aFeeTakenInTheBaseAssetIsAlsoTheTradesBaseFeeAndNoOtherIs() {
    com.fasterxml.jackson.databind.node.JsonNodeFactory nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    assertEquals(0, d("0.00001").compareTo(OrderReplies.feeInBase("BTCUSDT", d("0.01"), d("0.00001"),
        nodes.textNode("BTC"))), "a buy's commission in the asset bought");
    assertEquals(0, BigDecimal.ZERO.compareTo(OrderReplies.feeInBase("BTCUSDT", d("0.01"), d("0.4"),
        nodes.textNode("USDT"))), "in the quote");
    assertEquals(0, BigDecimal.ZERO.compareTo(OrderReplies.feeInBase("BTCUSDT", d("0.01"), d("0.0075"),
        nodes.textNode("BNB"))), "in a third asset");
    assertEquals(0, BigDecimal.ZERO.compareTo(OrderReplies.feeInBase("BTCUSDT", d("0.01"), d("0.01"),
        nodes.textNode("BTC"))), "as large as the trade: no fee of this kind");
    // an execution report of a buy whose commission n is in BTC (N)
    String report = """
        {"e": "executionReport", "E": 1499405658658, "s": "BTCUSDT", "c": "buy-1", "S": "BUY", "o": "LIMIT",
         "f": "GTC", "q": "0.01000000", "p": "40000.00", "P": "0.00000000", "F": "0.00000000", "g": -1,
         "C": "", "x": "TRADE", "X": "FILLED", "r": "NONE", "i": 4293153, "l": "0.01000000", "z": "0.01000000",
         "L": "40000.00", "n": "0.00001000", "N": "BTC", "T": 1499405658657, "t": 77, "I": 8641984, "w": false,
         "m": false, "M": false, "O": 1499405658657, "Z": "400.00000000", "Y": "400.00000000", "Q": "0.00000000",
         "W": 1499405658657, "V": "NONE"}""";
    NormTrade fill = replies.execution(json(report)).fill().orElseThrow();
    assertEquals(0, d("0.00001").compareTo(fill.baseFee()), fill.toString());
    assertEquals(0, d("0.4").compareTo(fill.fee()), "its cost in the quote: " + fill);
    assertEquals(0, d("0.01").compareTo(fill.size()), "the order traded 0.01: " + fill);
  }

  @Test
  void aNewExecutionReportIsAnOpenOrderWithoutAFill() {
    OrderReplies.Execution execution = replies.execution(json(EXECUTION_REPORT));
    assertEquals(new OrderState("ETHBTC:4293153", "mUvoqJxFIILMdfAW5iGSOW", "ethbtc.spot", "buy", d("0.10264410"),
        d("1.00000000"), d("0.00000000"), d("1.00000000"), OrderState.OPEN, 1499405658657L * 1_000_000), execution.order());
    assertTrue(execution.fill().isEmpty());
    assertEquals("ETHBTC:4293153:8641984", execution.updateKey());
  }

  @Test
  void aTradeExecutionReportCarriesItsFillAndFee() {
    String trade = EXECUTION_REPORT.replace("\"x\": \"NEW\", \"X\": \"NEW\"", "\"x\": \"TRADE\", \"X\": \"PARTIALLY_FILLED\"")
        .replace("\"l\": \"0.00000000\", \"z\": \"0.00000000\"", "\"l\": \"0.40000000\", \"z\": \"0.40000000\"")
        .replace("\"L\": \"0.00000000\", \"n\": \"0\", \"N\": null", "\"L\": \"0.10264400\", \"n\": \"0.00004106\", \"N\": \"BTC\"")
        .replace("\"t\": -1", "\"t\": 7788").replace("\"I\": 8641984", "\"I\": 8641990");
    OrderReplies.Execution execution = replies.execution(json(trade));
    assertEquals(OrderState.OPEN, execution.order().status());
    assertEquals(d("0.60000000"), execution.order().remaining());
    assertEquals(new NormTrade("ETHBTC:7788", "ETHBTC:4293153", "mUvoqJxFIILMdfAW5iGSOW", "ethbtc.spot", "ETHBTC", "buy",
        d("0.10264400"), d("0.40000000"), d("0.00004106"), 1499405658657L * 1_000_000), execution.fill().orElseThrow());
    assertEquals("ETHBTC:4293153:8641990", execution.updateKey());
  }

  @Test
  void aCancelExecutionReportNamesTheOrderNotTheCancel() {
    String placed = ids.venueId("ord-7~3");
    String cancel = EXECUTION_REPORT.replace("\"c\": \"mUvoqJxFIILMdfAW5iGSOW\"", "\"c\": \"" + ClientIds.cancelId(placed) + "\"")
        .replace("\"C\": \"\"", "\"C\": \"" + placed + "\"").replace("\"x\": \"NEW\", \"X\": \"NEW\"",
            "\"x\": \"CANCELED\", \"X\": \"CANCELED\"");
    assertEquals("ord-7~3", replies.execution(json(cancel)).order().clientId());
    assertEquals(OrderState.CANCELED, replies.execution(json(cancel)).order().status());
  }

  @Test
  void otherEventsAreNotExecutionReports() {
    assertThrows(IllegalArgumentException.class, () -> replies.execution(json(
        "{\"subscriptionId\": 0, \"event\": {\"e\": \"balanceUpdate\", \"E\": 1573200697110, \"a\": \"BTC\"}}")));
    assertThrows(IllegalArgumentException.class, () -> replies.execution(json(EXECUTION_REPORT.replace("\"i\": 4293153",
        "\"i\": \"4293153\""))), "an order id must be a number");
  }

  @Test
  void balancesFromTheAccountAndFromEvents() {
    List<OrderReplies.Balance> account = OrderReplies.balances(json("""
        {"makerCommission": 15, "canTrade": true, "accountType": "SPOT",
         "balances": [{"asset": "BTC", "free": "4723846.89208129", "locked": "0.00000000"},
                      {"asset": "LTC", "free": "4763368.68006011", "locked": "1.50000000"}], "permissions": ["SPOT"]}"""));
    // each market asked gets its base asset's whole balance (free + locked); one the account lacks, zero
    assertEquals(List.of(new VenuePosition("btceur.spot", d("4723846.89208129"), "btc"),
            new VenuePosition("btcusdt.spot", d("4723846.89208129"), "btc"),
            new VenuePosition("ethusdt.spot", BigDecimal.ZERO, "eth"),
            new VenuePosition("ltcbtc.spot", d("4763370.18006011"), "ltc")),
        OrderReplies.positions(account, Map.of("ltcbtc.spot", "LTC", "btcusdt.spot", "btc", "btceur.spot", "btc",
            "ethusdt.spot", "eth")));
    assertEquals(new OrderReplies.Balance("BTC", d("4723846.89208129"), d("0.00000000")), account.get(0));
    List<OrderReplies.Balance> event = OrderReplies.accountPosition(json("""
        {"subscriptionId": 0, "event": {"e": "outboundAccountPosition", "E": 1564034571105, "u": 1564034571073,
         "B": [{"a": "ETH", "f": "10000.000000", "l": "0.000000"}]}}"""));
    assertEquals(List.of(new OrderReplies.Balance("ETH", d("10000.000000"), d("0.000000"))), event);
  }

  @Test
  void venueOrderIdsAndMarketsRoundTrip() {
    assertEquals(new OrderReplies.VenueOrderId("BTCUSDT", 28), OrderReplies.VenueOrderId.parse("BTCUSDT:28"));
    assertThrows(IllegalArgumentException.class, () -> OrderReplies.VenueOrderId.parse("28"));
    assertThrows(IllegalArgumentException.class, () -> OrderReplies.VenueOrderId.parse("BTCUSDT:x"));
    assertEquals("BTCUSDT", OrderReplies.symbol(OrderReplies.bsFqme("BTCUSDT")));
    assertEquals(List.of(), replies.myTrades(json("[]")));
  }
}
