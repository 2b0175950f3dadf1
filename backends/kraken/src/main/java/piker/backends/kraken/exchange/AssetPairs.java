package piker.backends.kraken.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import piker.contracts.market.Asset;
import piker.contracts.market.MktPair;
import piker.contracts.names.Fqme;

/**
 * {@code GET /0/public/AssetPairs} read into pairs (docs/venues/kraken.md 6.2), the one reading both sides use.
 * A pair's fqme is its WebSocket v2 name without the slash ({@code BTC/USD} → {@code btcusd.spot.kraken});
 * its price tick is {@code tick_size} (10^-pair_decimals when absent), its size tick 10^-lot_decimals, its min
 * notional {@code costmin}, its taker fee the first tier of {@code fees}. Decimals are read from the JSON
 * text, never through a double.
 */
public final class AssetPairs {
  public static final String BROKER = "kraken";
  public static final String VENUE = "spot";
  /**
   * The taker fee when AssetPairs was asked without {@code fees} (info=leverage, margin): Kraken's first
   * published tier (ours, only a fallback; {@code fees[0][1]} wins when present).
   */
  static final BigDecimal FALLBACK_TAKER_FEE = new BigDecimal("0.0040");
  /**
   * The legacy asset names of REST and WS v1 that WS v2 spells otherwise. The docs' v1/v2 table shows
   * {@code XBT/USD} → {@code BTC/USD}; Kraken's {@code XDG} is Dogecoin, {@code DOGE} in v2 (ours: the docs name
   * no REST field holding the v2 symbol, only WS v2's {@code instrument} channel lists it).
   */
  private static final Map<String, String> V2_ASSET = Map.of("XBT", "BTC", "XDG", "DOGE");

  private AssetPairs() {}

  /** Every pair of an AssetPairs {@code result}, by key, in Kraken's order; pairs with no fqme are skipped. */
  public static Map<String, KrakenPair> read(JsonNode result) {
    Map<String, KrakenPair> pairs = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      pair(entry.getKey(), entry.getValue()).ifPresent(pair -> pairs.put(pair.key(), pair));
    }
    return pairs;
  }

  /** One AssetPairs entry as a pair; empty when it has no WebSocket name (not streamable) or no fqme. */
  public static Optional<KrakenPair> pair(String key, JsonNode info) {
    String wsname = info.path("wsname").asText("");
    if (!wsname.contains("/")) {
      return Optional.empty();
    }
    String symbol = v2Symbol(wsname);
    String[] assets = symbol.split("/", 2);
    Fqme fqme;
    try {
      fqme = new Fqme((assets[0] + assets[1]).toLowerCase(Locale.ROOT), VENUE, "", BROKER);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a name outside the fqme grammar (a dot, a dash-led code): not listed
    }
    int pairDecimals = info.path("pair_decimals").asInt(0);
    int lotDecimals = info.path("lot_decimals").asInt(8);
    BigDecimal tickSize = positiveOr(decimal(info.path("tick_size")), BigDecimal.ONE.movePointLeft(pairDecimals));
    BigDecimal lot = BigDecimal.ONE.movePointLeft(lotDecimals);
    int costDecimals = info.path("cost_decimals").asInt(pairDecimals);
    MktPair pair = new MktPair(fqme,
        new Asset(assets[0].toLowerCase(Locale.ROOT), "crypto", lot),
        new Asset(assets[1].toLowerCase(Locale.ROOT), "crypto", BigDecimal.ONE.movePointLeft(costDecimals)),
        tickSize, lot, takerFee(info), key, decimal(info.path("costmin")), makerFee(info),
        decimal(info.path("ordermin")).max(BigDecimal.ZERO));
    return Optional.of(new KrakenPair(key, info.path("altname").asText(""), wsname, symbol,
        info.path("base").asText(""), info.path("quote").asText(""), tickSize, pairDecimals, lotDecimals,
        decimal(info.path("ordermin")), decimal(info.path("costmin")), info.path("status").asText(KrakenPair.ONLINE),
        pair));
  }

  /** The WebSocket v2 symbol of a v1 name: {@code XBT/USD} → {@code BTC/USD}, {@code ETH/XBT} → {@code ETH/BTC}. */
  public static String v2Symbol(String wsname) {
    String[] assets = wsname.split("/", 2);
    return V2_ASSET.getOrDefault(assets[0], assets[0]) + "/" + V2_ASSET.getOrDefault(assets[1], assets[1]);
  }

  /** {@code fees[0][1]} is a percentage ({@code 0.26} = 0.26 %): the rate is a hundredth of it. */
  private static BigDecimal takerFee(JsonNode info) {
    JsonNode first = info.path("fees").path(0).path(1);
    BigDecimal percent = decimal(first);
    return first.isMissingNode() ? FALLBACK_TAKER_FEE : percent.movePointLeft(2);
  }

  /** {@code fees_maker[0][1]}, a percentage as {@code fees}' (a pair without it charges makers as takers). */
  private static BigDecimal makerFee(JsonNode info) {
    JsonNode first = info.path("fees_maker").path(0).path(1);
    return first.isMissingNode() ? takerFee(info) : decimal(first).movePointLeft(2);
  }

  /** A decimal as Kraken wrote it (a string in REST, a number token elsewhere); zero when absent. */
  static BigDecimal decimal(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return BigDecimal.ZERO;
    }
    return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().strip());
  }

  private static BigDecimal positiveOr(BigDecimal value, BigDecimal fallback) {
    return value.signum() > 0 ? value : fallback;
  }
}
