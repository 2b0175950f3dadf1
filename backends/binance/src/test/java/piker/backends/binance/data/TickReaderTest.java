package piker.backends.binance.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming reader gives exactly what the tree reader gives, and takes the frames it is there for. */
class TickReaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRADE = "{\"e\": \"trade\", \"E\": 1672515782136, \"s\": \"BNBBTC\", \"t\": 12345, "
      + "\"p\": \"0.001\", \"q\": \"100\", \"T\": 1672515782136, \"m\": true, \"M\": true}";
  private static final String BOOK = "{\"u\": 400900217, \"s\": \"BNBUSDT\", \"b\": \"25.35190000\", "
      + "\"B\": \"31.21000000\", \"a\": \"25.36520000\", \"A\": \"40.66000000\"}";

  private static StreamMessage tree(String text) throws IOException {
    return StreamMessage.read(JSON.readTree(text));
  }

  @Test
  void tradesAndBookTickersRawOrCombinedAreReadWithoutATree() throws IOException {
    for (String text : List.of(TRADE, BOOK, combined("bnbbtc@trade", TRADE), combined("bnbusdt@bookTicker", BOOK),
        TRADE.replace("\"BNBBTC\"", "\"bnbbtc\""), TRADE.replace("\"M\": true", "\"X\": {\"new\": [1]}"))) {
      StreamMessage fast = TickReader.read(text);
      assertEquals(tree(text), fast, text);
      assertEquals(fast, StreamMessage.parse(text));
    }
    assertEquals(new StreamMessage.Trade("BNBBTC", 12345, new BigDecimal("0.001"), new BigDecimal("100"),
        1672515782136L), TickReader.read(TRADE));
  }

  @Test
  void everythingElseIsLeftToTheTreeReaderWithTheSameAnswer() throws IOException {
    List<String> others = List.of(
        "{\"result\": null, \"id\": 1}",
        "{\"code\": 2, \"msg\": \"Invalid request\", \"id\": 7}",
        "{\"error\": {\"code\": 0, \"msg\": \"Unknown property\"}, \"id\": 8}",
        "{\"e\": \"serverShutdown\", \"E\": 1770123456789}",
        combined("!serverShutdown", "{\"e\": \"serverShutdown\", \"E\": 1770123456789}"),
        "{\"e\": \"kline\", \"E\": 1, \"s\": \"BNBBTC\", \"k\": {\"t\": 1, \"T\": 2, \"s\": \"BNBBTC\", \"i\": \"1m\","
            + " \"L\": 3, \"o\": \"1\", \"c\": \"1\", \"h\": \"1\", \"l\": \"1\", \"v\": \"1\", \"n\": 1, \"x\": true}}",
        "{\"e\": \"aggTrade\", \"s\": \"BNBBTC\"}",
        TRADE.replace("\"s\": \"BNBBTC\"", "\"s\": {\"x\": 1}"),
        TRADE.replace("\"t\": 12345, ", ""),
        TRADE.replace("\"t\": 12345", "\"t\": \"12345\""),
        BOOK.replace("\"A\": \"40.66000000\"", "\"A\": 40.66"),
        "{\"data\": " + TRADE + ", \"stream\": \"bnbbtc@trade\"}",
        "[1, 2]");
    for (String text : others) {
      assertNull(TickReader.read(text), text);
      assertEquals(tree(text), StreamMessage.parse(text), text);
    }
    assertInstanceOf(StreamMessage.Trade.class, StreamMessage.parse(others.get(others.size() - 2)));
  }

  @Test
  void textThatIsNotJsonFailsAsTheTreeReaderDoes() {
    assertThrows(IOException.class, () -> StreamMessage.parse("{\"e\": \"trade\", "));
  }

  private static String combined(String stream, String data) {
    return "{\"stream\": \"" + stream + "\", \"data\": " + data + "}";
  }
}
