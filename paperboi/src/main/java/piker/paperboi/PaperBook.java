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
import piker.contracts.names.AccountName;
import piker.contracts.orders.OrderAction;

/**
 * The resting paper orders of one market and the market's touch as datad last showed it, matched by
 * the sim venue's rules (docs/clearing.md, "paper clearing"):
 * <ul>
 *   <li>an arriving order is a taker: a buy whose limit the ask reaches fills at the ask (a sell at the
 *       bid), never at a trade print, up to the touch's size when paper has seen it; what is left rests;</li>
 *   <li>a resting order is a maker: an ask (for a buy), a bid (for a sell) or a trade at or through its
 *       limit fills it at its own limit, up to the tick's size, best limit first, then oldest; a trade
 *       fills buys first and sells with what is left.</li>
 * </ul>
 * A taker uses up the touch's size (the next arrival finds what is left) until a tick shows the touch
 * again; a maker's fill does not, as at the venue. A size paper has not seen is taken as deep enough.
 * Orders rest in price-indexed maps so a tick finds what it crosses without scanning the rest.
 */
final class PaperBook {
  /** A resting order: its whole size, what has filled and in how many fills (which number its trade ids). */
  record Resting(String oid, String reqid, AccountName account, OrderAction action, BigDecimal price,
                 BigDecimal size, BigDecimal filled, int fills) {
    boolean buy() {
      return action == OrderAction.BUY;
    }

    BigDecimal remaining() {
      return size.subtract(filled);
    }

    /** Whether a price on the other side (or a trade) reaches this order's limit. */
    boolean crossedBy(BigDecimal other) {
      return buy() ? other.compareTo(price) <= 0 : other.compareTo(price) >= 0;
    }

    Resting after(BigDecimal fill) {
      return new Resting(oid, reqid, account, action, price, size, filled.add(fill), fills + 1);
    }
  }

  /** One fill: the order as it stands after it, the price and the size. */
  record Match(Resting order, BigDecimal price, BigDecimal size) {
    boolean completes() {
      return order.remaining().signum() <= 0;
    }

    String tid() {
      return PaperAccount.tid(order.oid(), order.fills(), completes());
    }
  }

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

  /** A (re)started feed's startup quote: the touch's prices, sizes unknown until ticks show them. */
  void startup(BigDecimal bid, BigDecimal ask) {
    this.bid = bid;
    this.ask = ask;
    this.bidSize = null;
    this.askSize = null;
  }

  /**
   * An arriving order (new, or a modify, which the venue treats as a new order): the taker fill at the
   * touch if the touch reaches its limit and has size left, then what is left rests.
   */
  Optional<Match> arrive(Resting order) {
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
      taken = new Match(order, touch, size);
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

  /** Applies a quote's ticks in venue order and returns the fills they cause; filled orders leave the book. */
  List<Match> onQuote(Quote quote) {
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
        matches.add(new Match(filled, order.price(), size));
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
