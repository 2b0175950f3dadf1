package piker.backends.binance.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The fake's markets with Binance's filter shapes (filters.md), and the filter checks a LIMIT order meets. */
final class Catalogue {
  /** One spot symbol. A zero PRICE_FILTER bound is off, as documented; {@code notionalFilter} names NOTIONAL or MIN_NOTIONAL. */
  record Market(String symbol, String baseAsset, String quoteAsset, BigDecimal minPrice, BigDecimal maxPrice,
      BigDecimal tickSize, BigDecimal minQty, BigDecimal maxQty, BigDecimal stepSize, String notionalFilter,
      BigDecimal minNotional, BigDecimal maxNotional, BigDecimal seedPrice, String status) {

    String streamSymbol() {
      return symbol.toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Map<String, Market> markets = new LinkedHashMap<>();

  Catalogue() {
    add(new Market("BTCUSDT", "BTC", "USDT", d("0.01"), d("1000000"), d("0.01"), d("0.00001"), d("9000"),
        d("0.00001"), "NOTIONAL", d("5"), d("9000000"), d("60000"), "TRADING"));
    add(new Market("ETHUSDT", "ETH", "USDT", d("0.01"), d("1000000"), d("0.01"), d("0.0001"), d("9000"),
        d("0.0001"), "NOTIONAL", d("5"), d("9000000"), d("3000"), "TRADING"));
    add(new Market("ETHBTC", "ETH", "BTC", d("0.00001"), d("922327"), d("0.00001"), d("0.0001"), d("100000"),
        d("0.0001"), "NOTIONAL", d("0.0001"), d("9000000"), d("0.05"), "TRADING"));
    add(new Market("BNBUSDT", "BNB", "USDT", d("0.01"), d("100000"), d("0.01"), d("0.001"), d("900000"),
        d("0.001"), "NOTIONAL", d("5"), d("9000000"), d("600"), "TRADING"));
    add(new Market("LTCBTC", "LTC", "BTC", d("0.000001"), d("100000"), d("0.000001"), d("0.001"), d("100000"),
        d("0.001"), "MIN_NOTIONAL", d("0.001"), BigDecimal.ZERO, d("0.0012"), "TRADING"));
    add(new Market("SOLUSDT", "SOL", "USDT", d("0.01"), d("10000"), d("0.01"), d("0.001"), d("90000"),
        d("0.001"), "NOTIONAL", d("5"), d("9000000"), d("150"), "TRADING"));
    add(new Market("BTCEUR", "BTC", "EUR", d("0.01"), d("1000000"), d("0.01"), d("0.00001"), d("9000"),
        d("0.00001"), "NOTIONAL", d("5"), d("9000000"), d("55000"), "HALT"));
  }

  private static BigDecimal d(String text) {
    return new BigDecimal(text);
  }

  void add(Market market) {
    markets.put(market.symbol(), market);
  }

  List<Market> all() {
    return List.copyOf(markets.values());
  }

  Optional<Market> find(String symbol) {
    return Optional.ofNullable(symbol).map(markets::get);
  }

  Market require(String symbol) {
    if (symbol == null || symbol.isEmpty()) {
      throw Refusal.mandatory("symbol");
    }
    return find(symbol).orElseThrow(Refusal::invalidSymbol);
  }

  /** The filter checks a LIMIT order meets, in the order Binance names them; throws -1111 / -1013. */
  static void check(Market market, BigDecimal price, BigDecimal quantity) {
    precision("price", price);
    precision("quantity", quantity);
    if (price.signum() <= 0 || below(price, market.minPrice()) || above(price, market.maxPrice())
        || !multiple(price, market.tickSize())) {
      throw Refusal.filter("PRICE_FILTER");
    }
    if (quantity.compareTo(market.minQty()) < 0 || quantity.compareTo(market.maxQty()) > 0
        || !multiple(quantity, market.stepSize())) {
      throw Refusal.filter("LOT_SIZE");
    }
    BigDecimal notional = price.multiply(quantity);
    if (notional.compareTo(market.minNotional()) < 0
        || (market.maxNotional().signum() > 0 && notional.compareTo(market.maxNotional()) > 0)) {
      throw Refusal.filter(market.notionalFilter());
    }
  }

  private static void precision(String name, BigDecimal value) {
    if (value.stripTrailingZeros().scale() > 8) {
      throw Refusal.badRequest(-1111, "Parameter '" + name + "' has too much precision.");
    }
  }

  private static boolean below(BigDecimal value, BigDecimal bound) {
    return bound.signum() > 0 && value.compareTo(bound) < 0;
  }

  private static boolean above(BigDecimal value, BigDecimal bound) {
    return bound.signum() > 0 && value.compareTo(bound) > 0;
  }

  private static boolean multiple(BigDecimal value, BigDecimal step) {
    return step.signum() == 0 || value.remainder(step).signum() == 0;
  }

  /** One entry of exchangeInfo.symbols, in the documented shape. */
  static ObjectNode describe(Market market) {
    ObjectNode node = Wire.object();
    node.put("symbol", market.symbol());
    node.put("status", market.status());
    node.put("baseAsset", market.baseAsset());
    node.put("baseAssetPrecision", 8);
    node.put("quoteAsset", market.quoteAsset());
    node.put("quotePrecision", 8);
    node.put("quoteAssetPrecision", 8);
    node.put("baseCommissionPrecision", 8);
    node.put("quoteCommissionPrecision", 8);
    ArrayNode types = node.putArray("orderTypes");
    List.of("LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT").forEach(types::add);
    node.put("icebergAllowed", true);
    node.put("ocoAllowed", true);
    node.put("otoAllowed", true);
    node.put("opoAllowed", false);
    node.put("quoteOrderQtyMarketAllowed", true);
    node.put("allowTrailingStop", true);
    node.put("cancelReplaceAllowed", true);
    node.put("amendAllowed", true);
    node.put("pegInstructionsAllowed", false);
    node.put("isSpotTradingAllowed", true);
    node.put("isMarginTradingAllowed", false);
    ArrayNode filters = node.putArray("filters");
    ObjectNode price = filters.addObject();
    price.put("filterType", "PRICE_FILTER");
    price.put("minPrice", Wire.decimal(market.minPrice()));
    price.put("maxPrice", Wire.decimal(market.maxPrice()));
    price.put("tickSize", Wire.decimal(market.tickSize()));
    ObjectNode lot = filters.addObject();
    lot.put("filterType", "LOT_SIZE");
    lot.put("minQty", Wire.decimal(market.minQty()));
    lot.put("maxQty", Wire.decimal(market.maxQty()));
    lot.put("stepSize", Wire.decimal(market.stepSize()));
    ObjectNode notional = filters.addObject();
    notional.put("filterType", market.notionalFilter());
    notional.put("minNotional", Wire.decimal(market.minNotional()));
    if (market.notionalFilter().equals("NOTIONAL")) {
      notional.put("applyMinToMarket", true);
      notional.put("maxNotional", Wire.decimal(market.maxNotional()));
      notional.put("applyMaxToMarket", false);
    } else {
      notional.put("applyToMarket", true);
    }
    notional.put("avgPriceMins", 5);
    node.putArray("permissions");
    node.putArray("permissionSets").addArray().add("SPOT");
    node.put("defaultSelfTradePreventionMode", "EXPIRE_MAKER");
    ArrayNode modes = node.putArray("allowedSelfTradePreventionModes");
    List.of("NONE", "EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH").forEach(modes::add);
    return node;
  }
}
