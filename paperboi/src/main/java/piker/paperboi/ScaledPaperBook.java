package piker.paperboi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.contracts.market.LevelQueue;
import piker.contracts.market.MktPair;
import piker.contracts.market.PriceLevels;
import piker.contracts.market.Quote;
import piker.contracts.market.Scale;
import piker.contracts.market.TickKind;

/**
 * The paper book paperboi runs: prices in the market's price units, sizes in its lot units, each side a
 * {@link PriceLevels} of FIFO levels (best level last in a primitive array), so a tick compares longs and
 * walks only what it crosses. Orders and fills stay decimals at its edges; a fill's size is the exact
 * decimal of its units. {@link Scale#NONE} is a price or size paper has not seen.
 */
final class ScaledPaperBook implements PaperBook {
  private static final Logger LOG = LoggerFactory.getLogger(ScaledPaperBook.class);

  /** A resting order: its decimal view for the edges, its limit and what is left in units; it queues in its level. */
  private static final class Order extends LevelQueue.Entry<Order> {
    Resting resting;
    final long price;
    long remaining;

    Order(Resting resting, long price, long remaining) {
      this.resting = resting;
      this.price = price;
      this.remaining = remaining;
    }
  }

  /** Buys, highest first: an ask at t crosses every buy priced at or above t. */
  private final PriceLevels<LevelQueue<Order>> buys = new PriceLevels<>(true);
  /** Sells, lowest first: a bid at t crosses every sell priced at or below t. */
  private final PriceLevels<LevelQueue<Order>> sells = new PriceLevels<>(false);
  private final LinkedHashMap<String, Order> byOid = new LinkedHashMap<>();
  private MktPair mkt;
  private Scale prices;
  private Scale sizes;
  private boolean offScaleLogged;
  private long bid = Scale.NONE;
  private long ask = Scale.NONE;
  private long bidSize = Scale.NONE;
  private long askSize = Scale.NONE;

  /**
   * The market (again, after a lost feed). Its scales are the book's units while nothing rests; a market
   * whose tick or lot changed under resting orders keeps the units they are held in, and {@link #holds}
   * refuses a new order those units cannot hold, so longs of two scales are never compared.
   */
  @Override
  public void market(MktPair mkt) {
    this.mkt = mkt;
    Scale newPrices = mkt.priceScale();
    Scale newSizes = mkt.sizeScale();
    if (prices == null || byOid.isEmpty()) {
      if (prices != null && (newPrices != prices || newSizes != sizes)) {
        bid = ask = bidSize = askSize = Scale.NONE; // in the old units: the startup quote tells them again
      }
      prices = newPrices;
      sizes = newSizes;
    } else if (newPrices != prices || newSizes != sizes) {
      LOG.warn("{}: the market's tick or lot changed under {} resting paper orders; the book keeps counting in "
          + "{} and {} decimals until they are gone", mkt.fqme(), byOid.size(), prices.decimals(), sizes.decimals());
    }
  }

  @Override
  public boolean holds(BigDecimal price, BigDecimal size) {
    return prices != null && prices.fits(price) && sizes.fits(size);
  }

  @Override
  public void startup(BigDecimal bid, BigDecimal ask) {
    this.bid = feedUnits(bid, prices);
    this.ask = feedUnits(ask, prices);
    this.bidSize = Scale.NONE;
    this.askSize = Scale.NONE;
  }

  @Override
  public Optional<Match> arrive(Resting order) {
    remove(order.oid());
    // paperboi refuses orders off the market's ticks before they get here: these conversions are exact
    long price = prices.units(order.price());
    long remaining = sizes.units(order.remaining());
    long touch = order.buy() ? ask : bid;
    long depth = order.buy() ? askSize : bidSize;
    Match taken = null;
    if (touch != Scale.NONE && (order.buy() ? touch <= price : touch >= price) && (depth == Scale.NONE || depth > 0)
        && remaining > 0) {
      long size = depth == Scale.NONE ? remaining : Math.min(remaining, depth);
      if (depth != Scale.NONE) {
        // the taker used up that much of the touch: the next arrival finds only what is left
        if (order.buy()) {
          askSize = depth - size;
        } else {
          bidSize = depth - size;
        }
      }
      BigDecimal filled = sizes.decimal(size);
      order = order.after(filled);
      remaining -= size;
      taken = new Match(order, prices.decimal(touch), filled, false);
    }
    if (remaining > 0) {
      rest(new Order(order, price, remaining));
    }
    return Optional.ofNullable(taken);
  }

  private void rest(Order order) {
    byOid.put(order.resting.oid(), order);
    PriceLevels<LevelQueue<Order>> side = order.resting.buy() ? buys : sells;
    LevelQueue<Order> level = side.get(order.price);
    if (level == null) {
      level = new LevelQueue<>();
      side.put(order.price, level);
    }
    level.append(order);
  }

  @Override
  public Optional<Resting> remove(String oid) {
    Order order = byOid.remove(oid);
    if (order == null) {
      return Optional.empty();
    }
    PriceLevels<LevelQueue<Order>> side = order.resting.buy() ? buys : sells;
    LevelQueue<Order> level = side.get(order.price);
    level.unlink(order);
    if (level.isEmpty()) {
      side.remove(order.price);
    }
    return Optional.of(order.resting);
  }

  @Override
  public Optional<Resting> get(String oid) {
    Order order = byOid.get(oid);
    return order == null ? Optional.empty() : Optional.of(order.resting);
  }

  @Override
  public Collection<Resting> resting() {
    List<Resting> resting = new ArrayList<>(byOid.size());
    for (Order order : byOid.values()) {
      resting.add(order.resting);
    }
    return List.copyOf(resting);
  }

  @Override
  public boolean isEmpty() {
    return byOid.isEmpty();
  }

  /** Paper reads a quote off its packed longs: each tick's kind, price and size, then its own bid and ask. */
  @Override
  public List<Match> onQuote(Quote quote) {
    List<Match> matches = new ArrayList<>();
    Scale quotePrices = quote.priceScale();
    Scale quoteSizes = quote.sizeScale();
    for (int i = 0; i < quote.tickCount(); i++) {
      TickKind kind = quote.tickKind(i);
      long price = fromQuote(quote.tickPrice(i), quotePrices, prices);
      long rawSize = quote.tickSize(i);
      long size = fromQuote(rawSize, quoteSizes, sizes);
      // a tick whose price (or size) paper cannot hold exactly moves nothing, rather than move it wrongly
      if ((price != Scale.NONE || !kind.pricing()) && (size != Scale.NONE || rawSize == Scale.NONE)) {
        onTick(kind, price, size, matches);
      }
    }
    touch(fromQuote(quote.bidUnits(), quotePrices, prices), fromQuote(quote.askUnits(), quotePrices, prices));
    return matches;
  }

  /** A quote's value in the market's units: as it is in the market's own scale (the feed's case), else exactly. */
  private long fromQuote(long value, Scale from, Scale to) {
    long units = from.rescaleOrNone(value, to);
    // one the market's scale cannot hold goes through the decimal path only to be refused and logged once
    return units != Scale.NONE || value == Scale.NONE ? units : feedUnits(from.decimal(value), to);
  }

  private void onTick(TickKind kind, long price, long size, List<Match> matches) {
    switch (kind) {
      case ASK -> {
        ask = price;
        askSize = size;
        fillMakers(buys, price, size, matches);
      }
      case BID -> {
        bid = price;
        bidSize = size;
        fillMakers(sells, price, size, matches);
      }
      case TRADE -> fillMakers(sells, price, fillMakers(buys, price, size, matches), matches);
      case ASIZE -> askSize = size;
      case BSIZE -> bidSize = size;
    }
  }

  /** The quote's own bid and ask: a touch that moved with no tick showing it has a size paper does not know. */
  private void touch(long newBid, long newAsk) {
    if (newBid != Scale.NONE && newBid != bid) {
      bid = newBid;
      bidSize = Scale.NONE;
    }
    if (newAsk != Scale.NONE && newAsk != ask) {
      ask = newAsk;
      askSize = Scale.NONE;
    }
  }

  /**
   * Fills the orders on {@code side} that a tick at {@code price} crosses, each at its own limit, best
   * limit first, then oldest, while the tick has size left ({@code available} NONE: no size known, no
   * limit). Returns the size left, NONE when there was no limit.
   */
  private long fillMakers(PriceLevels<LevelQueue<Order>> side, long price, long available, List<Match> matches) {
    long left = available;
    boolean buys = side == this.buys;
    while (!side.isEmpty() && (buys ? side.bestPrice() >= price : side.bestPrice() <= price)
        && (left == Scale.NONE || left > 0)) {
      LevelQueue<Order> level = side.best();
      for (Order order = level.first(); order != null && (left == Scale.NONE || left > 0); order = level.first()) {
        long size = left == Scale.NONE ? order.remaining : Math.min(order.remaining, left);
        BigDecimal filled = sizes.decimal(size);
        order.resting = order.resting.after(filled); // keeps its place in time at its level
        order.remaining -= size;
        matches.add(new Match(order.resting, order.resting.price(), filled, true));
        left = left == Scale.NONE ? Scale.NONE : left - size;
        if (order.remaining > 0) {
          break; // the tick's size ran out inside this order
        }
        level.unlink(order);
        byOid.remove(order.resting.oid());
      }
      if (!level.isEmpty()) {
        break;
      }
      side.pollBest();
    }
    return left;
  }

  /** A feed value in {@code scale}'s units; NONE for none, or for one finer than the scale (refused, logged once). */
  private long feedUnits(BigDecimal value, Scale scale) {
    if (value == null) {
      return Scale.NONE;
    }
    try {
      return scale.units(value);
    } catch (ArithmeticException e) {
      if (!offScaleLogged) {
        offScaleLogged = true;
        LOG.warn("{}: feed value {} is off the market's {} decimals; paper ignores such values", mkt.fqme(),
            value.toPlainString(), scale.decimals());
      }
      return Scale.NONE;
    }
  }
}
