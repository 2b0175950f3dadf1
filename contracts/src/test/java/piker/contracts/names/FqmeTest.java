package piker.contracts.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FqmeTest {

  @Test
  void textLengthIsTheLengthOfTheText() {
    for (String text : List.of("btcusdt.sim", "btcusdt.spot.sim", "btcusdt.usdtm.perp.binance", "mnq.cme.20261218.sim")) {
      assertEquals(text.length(), Fqme.parse(text).textLength(), text);
    }
  }

  @Test
  void parsesEveryShapeOfTheGrammar() {
    assertEquals(new Fqme("btcusdt", "", "", "sim"), Fqme.parse("btcusdt.sim"));
    assertEquals(new Fqme("btcusdt", "spot", "", "sim"), Fqme.parse("btcusdt.spot.sim"));
    assertEquals(new Fqme("btcusdt", "usdtm", "perp", "binance"), Fqme.parse("btcusdt.usdtm.perp.binance"));
    assertEquals(new Fqme("mnq", "cme", "20261218", "sim"), Fqme.parse("mnq.cme.20261218.sim"));
  }

  @Test
  void foldsToLowerCaseAndFormatsBack() {
    Fqme fqme = Fqme.parse("  BTCUSDT.Spot.SIM ");
    assertEquals("btcusdt.spot.sim", fqme.toString());
    assertEquals("btcusdt.spot", fqme.bsFqme());
    assertEquals("sim", fqme.broker());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "btcusdt", "btcusdt..sim", ".sim", "btcusdt.sim.", "a.b.c.d.e", "btc usdt.sim",
      "btc$usdt.sim", "btcusdt.spot.-x.sim"})
  void malformedInputIsRejectedNamingIt(String text) {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Fqme.parse(text));
    assertTrue(error.getMessage().startsWith("malformed fqme '"), error.getMessage());
    if (!text.isEmpty()) {
      assertTrue(error.getMessage().contains(text), error.getMessage());
    }
  }

  @Test
  void overlongInputIsRejectedWithoutEchoingAllOfIt() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> Fqme.parse("x".repeat(10_000) + ".sim"));
    assertTrue(error.getMessage().length() < 200, error.getMessage());
  }

  @Test
  void serviceNamesParseAndCheckTheBroker() {
    assertEquals("datad.sim", ServiceName.parse("DATAD.sim").toString());
    assertEquals("emsd", ServiceName.parse("emsd").toString());
    assertThrows(IllegalArgumentException.class, () -> ServiceName.parse("datad"));
    assertThrows(IllegalArgumentException.class, () -> ServiceName.parse("emsd.sim"));
    assertThrows(IllegalArgumentException.class, () -> ServiceName.parse("chartd"));
  }
}
