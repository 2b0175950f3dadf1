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
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.Tick;

/**
 * The reference paper book: decimal prices in {@code TreeMap}s, the obviously-correct form of the rules
 * {@link PaperBook} states. {@link ScaledPaperBook} is what paperboi runs; this one is what it is
 * tested against (the same suite runs on both).
 */
final class ReferencePaperBook implements PaperBook {
  /** Buys keyed by price, highest first: an ask at t crosses every buy priced at or above t. */
  private final NavigableMap<BigDecimal, Map<String, Resting>> buys = new TreeMap<>(Comparator.reverseOrder());
  /** Sells keyed by price, lowest first: a bid at t crosses every sell priced at or below t. */
  private final NavigableMap<BigDecimal, Map<String, Resting>> sells = new TreeMap<>();
  private final Map<String, Resting> byOid = new LinkedHashMap<>();
  private BigDecimal bid;
  private BigDecimal ask;
  /** The touch's sizes; null while paper has not seen them (a startup quote carries none). */
  private BigDecimal bidSize;
  private BigDecimal askSize;

  @Override
  public void market(MktPair mkt) {
    // decimals need no scale
  }

  @Override
  public void startup(BigDecimal bid, BigDecimal ask) {
    this.bid = bid;
    this.ask = ask;
    this.bidSize = null;
    this.askSize = null;
  }

  @Override
  public Optional<Match> arrive(Resting order) {
    remove(order.oid());
    BigDecimal touch = order.buy() ? ask : bid;
    BigDecimal depth = order.buy() ? askSize : bidSize;
    Match taken = null;
    if (touch != null && order.crossedBy(touch) && (depth == null || depth.signum() > 0)
        && order.remaining().signum() > 0) {
      BigDecimal size = depth == null ? order.remaining() : order.remaining().min(depth);
      if (depth != null) {
        // the taker used up that much of the touch: the next arrival finds only what is left
        if (order.buy()) {
          askSize = depth.subtract(size);
        } else {
          bidSize = depth.subtract(size);
        }
      }
      order = order.after(size);
      taken = new Match(order, touch, size, false);
    }
    if (order.remaining().signum() > 0) {
      rest(order);
    }
    return Optional.ofNullable(taken);
  }

  private void rest(Resting order) {
    byOid.put(order.oid(), order);
    (order.buy() ? buys : sells).computeIfAbsent(order.price(), p -> new LinkedHashMap<>()).put(order.oid(), order);
  }

  @Override
  public Optional<Resting> remove(String oid) {
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

  @Override
  public Optional<Resting> get(String oid) {
    return Optional.ofNullable(byOid.get(oid));
  }

  @Override
  public Collection<Resting> resting() {
    return List.copyOf(byOid.values());
  }

  @Override
  public boolean isEmpty() {
    return byOid.isEmpty();
  }

  @Override
  public List<Match> onQuote(Quote quote) {
    List<Match> matches = new ArrayList<>();
    for (Tick tick : quote.ticks()) {
      if (tick.price() == null && !isSize(tick)) {
        continue;
      }
      switch (String.valueOf(tick.type())) {
        case "ask" -> {
          ask = tick.price();
          askSize = tick.size();
          fillMakers(buys, tick.price(), tick.size(), matches);
        }
        case "bid" -> {
          bid = tick.price();
          bidSize = tick.size();
          fillMakers(sells, tick.price(), tick.size(), matches);
        }
        case "trade" -> {
          BigDecimal left = fillMakers(buys, tick.price(), tick.size(), matches);
          fillMakers(sells, tick.price(), left, matches);
        }
        case "asize" -> askSize = tick.size();
        case "bsize" -> bidSize = tick.size();
        default -> {
          // other tick kinds move nothing paper clears by
        }
      }
    }
    touch(quote.bid(), quote.ask());
    return matches;
  }

  private static boolean isSize(Tick tick) {
    return "asize".equals(tick.type()) || "bsize".equals(tick.type());
  }

  /** The quote's own bid and ask: a touch that moved with no tick showing it has a size paper does not know. */
  private void touch(BigDecimal newBid, BigDecimal newAsk) {
    if (newBid != null && (bid == null || newBid.compareTo(bid) != 0)) {
      bid = newBid;
      bidSize = null;
    }
    if (newAsk != null && (ask == null || newAsk.compareTo(ask) != 0)) {
      ask = newAsk;
      askSize = null;
    }
  }

  /**
   * Fills the orders on {@code side} that a tick at {@code price} crosses, each at its own limit, best
   * limit first, then oldest, while the tick has size left ({@code available} null: no size known, no
   * limit). Returns the size left, null when there was no limit.
   */
  private BigDecimal fillMakers(NavigableMap<BigDecimal, Map<String, Resting>> side, BigDecimal price,
                                BigDecimal available, List<Match> matches) {
    BigDecimal left = available;
    Iterator<Map.Entry<BigDecimal, Map<String, Resting>>> levels = side.headMap(price, true).entrySet().iterator();
    while (levels.hasNext() && (left == null || left.signum() > 0)) {
      Map<String, Resting> level = levels.next().getValue();
      Iterator<Map.Entry<String, Resting>> orders = level.entrySet().iterator();
      while (orders.hasNext() && (left == null || left.signum() > 0)) {
        Map.Entry<String, Resting> entry = orders.next();
        Resting order = entry.getValue();
        BigDecimal size = left == null ? order.remaining() : order.remaining().min(left);
        Resting filled = order.after(size);
        matches.add(new Match(filled, order.price(), size, true));
        left = left == null ? null : left.subtract(size);
        if (filled.remaining().signum() > 0) {
          entry.setValue(filled); // keeps its place in time at its level
          byOid.put(order.oid(), filled);
        } else {
          orders.remove();
          byOid.remove(order.oid());
        }
      }
      if (level.isEmpty()) {
        levels.remove();
      }
    }
    return left;
  }
}
