package piker.backends.testkit;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The best bid and ask a {@link VenueDriver} keeps per market for a fake whose book lever sets both sides at
 * once, while the kit injects one side at a time: the other side keeps its last value (one tick away from the
 * first injected side, size one, until it is injected itself).
 */
public final class BookSides {
  /** Both sides of one market's top of book. */
  public record Top(BigDecimal bid, BigDecimal bidQty, BigDecimal ask, BigDecimal askQty) {}

  private final Map<String, BigDecimal[]> books = new ConcurrentHashMap<>();

  /** Sets {@code side} ({@code bid} or {@code ask}) of {@code market} and returns both sides to hand the fake. */
  public Top set(String market, String side, BigDecimal price, BigDecimal size, BigDecimal tick) {
    BigDecimal[] book = books.computeIfAbsent(market, key -> new BigDecimal[] {null, BigDecimal.ONE, null,
        BigDecimal.ONE});
    synchronized (book) {
      int at = switch (side) {
        case "bid" -> 0;
        case "ask" -> 2;
        default -> throw new IllegalArgumentException("a book side is bid or ask, not " + side);
      };
      book[at] = price;
      book[at + 1] = size;
      BigDecimal bid = book[0] != null ? book[0] : book[2].subtract(tick);
      BigDecimal ask = book[2] != null ? book[2] : book[0].add(tick);
      return new Top(bid, book[1], ask, book[3]);
    }
  }
}
