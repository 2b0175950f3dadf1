package piker.contracts.market;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Fuzzy symbol matching: exact beats prefix beats substring beats an in-order subsequence; closer
 * and shorter matches rank higher. Negative means no match.
 */
public final class FuzzyMatch {
  private FuzzyMatch() {}

  public static int score(String pattern, String candidate) {
    String p = pattern.strip().toLowerCase(Locale.ROOT);
    String c = candidate.toLowerCase(Locale.ROOT);
    if (p.isEmpty()) {
      return -1;
    }
    if (c.equals(p)) {
      return 1000;
    }
    int extra = Math.min(c.length() - p.length(), 99);
    if (c.startsWith(p)) {
      return 900 - extra;
    }
    int at = c.indexOf(p);
    if (at >= 0) {
      return 700 - Math.min(at, 99) - extra;
    }
    int gaps = 0;
    int from = 0;
    for (char ch : p.toCharArray()) {
      int found = c.indexOf(ch, from);
      if (found < 0) {
        return -1;
      }
      gaps += found - from;
      from = found + 1;
    }
    return Math.max(1, 400 - gaps * 10 - extra);
  }

  /** The best {@code limit} items for {@code pattern}, best first; ties in key order. */
  public static <T> List<T> rank(String pattern, List<T> items, Function<T, String> key, int limit) {
    return items.stream()
        .map(item -> new Scored<>(item, score(pattern, key.apply(item)), key.apply(item)))
        .filter(scored -> scored.score >= 0)
        .sorted(Comparator.<Scored<T>>comparingInt(scored -> -scored.score).thenComparing(scored -> scored.key))
        .limit(limit)
        .map(scored -> scored.item)
        .toList();
  }

  private record Scored<T>(T item, int score, String key) {}
}
