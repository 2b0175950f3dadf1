package piker.backends.binance.trade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;

/** The filters of `filters.md` as docs/venues/binance.md 6.2 quotes them. */
class FiltersTest {
  static final String DOCS_FILTERS = """
      [{"filterType": "PRICE_FILTER", "minPrice": "0.00000100", "maxPrice": "100000.00000000", "tickSize": "0.00000100"},
       {"filterType": "LOT_SIZE", "minQty": "0.00100000", "maxQty": "100000.00000000", "stepSize": "0.00100000"},
       {"filterType": "PERCENT_PRICE", "multiplierUp": "1.3000", "multiplierDown": "0.7000", "avgPriceMins": 5},
       {"filterType": "NOTIONAL", "minNotional": "10.00000000", "applyMinToMarket": false,
        "maxNotional": "10000.00000000", "applyMaxToMarket": false, "avgPriceMins": 5}]""";

  final Filters docs = Filters.from(json(DOCS_FILTERS));

  static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static BigDecimal d(String text) {
    return new BigDecimal(text);
  }

  String refusal(Filters filters, String price, String quantity) {
    Optional<RemoteError> error = filters.refusal(d(price), d(quantity));
    error.ifPresent(e -> assertEquals("-1013", e.type()));
    return error.map(RemoteError::message).orElse("passes");
  }

  @Test
  void anOrderInsideEveryRulePasses() {
    assertEquals("passes", refusal(docs, "20.000001", "1.001"));
    assertEquals("passes", refusal(docs, "10", "1"), "exactly minNotional");
    assertEquals("passes", refusal(docs, "100000", "0.1"), "exactly maxNotional and maxPrice");
  }

  @Test
  void eachPriceRuleRefusesInBinancesWordsWithTheValue() {
    assertEquals("Filter failure: PRICE_FILTER (price 0.0000009 is below minPrice 0.000001)",
        refusal(docs, "0.0000009", "1"));
    assertEquals("Filter failure: PRICE_FILTER (price 100000.000001 is above maxPrice 100000)",
        refusal(docs, "100000.000001", "0.001"));
    assertEquals("Filter failure: PRICE_FILTER (price 20.0000015 is not a multiple of tickSize 0.000001)",
        refusal(docs, "20.0000015", "1"));
  }

  @Test
  void eachLotRuleRefuses() {
    assertEquals("Filter failure: LOT_SIZE (quantity 0.0009 is below minQty 0.001)", refusal(docs, "20000", "0.0009"));
    assertEquals("Filter failure: LOT_SIZE (quantity 100001 is above maxQty 100000)", refusal(docs, "0.1", "100001"));
    assertEquals("Filter failure: LOT_SIZE (quantity 1.0005 is not a multiple of stepSize 0.001)",
        refusal(docs, "20", "1.0005"));
  }

  @Test
  void notionalBoundsBothWays() {
    assertEquals("Filter failure: NOTIONAL (price * quantity 9.999 is below minNotional 10)", refusal(docs, "9.999", "1"));
    assertEquals("Filter failure: NOTIONAL (price * quantity 10000.001 is above maxNotional 10000)",
        refusal(docs, "10000.001", "1"));
  }

  @Test
  void minNotionalAloneHasNoMaximumAndBothAreCheckedWhenBothCome() {
    Filters min = Filters.from(json("[{\"filterType\": \"MIN_NOTIONAL\", \"minNotional\": \"0.00100000\", "
        + "\"applyToMarket\": true, \"avgPriceMins\": 5}]"));
    assertEquals("Filter failure: MIN_NOTIONAL (price * quantity 0.0009 is below minNotional 0.001)",
        refusal(min, "0.0009", "1"));
    assertEquals("passes", refusal(min, "1000000000", "1000"));
    Filters both = Filters.from(json("[{\"filterType\": \"NOTIONAL\", \"minNotional\": \"5\", \"maxNotional\": \"0\"},"
        + "{\"filterType\": \"MIN_NOTIONAL\", \"minNotional\": \"1\"}]"));
    assertEquals("Filter failure: NOTIONAL (price * quantity 2 is below minNotional 5)", refusal(both, "2", "1"));
    // filters.md defines each filter on its own: the stricter MIN_NOTIONAL refuses what NOTIONAL lets through
    Filters stricterMin = Filters.from(json("[{\"filterType\": \"NOTIONAL\", \"minNotional\": \"1\", "
        + "\"maxNotional\": \"100\"}, {\"filterType\": \"MIN_NOTIONAL\", \"minNotional\": \"5\"}]"));
    assertEquals("Filter failure: MIN_NOTIONAL (price * quantity 2 is below minNotional 5)",
        refusal(stricterMin, "2", "1"));
    assertEquals("Filter failure: NOTIONAL (price * quantity 200 is above maxNotional 100)",
        refusal(stricterMin, "200", "1"));
    assertEquals("passes", refusal(stricterMin, "50", "1"));
  }

  static Filters priceFilter(String min, String max, String tick) {
    return Filters.from(json("[{\"filterType\": \"PRICE_FILTER\", \"minPrice\": \"" + min + "\", \"maxPrice\": \""
        + max + "\", \"tickSize\": \"" + tick + "\"}]"));
  }

  @Test
  void zeroSwitchesAPriceRuleOff() {
    Filters off = priceFilter("0", "0.00000000", "0");
    assertEquals("passes", refusal(off, "0.123456789123", "1"));
    assertEquals("passes", refusal(off, "123456789", "1"));
    assertEquals("Filter failure: PRICE_FILTER (price 0.015 is not a multiple of tickSize 0.01)",
        refusal(priceFilter("0", "0", "0.01"), "0.015", "1"), "only the zero parts are off");
  }

  @Test
  void arithmeticIsExactWhereDoublesWouldNotBe() {
    Filters tick = priceFilter("0.01", "0", "0.01");
    // 0.29 % 0.01 in doubles is 0.0099999...; exactly it is 0.
    assertEquals("passes", refusal(tick, "0.29", "1"));
    assertEquals("passes", refusal(tick, "1.1500000000000000000", "1"));
  }

  @Test
  void checkThrowsTheSameRefusal() {
    RemoteException error = assertThrows(RemoteException.class, () -> docs.check(d("20"), d("0.0001")));
    assertEquals("-1013", error.error().type());
    assertTrue(error.error().message().startsWith("Filter failure: LOT_SIZE"));
  }

  @Test
  void wireDecimalsArePlainWithTheFiltersScale() {
    assertEquals("0.000001", docs.wirePrice(d("1E-6")));
    assertEquals("20.000000", docs.wirePrice(d("20")));
    assertEquals("20.000000", docs.wirePrice(d("20.00000000000")));
    assertEquals("1.500", docs.wireQuantity(d("1.5")));
    assertEquals("100000.000", docs.wireQuantity(d("1E+5")));
    assertEquals("0.0000005", docs.wirePrice(d("5E-7")), "off the tick: digits kept, never rounded away");
    assertEquals("1500", Filters.none().wirePrice(d("1.5E+3")));
    assertEquals("0.1", Filters.none().wireQuantity(d("0.1000")));
  }
}
