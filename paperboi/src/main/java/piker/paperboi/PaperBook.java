package piker.paperboi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import piker.contracts.market.Quote;
import piker.contracts.market.Tick;

/**
 * The resting paper orders of one market and the market's last bid and ask. A buy at P fills at the
 * ask when the ask is at or below P (at once if it already is), else rests until an ask or trade tick
 * at or below P and fills at that tick's price; sells mirror with bids. Orders rest in price-indexed
 * maps so a tick finds what it crosses without scanning the rest.
 */
final class PaperBook {
  /** A resting order; fills always take the whole size. */
  record Resting(String oid, String reqid, String account, boolean buy, BigDecimal price, BigDecimal size) {}

  /** An order this tick (or the book as it stood) fills, and at what price. */
  record Match(Resting order, BigDecimal price) {}

  /** Buys keyed by price, highest first: an ask at t fills every buy priced at or above t. */
  private final NavigableMap<BigDecimal, Map<String, Resting>> buys = new TreeMap<>(Comparator.reverseOrder());
  /** Sells keyed by price, lowest first: a bid at t fills every sell priced at or below t. */
  private final NavigableMap<BigDecimal, Map<String, Resting>> sells = new TreeMap<>();
  private final Map<String, Resting> byOid = new LinkedHashMap<>();
  private BigDecimal bid;
  private BigDecimal ask;

  void mark(BigDecimal bid, BigDecimal ask) {
    if (bid != null) {
      this.bid = bid;
    }
    if (ask != null) {
      this.ask = ask;
    }
  }

  /** The price the order fills at right now, if the book's touch already crosses it. */
  Optional<BigDecimal> marketable(boolean buy, BigDecimal price) {
    if (buy && ask != null && ask.compareTo(price) <= 0) {
      return Optional.of(ask);
    }
    if (!buy && bid != null && bid.compareTo(price) >= 0) {
      return Optional.of(bid);
    }
    return Optional.empty();
  }

  void rest(Resting order) {
    remove(order.oid());
    byOid.put(order.oid(), order);
    (order.buy() ? buys : sells).computeIfAbsent(order.price(), p -> new LinkedHashMap<>()).put(order.oid(), order);
  }

  Optional<Resting> remove(String oid) {
    Resting order = byOid.remove(oid);
    if (order == null) {
      return Optional.empty();
    }
    NavigableMap<BigDecimal, Map<String, Resting>> side = order.buy() ? buys : sells;
    Map<String, Resting> level = side.get(order.price());
    level.remove(oid);
    if (level.isEmpty()) {
      side.remove(order.price());
    }
    return Optional.of(order);
  }

  Optional<Resting> get(String oid) {
    return Optional.ofNullable(byOid.get(oid));
  }

  Collection<Resting> resting() {
    return List.copyOf(byOid.values());
  }

  boolean isEmpty() {
    return byOid.isEmpty();
  }

  /** Applies a quote's ticks in venue order and returns the fills they cause, removed from the book. */
  List<Match> onQuote(Quote quote) {
    List<Match> matches = new ArrayList<>();
    for (Tick tick : quote.ticks()) {
      if (tick.price() == null) {
        continue;
      }
      switch (String.valueOf(tick.type())) {
        case "ask" -> {
          ask = tick.price();
          cross(buys, tick.price(), matches);
        }
        case "bid" -> {
          bid = tick.price();
          cross(sells, tick.price(), matches);
        }
        case "trade" -> {
          cross(buys, tick.price(), matches);
          cross(sells, tick.price(), matches);
        }
        default -> {
          // sizes move nothing here: paper fills take the whole order at the crossing price
        }
      }
    }
    mark(quote.bid(), quote.ask());
    return matches;
  }

  /** Fills every order on {@code side} that a tick at {@code price} crosses (the side is sorted best first). */
  private void cross(NavigableMap<BigDecimal, Map<String, Resting>> side, BigDecimal price, List<Match> matches) {
    Iterator<Map.Entry<BigDecimal, Map<String, Resting>>> levels = side.headMap(price, true).entrySet().iterator();
    while (levels.hasNext()) {
      for (Resting order : levels.next().getValue().values()) {
        byOid.remove(order.oid());
        matches.add(new Match(order, price));
      }
      levels.remove();
    }
  }
}
