package piker.backends.sim.venue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The sim venue's markets: cli.md's five, and more of the same kinds. */
public final class SimCatalog {
  private final Map<String, SimMarket> byKey;

  private SimCatalog(Map<String, SimMarket> byKey) {
    this.byKey = Collections.unmodifiableMap(byKey);
  }

  public static SimCatalog standard() {
    return standard(0);
  }

  /**
   * The standard markets, then numbered spot markets ({@code s1usdt.spot}, {@code s2usdt.spot}, …) like
   * btcusdt's until the catalogue lists {@code count}: many markets for load tests (conf.toml
   * {@code [sim] markets}).
   */
  public static SimCatalog standard(int count) {
    Map<String, SimMarket> markets = new LinkedHashMap<>();
    // cli.md's catalogue, exactly
    spot(markets, "btc", "usdt", "0.01", "0.00001", "60000", "0.001");
    spot(markets, "eth", "usdt", "0.01", "0.0001", "3000", "0.001");
    spot(markets, "sol", "usdt", "0.001", "0.001", "150", "0.001");
    add(markets, new SimMarket("btcusdt.usdtm.perp", "btc", "usdt", d("0.1"), d("0.001"), d("60000"), d("0.0005"),
        "perp"));
    add(markets, new SimMarket("mnq.cme.20261218", "mnq", "usd", d("0.25"), d("1"), d("21000"), d("0"), "future"));
    // more of the same
    spot(markets, "xrp", "usdt", "0.0001", "0.1", "0.6", "0.001");
    spot(markets, "ada", "usdt", "0.0001", "0.1", "0.45", "0.001");
    spot(markets, "doge", "usdt", "0.00001", "1", "0.15", "0.001");
    spot(markets, "avax", "usdt", "0.001", "0.01", "35", "0.001");
    spot(markets, "link", "usdt", "0.001", "0.01", "18", "0.001");
    spot(markets, "dot", "usdt", "0.001", "0.01", "7", "0.001");
    spot(markets, "ltc", "usdt", "0.01", "0.001", "80", "0.001");
    spot(markets, "bnb", "usdt", "0.01", "0.001", "600", "0.001");
    spot(markets, "eth", "btc", "0.00001", "0.0001", "0.05", "0.001");
    add(markets, new SimMarket("ethusdt.usdtm.perp", "eth", "usdt", d("0.01"), d("0.001"), d("3000"), d("0.0005"),
        "perp"));
    add(markets, new SimMarket("solusdt.usdtm.perp", "sol", "usdt", d("0.001"), d("0.01"), d("150"), d("0.0005"),
        "perp"));
    add(markets, new SimMarket("es.cme.20261218", "es", "usd", d("0.25"), d("1"), d("6000"), d("0"), "future"));
    add(markets, new SimMarket("nq.cme.20261218", "nq", "usd", d("0.25"), d("1"), d("21000"), d("0"), "future"));
    add(markets, new SimMarket("mes.cme.20261218", "mes", "usd", d("0.25"), d("1"), d("6000"), d("0"), "future"));
    add(markets, new SimMarket("cl.nymex.20261218", "cl", "usd", d("0.01"), d("1"), d("70"), d("0"), "future"));
    add(markets, new SimMarket("gc.comex.20261228", "gc", "usd", d("0.1"), d("1"), d("2600"), d("0"), "future"));
    for (int n = 1; markets.size() < count; n++) {
      spot(markets, "s" + n, "usdt", "0.01", "0.00001", String.valueOf(100 + n), "0.001");
    }
    return new SimCatalog(markets);
  }

  private static void spot(Map<String, SimMarket> markets, String base, String quote, String priceTick,
                           String sizeTick, String reference, String fee) {
    add(markets, new SimMarket(base + quote + ".spot", base, quote, d(priceTick), d(sizeTick), d(reference), d(fee),
        "spot"));
  }

  private static void add(Map<String, SimMarket> markets, SimMarket market) {
    markets.put(market.key(), market);
  }

  private static BigDecimal d(String text) {
    return new BigDecimal(text);
  }

  public Optional<SimMarket> find(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  public List<SimMarket> all() {
    return new ArrayList<>(byKey.values());
  }
}
