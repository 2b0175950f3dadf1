package piker.backends.kraken.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** WebSocket v2 public messages read with the docs' examples (docs/venues/kraken.md 14, F6–F10). */
class WsMessageTest {
  @Test
  void theDocsTickerSnapshotKeepsTheNumbersAsWritten() throws Exception {
    var batch = assertInstanceOf(WsMessage.Batch.class, WsMessage.parse("""
        {"channel": "ticker", "type": "snapshot", "data": [{"symbol": "ALGO/USD", "bid": 0.10025, "bid_qty": 740.0,
          "ask": 0.10036, "ask_qty": 1361.44813783, "last": 0.10035, "volume": 997038.98383185, "vwap": 0.10148,
          "low": 0.09979, "high": 0.10285, "change": -0.00017, "change_pct": -0.17,
          "timestamp": "2023-09-25T09:04:31.742648Z"}]}
        """));
    WsMessage.Ticker ticker = assertInstanceOf(WsMessage.Ticker.class, batch.entries().get(0));
    assertEquals("ALGO/USD", ticker.symbol());
    assertTrue(ticker.snapshot());
    assertEquals(new BigDecimal("0.10025"), ticker.bid());
    assertEquals(new BigDecimal("740.0"), ticker.bidQty(), "740.0 stays 740.0");
    assertEquals(new BigDecimal("1361.44813783"), ticker.askQty());
    assertEquals(new BigDecimal("0.10035"), ticker.last());
    assertEquals(1695632671742648000L, ticker.timeNs());
  }

  @Test
  void aMessagesTradesComeInTradeIdOrderPerSymbol() throws Exception {
    var batch = assertInstanceOf(WsMessage.Batch.class, WsMessage.parse("""
        {"channel": "trade", "type": "snapshot", "data": [
          {"symbol": "MATIC/USD", "side": "buy", "price": 0.5147, "qty": 1, "trade_id": 4665847},
          {"symbol": "ALGO/USD", "side": "buy", "price": 0.1, "qty": 1, "trade_id": 12},
          {"symbol": "MATIC/USD", "side": "buy", "price": 0.5147, "qty": 1, "trade_id": 4665846},
          {"symbol": "ALGO/USD", "side": "buy", "price": 0.1, "qty": 1, "trade_id": 11}]}
        """));
    assertEquals(java.util.List.of("MATIC/USD 4665846", "MATIC/USD 4665847", "ALGO/USD 11", "ALGO/USD 12"),
        batch.entries().stream().map(WsMessage.Trade.class::cast).map(t -> t.symbol() + " " + t.id()).toList());
  }

  @Test
  void theDocsTradeSnapshotHasIdsSidesAndExactQuantities() throws Exception {
    var batch = assertInstanceOf(WsMessage.Batch.class, WsMessage.parse("""
        {"channel": "trade", "type": "snapshot", "data": [
          {"symbol": "MATIC/USD", "side": "buy", "price": 0.5147, "qty": 6423.46326, "ord_type": "limit",
           "trade_id": 4665846, "timestamp": "2023-09-25T07:48:36.925533Z"},
          {"symbol": "MATIC/USD", "side": "buy", "price": 0.5147, "qty": 1136.19677815, "ord_type": "limit",
           "trade_id": 4665847, "timestamp": "2023-09-25T07:49:36.925603Z"}]}
        """));
    assertEquals(2, batch.entries().size());
    WsMessage.Trade second = assertInstanceOf(WsMessage.Trade.class, batch.entries().get(1));
    assertEquals(4665847L, second.id());
    assertEquals(new BigDecimal("1136.19677815"), second.qty());
    assertEquals(new BigDecimal("0.5147"), second.price());
    assertEquals("buy", second.side());
  }

  @Test
  void statusHeartbeatAndRepliesAreTold() throws Exception {
    WsMessage.Status status = assertInstanceOf(WsMessage.Status.class, WsMessage.parse("""
        {"channel": "status", "data": [{"api_version": "v2", "connection_id": 13834774380200032777,
          "system": "online", "version": "2.0.0"}], "type": "update"}
        """));
    assertEquals("online", status.system());
    assertInstanceOf(WsMessage.Heartbeat.class, WsMessage.parse("{\"channel\": \"heartbeat\"}"));
    WsMessage.Reply ack = assertInstanceOf(WsMessage.Reply.class, WsMessage.parse("""
        {"method": "subscribe", "req_id": 79, "result": {"channel": "instrument", "snapshot": true,
          "warnings": ["tick_size is deprecated, use price_increment"]}, "success": true,
          "time_in": "2023-09-26T16:49:20.962586Z", "time_out": "2023-09-26T16:49:20.962630Z"}
        """));
    assertEquals(79, ack.reqId());
    assertTrue(ack.success());
    assertEquals("instrument", ack.channel());
    WsMessage.Reply refusal = assertInstanceOf(WsMessage.Reply.class, WsMessage.parse("""
        {"method":"subscribe","error":"Currency pair not supported BTC/XYZ","success":false,"symbol":"BTC/XYZ",
         "req_id":3,"time_in":"2023-09-26T16:49:20.962586Z","time_out":"2023-09-26T16:49:20.962630Z"}
        """));
    assertFalse(refusal.success());
    assertEquals("BTC/XYZ", refusal.symbol());
    WsMessage.Reply pong = assertInstanceOf(WsMessage.Reply.class, WsMessage.parse("""
        {"method": "pong", "req_id": 101, "time_in": "2023-09-24T14:10:23.799685Z",
         "time_out": "2023-09-24T14:10:23.799703Z"}
        """));
    assertTrue(pong.success(), "a pong is an answer");
  }
}
