package piker.backends.kraken.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The fake's pairs, served as {@code AssetPairs} entries with the documented fields and types
 * (docs/venues/kraken.md 6.2: decimals as strings, decimal counts as integers, fees as [volume, percent]
 * number pairs). BTC/USD, ETH/USD, ETH/BTC (Kraken's XETHXXBT), SOL/USD, and LUNA/USD delisted.
 */
public final class Catalogue {
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One pair as Kraken lists it: its key, names, asset codes, decimals, minimums, tick and status; {@code seed}
   * is where its generated history trades (on the tick).
   */
  public record Pair(String key, String altname, String wsname, String symbol, String base, String quote,
                     int pairDecimals, int lotDecimals, int costDecimals, BigDecimal ordermin, BigDecimal costmin,
                     BigDecimal tickSize, String status, BigDecimal seed) {
    /** The size step, 10^-lot_decimals. */
    public BigDecimal lot() {
      return BigDecimal.ONE.movePointLeft(lotDecimals);
    }
  }

  private final Map<String, Pair> pairs = new LinkedHashMap<>();

  Catalogue() {
    add(new Pair("XXBTZUSD", "XBTUSD", "XBT/USD", "BTC/USD", "XXBT", "ZUSD", 1, 8, 5, d("0.0001"), d("0.5"),
        d("0.1"), "online", d("60000.0")));
    add(new Pair("XETHZUSD", "ETHUSD", "ETH/USD", "ETH/USD", "XETH", "ZUSD", 2, 8, 5, d("0.002"), d("0.5"),
        d("0.01"), "online", d("3000.00")));
    add(new Pair("XETHXXBT", "ETHXBT", "ETH/XBT", "ETH/BTC", "XETH", "XXBT", 5, 8, 10, d("0.002"), d("0.00002"),
        d("0.00001"), "online", d("0.05000")));
    add(new Pair("SOLUSD", "SOLUSD", "SOL/USD", "SOL/USD", "SOL", "ZUSD", 2, 8, 5, d("0.02"), d("0.5"),
        d("0.01"), "online", d("150.00")));
    add(new Pair("LUNAUSD", "LUNAUSD", "LUNA/USD", "LUNA/USD", "LUNA", "ZUSD", 5, 8, 5, d("50"), d("0.5"),
        d("0.00001"), "delisted", d("0.00010")));
  }

  private static BigDecimal d(String text) {
    return new BigDecimal(text);
  }

  private void add(Pair pair) {
    pairs.put(pair.key(), pair);
  }

  public List<Pair> all() {
    return List.copyOf(pairs.values());
  }

  /** The pair a REST {@code pair} parameter names: its key or its altname (in any case), as Kraken accepts. */
  public Optional<Pair> rest(String name) {
    String upper = name.strip().toUpperCase(Locale.ROOT);
    return pairs.values().stream().filter(p -> p.key().equals(upper) || p.altname().equals(upper)).findFirst();
  }

  /** The pair a WebSocket v2 {@code symbol} names, exactly ({@code BTC/USD}). */
  public Optional<Pair> symbol(String symbol) {
    return pairs.values().stream().filter(p -> p.symbol().equals(symbol)).findFirst();
  }

  /** The pair with that v2 symbol, or an IllegalArgumentException naming it (for the levers). */
  public Pair require(String symbol) {
    return symbol(symbol).orElseThrow(() -> new IllegalArgumentException("the fake lists no pair " + symbol));
  }

  /**
   * One AssetPairs entry for {@code info} ({@code info}: everything; {@code leverage}, {@code fees},
   * {@code margin}: those fields only), decimals as strings, counts as integers.
   */
  ObjectNode entry(Pair pair, String info) {
    ObjectNode node = JSON.createObjectNode();
    if (info.equals("info") || info.equals("leverage")) {
      node.putArray("leverage_buy");
      node.putArray("leverage_sell");
    }
    if (info.equals("info") || info.equals("fees")) {
      var fees = node.putArray("fees");
      fees.addArray().add(0).add(new BigDecimal("0.40"));
      fees.addArray().add(10000).add(new BigDecimal("0.35"));
      var maker = node.putArray("fees_maker");
      maker.addArray().add(0).add(new BigDecimal("0.25"));
      maker.addArray().add(10000).add(new BigDecimal("0.20"));
      node.put("fee_volume_currency", "ZUSD");
    }
    if (info.equals("info") || info.equals("margin")) {
      node.put("margin_call", 80);
      node.put("margin_stop", 40);
    }
    if (!info.equals("info")) {
      return node;
    }
    ObjectNode full = JSON.createObjectNode();
    full.put("altname", pair.altname());
    full.put("wsname", pair.wsname());
    full.put("aclass_base", "currency");
    full.put("base", pair.base());
    full.put("aclass_quote", "currency");
    full.put("quote", pair.quote());
    full.put("lot", "unit");
    full.put("cost_decimals", pair.costDecimals());
    full.put("pair_decimals", pair.pairDecimals());
    full.put("lot_decimals", pair.lotDecimals());
    full.put("lot_multiplier", 1);
    full.setAll(node);
    full.put("ordermin", pair.ordermin().toPlainString());
    full.put("costmin", pair.costmin().toPlainString());
    full.put("tick_size", pair.tickSize().toPlainString());
    full.put("status", pair.status());
    return full;
  }
}
