package piker.backends.binance.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class StreamMessageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static StreamMessage read(String text) throws Exception {
    return StreamMessage.read(JSON.readTree(text));
  }

  @Test
  void theDocsTradeRawAndCombined() throws Exception {
    String trade = """
        {"e": "trade", "E": 1672515782136, "s": "BNBBTC", "t": 12345, "p": "0.001", "q": "100", "T": 1672515782136,
         "m": true, "M": true}""";
    StreamMessage.Trade expected = new StreamMessage.Trade("BNBBTC", 12345, new BigDecimal("0.001"),
        new BigDecimal("100"), 1672515782136L);
    assertEquals(expected, read(trade));
    assertEquals(expected, read("{\"stream\": \"bnbbtc@trade\", \"data\": " + trade + "}"));
  }

  @Test
  void theDocsBookTickerIsToldByItsKeys() throws Exception {
    assertEquals(new StreamMessage.BookTicker("BNBUSDT", 400900217, new BigDecimal("25.35190000"),
            new BigDecimal("31.21000000"), new BigDecimal("25.36520000"), new BigDecimal("40.66000000")),
        read("""
            {"stream": "bnbusdt@bookTicker", "data": {"u": 400900217, "s": "BNBUSDT", "b": "25.35190000",
             "B": "31.21000000", "a": "25.36520000", "A": "40.66000000"}}"""));
  }

  @Test
  void theDocsKlineCarriesItsLastTradeIdAndWhetherItIsClosed() throws Exception {
    StreamMessage.Kline kline = (StreamMessage.Kline) read("""
        {"e": "kline", "E": 1672515782136, "s": "BNBBTC",
         "k": {"t": 1672515780000, "T": 1672515839999, "s": "BNBBTC", "i": "1m", "f": 100, "L": 200,
               "o": "0.0010", "c": "0.0020", "h": "0.0025", "l": "0.0015", "v": "1000", "n": 100, "x": false,
               "q": "1.0000", "V": "500", "Q": "0.500", "B": "123456"}}""");
    assertEquals(200, kline.lastTradeId());
    assertEquals("1m", kline.interval());
    assertEquals(false, kline.closed());
    assertEquals(new piker.contracts.market.Bar(1672515780L, new BigDecimal("0.0010"), new BigDecimal("0.0025"),
        new BigDecimal("0.0015"), new BigDecimal("0.0020"), new BigDecimal("1000")), kline.bar());
  }

  @Test
  void repliesSucceedOnNullResultAndFailOnAnyCodeFlatOrWrapped() throws Exception {
    assertEquals(new StreamMessage.Reply(1, true, "", ""), read("{\"result\": null, \"id\": 1}"));
    assertEquals(new StreamMessage.Reply(7, false, "2", "Invalid request: unknown stream"),
        read("{\"code\": 2, \"msg\": \"Invalid request: unknown stream\", \"id\": 7}"));
    assertEquals(new StreamMessage.Reply(8, false, "0", "Unknown property"),
        read("{\"error\": {\"code\": 0, \"msg\": \"Unknown property\"}, \"id\": 8}"));
  }

  @Test
  void serverShutdownRawOrCombinedAndUnknownEventsAreIgnored() throws Exception {
    assertInstanceOf(StreamMessage.ServerShutdown.class, read("{\"e\": \"serverShutdown\", \"E\": 1770123456789}"));
    assertInstanceOf(StreamMessage.ServerShutdown.class, read(
        "{\"stream\": \"!serverShutdown\", \"data\": {\"e\": \"serverShutdown\", \"E\": 1770123456789}}"));
    assertInstanceOf(StreamMessage.Other.class, read("{\"e\": \"aggTrade\", \"s\": \"BNBBTC\"}"));
  }
}
