package piker.backends.kraken.trade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.backends.kraken.rest.Envelope;
import piker.contracts.spi.TradeClient.OrderState;

/** The executions channel read with the docs' own example (docs/venues/kraken.md 14, F11) and the items it implies. */
class ExecutionsTest {
  /** docs.kraken.com/api/docs/websocket-v2/executions, the update example, verbatim. */
  static final String DOCS_PENDING_NEW = """
      {"channel": "executions", "type": "update", "data": [{"order_id": "OK4GJX-KSTLS-7DZZO5", "order_userref": 3,
        "symbol": "BTC/USD", "order_qty": 0.005, "cum_cost": 0.0, "time_in_force": "GTC", "exec_type": "pending_new",
        "side": "sell", "order_type": "limit", "limit_price_type": "static", "limit_price": 26500.0,
        "stop_price": 0.0, "order_status": "pending_new", "fee_usd_equiv": 0.0, "fee_ccy_pref": "fciq",
        "timestamp": "2023-09-22T10:33:05.709950Z"}], "sequence": 8}""";

  /** A fill as the channel names its fields (exec_id, last_qty, last_price, cum_qty, fees). */
  static final String TRADE = """
      {"channel": "executions", "type": "update", "data": [{"order_id": "OK4GJX-KSTLS-7DZZO5",
        "exec_id": "TZX2WP-XSEOP-FP7WYR", "exec_type": "trade", "trade_id": 42, "symbol": "BTC/USD", "side": "sell",
        "last_qty": 0.00100000000000000001, "last_price": 26500.1, "liquidity_ind": "m", "cost": 26.5001,
        "order_status": "partially_filled", "cum_qty": 0.00100000000000000001,
        "fees": [{"asset": "USD", "qty": 0.0662}, {"asset": "USD", "qty": 0.0001}],
        "timestamp": "2023-09-22T10:33:06.000001Z"}], "sequence": 9}""";

  @Test
  void theDocsPendingNewIsReadExactly() throws Exception {
    List<Executions.Item> items = Executions.items(Envelope.JSON.readTree(DOCS_PENDING_NEW));
    assertEquals(1, items.size());
    Executions.Item item = items.get(0);
    assertEquals("OK4GJX-KSTLS-7DZZO5", item.orderId());
    assertEquals("BTC/USD", item.symbol());
    assertEquals("sell", item.side());
    assertEquals(new BigDecimal("0.005"), item.orderQty());
    assertEquals(new BigDecimal("26500.0"), item.limitPrice());
    assertEquals("pending_new", item.execType());
    assertNull(item.clOrdId(), "this order was placed with order_userref");
    assertEquals(1695378785_709950000L, item.timeNs());
    assertFalse(item.isTrade());
  }

  @Test
  void aTradeKeepsEveryDigitAndSumsItsFees() throws Exception {
    Executions.Item item = Executions.items(Envelope.JSON.readTree(TRADE)).get(0);
    assertTrue(item.isTrade());
    assertEquals(new BigDecimal("0.00100000000000000001"), item.lastQty(), "not through a double");
    assertEquals(new BigDecimal("26500.1"), item.lastPrice());
    assertEquals(0, new BigDecimal("0.0663").compareTo(item.fee()));
    assertEquals("USD", item.feeAsset());
  }

  @Test
  void feesInDifferentAssetsAreNeverAdded() throws Exception {
    Executions.Item item = Executions.items(Envelope.JSON.readTree(TRADE.replace(
        "{\"asset\": \"USD\", \"qty\": 0.0001}", "{\"asset\": \"BTC\", \"qty\": 0.0001}"))).get(0);
    assertTrue(item.isTrade(), "the fill itself is read");
    assertNull(item.fee(), "0.0662 USD + 0.0001 BTC is no amount");
    assertNull(item.feeAsset());
  }

  @Test
  void itemsMergeIntoTheOrderAsItStands() throws Exception {
    Executions.Tracked order = Executions.Tracked.of(Executions.items(Envelope.JSON.readTree(DOCS_PENDING_NEW)).get(0));
    assertTrue(order.complete());
    assertTrue(order.pending(), "pending_new: not yet taken by the engine");
    order = order.merge(Executions.items(Envelope.JSON.readTree(TRADE)).get(0));
    assertFalse(order.pending());
    OrderState state = order.state("oid-1", "btcusd.spot");
    assertEquals(OrderState.OPEN, state.status(), "partially filled is open");
    assertEquals(new BigDecimal("0.00100000000000000001"), state.filled());
    assertEquals(new BigDecimal("0.00399999999999999999"), state.remaining());
    assertEquals(new BigDecimal("26500.0"), state.price(), "the limit, kept from the first item");
    assertEquals(1695378786_000001000L, state.timeNs());
  }

  @Test
  void krakensStatusesMapToTheSpis() {
    assertEquals(OrderState.OPEN, Executions.status("new"));
    assertEquals(OrderState.OPEN, Executions.status("partially_filled"));
    assertEquals(OrderState.FILLED, Executions.status("filled"));
    assertEquals(OrderState.FILLED, Executions.status("closed"), "REST's closed is filled");
    assertEquals(OrderState.CANCELED, Executions.status("canceled"));
    assertEquals(OrderState.CANCELED, Executions.status("expired"));
    assertNull(Executions.status("restated"), "not a status: the last known one stays");
  }

  @Test
  void onlyExecutionsMessagesAreExecutions() throws Exception {
    assertTrue(Executions.isExecutions(Envelope.JSON.readTree(DOCS_PENDING_NEW)));
    assertFalse(Executions.isExecutions(Envelope.JSON.readTree("{\"channel\": \"heartbeat\"}")));
  }
}
