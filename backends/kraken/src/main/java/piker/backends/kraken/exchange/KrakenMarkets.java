package piker.backends.kraken.exchange;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The pairs of one AssetPairs reading, found by any spelling (BRIEF17): {@code btcusd.spot} (canonical),
 * {@code xbtusd.spot} (the altname), {@code BTC/USD} (WS v2), {@code XBT/USD} (WS v1), {@code XXBTZUSD} (the
 * key, also what REST answers and trades carry), with or without {@code .spot} / {@code .spot.kraken}, in any
 * case. Immutable.
 */
public final class KrakenMarkets {
  private final Map<String, KrakenPair> byKey;
  private final Map<String, KrakenPair> bySpelling = new HashMap<>();
  private final Map<String, KrakenPair> bySymbol = new HashMap<>();

  public KrakenMarkets(Map<String, KrakenPair> byKey) {
    this.byKey = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byKey));
    // every canonical name first: one never gives way to another pair's alias, whatever the listing's order
    for (KrakenPair pair : byKey.values()) {
      bySymbol.put(pair.symbol(), pair);
      bySpelling.put(pair.pair().fqme().pair(), pair);
    }
    for (KrakenPair pair : byKey.values()) {
      for (String spelling : pair.spellings()) {
        bySpelling.putIfAbsent(spelling, pair);
      }
    }
  }

  /** The pair a user's or a message's spelling names, if listed. */
  public Optional<KrakenPair> find(String spelling) {
    if (spelling == null) {
      return Optional.empty();
    }
    String name = spelling.strip().toLowerCase(Locale.ROOT);
    for (String suffix : List.of("." + AssetPairs.VENUE + "." + AssetPairs.BROKER, "." + AssetPairs.VENUE)) {
      if (name.endsWith(suffix)) {
        name = name.substring(0, name.length() - suffix.length());
        break;
      }
    }
    return Optional.ofNullable(bySpelling.get(name));
  }

  /** By AssetPairs key ({@code XXBTZUSD}), exactly as REST spells it. */
  public Optional<KrakenPair> byKey(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  /** By WebSocket v2 symbol ({@code BTC/USD}), exactly as WS v2 spells it. */
  public Optional<KrakenPair> bySymbol(String symbol) {
    return Optional.ofNullable(bySymbol.get(symbol));
  }

  public Collection<KrakenPair> all() {
    return byKey.values();
  }
}
