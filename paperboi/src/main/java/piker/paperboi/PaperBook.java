package piker.paperboi;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
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
 * Orders rest in price-indexed levels so a tick finds what it crosses without scanning the rest. Not
 * thread-safe: paperboi's actor owns it. Orders and fills travel as decimals (the edges: emsd's orders,
 * the ledger); {@link ScaledPaperBook} matches in the market's scaled longs, {@link ReferencePaperBook}
 * in decimals.
 */
interface PaperBook {
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

  /** One fill: the order as it stands after it, the price and the size, and whether it rested first (a maker). */
  record Match(Resting order, BigDecimal price, BigDecimal size, boolean maker) {
    boolean completes() {
      return order.remaining().signum() <= 0;
    }

    String tid() {
      return PaperAccount.tid(order.oid(), order.fills(), completes());
    }
  }

  /** The book paperboi runs, for one market: scaled longs inside. */
  static PaperBook create() {
    return new ScaledPaperBook();
  }

  /** The market's details, once its feed is ready (again): until then the book holds nothing. */
  void market(MktPair mkt);

  /** Whether the book can hold an order of this price and size exactly (paperboi refuses one it cannot). */
  default boolean holds(BigDecimal price, BigDecimal size) {
    return true;
  }

  /** A (re)started feed's startup quote: the touch's prices, sizes unknown until ticks show them. */
  void startup(BigDecimal bid, BigDecimal ask);

  /**
   * An arriving order (new, or a modify, which the venue treats as a new order): the taker fill at the
   * touch if the touch reaches its limit and has size left, then what is left rests.
   */
  Optional<Match> arrive(Resting order);

  Optional<Resting> remove(String oid);

  Optional<Resting> get(String oid);

  /** The resting orders, oldest first. */
  Collection<Resting> resting();

  boolean isEmpty();

  /** Applies a quote's ticks in venue order and returns the fills they cause; filled orders leave the book. */
  List<Match> onQuote(Quote quote);
}
