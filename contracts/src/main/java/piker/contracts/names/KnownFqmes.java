package piker.contracts.names;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Fqmes a reader has met, by their text, so a stream of one market parses its fqme once rather than per quote.
 * Bounded (cleared when full: a reader meets a few markets, not thousands); thread-safe. Each owner keeps its
 * own (a serializer: one per ActorSystem), never a static one (rule 3).
 */
public final class KnownFqmes {
  private static final int MAX_MARKETS = 4096;
  private final ConcurrentHashMap<String, Fqme> byText = new ConcurrentHashMap<>();

  /** The fqme {@code text} names, parsed once; throws as {@link Fqme#parse} does for malformed text. */
  public Fqme of(String text) {
    Fqme fqme = byText.get(text);
    if (fqme == null) {
      fqme = Fqme.parse(text);
      if (byText.size() >= MAX_MARKETS) {
        byText.clear();
      }
      byText.put(text, fqme);
    }
    return fqme;
  }
}
