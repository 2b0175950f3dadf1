package piker.backends.binance.trade;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import piker.contracts.market.Asset;
import piker.contracts.market.MktPair;
import piker.contracts.names.Fqme;

/**
 * The symbols the trade client touches, from {@code GET /api/v3/exchangeInfo?symbol=X} (weight 2, docs 6.2)
 * once per symbol: its filters for checks before sending, and its {@link MktPair}. A failed lookup is
 * forgotten so the next order asks again.
 */
final class Markets {
  private static final String BROKER = "binance";
  private static final String CRYPTO = "crypto";

  /** One symbol's rules. */
  record Market(MktPair pair, Filters filters) {}

  private final BinanceRest rest;
  private final Map<String, CompletableFuture<Market>> bySymbol = new ConcurrentHashMap<>();
  private volatile BigDecimal takerFee = BigDecimal.ZERO;

  Markets(BinanceRest rest) {
    this.rest = rest;
  }

  /** The account's taker rate ({@code account.commissionRates.taker}), for the pairs read after it. */
  void takerFee(BigDecimal rate) {
    takerFee = rate;
  }

  CompletableFuture<Market> market(String symbol) {
    CompletableFuture<Market> market = bySymbol.computeIfAbsent(symbol, s ->
        rest.get("/api/v3/exchangeInfo", List.of(Map.entry("symbol", s))).thenApply(info -> read(s, info)));
    market.whenComplete((ok, error) -> {
      if (error != null) {
        bySymbol.remove(symbol, market);
      }
    });
    return market;
  }

  private Market read(String symbol, JsonNode info) {
    for (JsonNode entry : info.path("symbols")) {
      if (symbol.equals(entry.path("symbol").asText())) {
        JsonNode filters = entry.path("filters");
        BigDecimal tick = filterValue(filters, "PRICE_FILTER", "tickSize");
        BigDecimal step = filterValue(filters, "LOT_SIZE", "stepSize");
        MktPair pair = new MktPair(Fqme.parse(OrderReplies.bsFqme(symbol) + "." + BROKER),
            new Asset(entry.path("baseAsset").asText().toLowerCase(Locale.ROOT), CRYPTO, step),
            new Asset(entry.path("quoteAsset").asText().toLowerCase(Locale.ROOT), CRYPTO, tick),
            tick, step, takerFee, symbol);
        return new Market(pair, Filters.from(filters));
      }
    }
    throw new BinanceRest.Failure(new ErrorKinds.Rejected("-1121", "Invalid symbol."));
  }

  /** A filter's decimal; a missing or zero tick is read as the smallest step Binance prints (8 decimals). */
  private static BigDecimal filterValue(JsonNode filters, String type, String field) {
    for (JsonNode filter : filters) {
      if (type.equals(filter.path("filterType").asText()) && filter.path(field).isTextual()) {
        BigDecimal value = new BigDecimal(filter.path(field).asText()).stripTrailingZeros();
        if (value.signum() > 0) {
          return value;
        }
      }
    }
    return new BigDecimal("0.00000001");
  }
}
