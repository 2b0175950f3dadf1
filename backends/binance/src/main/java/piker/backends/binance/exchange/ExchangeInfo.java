package piker.backends.binance.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import piker.backends.binance.trade.Filters;
import piker.contracts.market.Asset;
import piker.contracts.market.MktPair;
import piker.contracts.names.Fqme;

/**
 * {@code GET /api/v3/exchangeInfo} read into markets (docs/venues/binance.md 6.2), the one reading both sides
 * use: spot symbols (spot trading allowed) under fqme {@code <symbol lower>.spot.binance} with Binance's symbol
 * as bs_mktid, their ticks from the filters, asset ticks from the assets' precision, minNotional from
 * NOTIONAL or MIN_NOTIONAL, and whether they trade now ({@code status} TRADING). The data side lists and
 * quotes only trading ones; the trade side still knows a halted symbol, for the orders it may have there.
 */
public final class ExchangeInfo {
  public static final String BROKER = "binance";
  public static final String VENUE = "spot";
  /**
   * exchangeInfo names no fee: Binance's standard spot taker rate, 0.1 %, until the trade side reads the
   * account's own rate (GET /api/v3/account commissionRates) (ours).
   */
  public static final BigDecimal STANDARD_TAKER_FEE = new BigDecimal("0.001");
  /** Binance's standard spot maker rate, 0.1 % as its taker's, until the account's own is read (ours). */
  public static final BigDecimal STANDARD_MAKER_FEE = new BigDecimal("0.001");

  private ExchangeInfo() {}

  /** The spot markets trading now, by Binance symbol, in the venue's order. */
  public static Map<String, BinanceMarket> markets(JsonNode exchangeInfo) {
    Map<String, BinanceMarket> markets = new LinkedHashMap<>();
    for (JsonNode symbol : exchangeInfo.path("symbols")) {
      market(symbol).ifPresent(market -> markets.put(market.symbol(), market));
    }
    return markets;
  }

  /** The REQUEST_WEIGHT limit per minute in {@code rateLimits}, when announced. */
  public static OptionalInt weightPerMinute(JsonNode exchangeInfo) {
    for (JsonNode limit : exchangeInfo.path("rateLimits")) {
      if (limit.path("rateLimitType").asText().equals("REQUEST_WEIGHT")
          && limit.path("interval").asText().equals("MINUTE") && limit.path("intervalNum").asInt() == 1) {
        return OptionalInt.of(limit.path("limit").asInt());
      }
    }
    return OptionalInt.empty();
  }

  /** One symbol as a market; empty when it does not trade on spot now or its name is no fqme part. */
  public static Optional<BinanceMarket> market(JsonNode symbol) {
    return spotSymbol(symbol).filter(BinanceMarket::trading);
  }

  /** The spot symbol of that name in an exchangeInfo answer, trading or not. */
  public static Optional<BinanceMarket> find(JsonNode exchangeInfo, String name) {
    for (JsonNode symbol : exchangeInfo.path("symbols")) {
      if (name.equals(symbol.path("symbol").asText())) {
        return spotSymbol(symbol);
      }
    }
    return Optional.empty();
  }

  /** One spot symbol as a market, halted or not; empty when it is not spot or its name is no fqme part. */
  public static Optional<BinanceMarket> spotSymbol(JsonNode symbol) {
    if (!spot(symbol)) {
      return Optional.empty();
    }
    String name = symbol.path("symbol").asText();
    Fqme fqme;
    try {
      fqme = new Fqme(name.toLowerCase(Locale.ROOT), VENUE, "", BROKER);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a UTF-8 symbol (CL 2025-12-02) has no fqme in our grammar
    }
    BigDecimal baseTx = precision(symbol, "baseAssetPrecision");
    BigDecimal quoteTx = precision(symbol, "quoteAssetPrecision");
    // the ticks a market shows are the filters' steps; a step that is off (0) falls back to the precision
    BigDecimal tickSize = positiveOr(decimal(filter(symbol, "PRICE_FILTER"), "tickSize"), quoteTx);
    BigDecimal stepSize = positiveOr(decimal(filter(symbol, "LOT_SIZE"), "stepSize"), baseTx);
    MktPair pair = new MktPair(fqme,
        new Asset(symbol.path("baseAsset").asText().toLowerCase(Locale.ROOT), "crypto", baseTx),
        new Asset(symbol.path("quoteAsset").asText().toLowerCase(Locale.ROOT), "crypto", quoteTx),
        tickSize, stepSize, STANDARD_TAKER_FEE, name, minNotional(symbol), STANDARD_MAKER_FEE,
        decimal(filter(symbol, "LOT_SIZE"), "minQty").max(BigDecimal.ZERO));
    return Optional.of(new BinanceMarket(name, pair, Filters.from(symbol.path("filters")),
        symbol.path("status").asText().equals("TRADING")));
  }

  /** NOTIONAL's minNotional, else MIN_NOTIONAL's (NOTIONAL superseded it, CL 2022-06-15); zero with neither. */
  private static BigDecimal minNotional(JsonNode symbol) {
    JsonNode notional = filter(symbol, "NOTIONAL");
    return decimal(notional.isMissingNode() ? filter(symbol, "MIN_NOTIONAL") : notional, "minNotional");
  }

  /** Spot per {@code isSpotTradingAllowed}, else per {@code permissionSets}/{@code permissions} naming SPOT. */
  private static boolean spot(JsonNode symbol) {
    if (symbol.has("isSpotTradingAllowed")) {
      return symbol.path("isSpotTradingAllowed").asBoolean(false);
    }
    for (JsonNode set : symbol.path("permissionSets")) {
      for (JsonNode permission : set) {
        if (permission.asText().equals("SPOT")) {
          return true;
        }
      }
    }
    for (JsonNode permission : symbol.path("permissions")) {
      if (permission.asText().equals("SPOT")) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode filter(JsonNode symbol, String type) {
    for (JsonNode filter : symbol.path("filters")) {
      if (filter.path("filterType").asText().equals(type)) {
        return filter;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /** A decimal string as Binance wrote it, never through a double; zero when absent. */
  private static BigDecimal decimal(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? BigDecimal.ZERO : new BigDecimal(value.asText());
  }

  /** One unit of the asset's precision, 10^-precision: its smallest amount. */
  private static BigDecimal precision(JsonNode symbol, String field) {
    return BigDecimal.ONE.movePointLeft(symbol.path(field).asInt(8));
  }

  private static BigDecimal positiveOr(BigDecimal value, BigDecimal fallback) {
    return value.signum() > 0 ? value : fallback;
  }
}
