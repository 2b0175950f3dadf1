package piker.emsd.router;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.Scale;
import piker.emsd.dark.IndexedTriggerBook;
import piker.emsd.dark.Trigger;
import piker.emsd.dark.TriggerBook;
import piker.emsd.orders.OrderRules;

/**
 * What the router keeps of one market: its details, its last prices, its trigger book, who waits for it.
 * Prices here are the market's scaled longs ({@link #priceScale}); {@link Scale#NONE} is a price not seen yet.
 */
final class MarketView {
  private static final Logger LOG = LoggerFactory.getLogger(MarketView.class);
  /** A dark order or buy/sell takes its trigger this many price ticks through the tick that fired it. */
  static final int SUBMIT_THROUGH_TICKS = 5;

  /** Who waits for the market's details and first quote. */
  sealed interface Waiter {}

  /** An order not accepted yet: validated against the market once it is ready; a cancel removes it. */
  record OrderWaiter(ClientId client, OrderRules.Shaped shaped, String notice) implements Waiter {}

  /** A recovered dark order to arm again. */
  record RearmWaiter(String oid) implements Waiter {}

  final TriggerBook book = new IndexedTriggerBook();
  /** What one tick fired: reused for every tick so a tick allocates no list. */
  final List<Trigger> fired = new ArrayList<>();
  final List<Waiter> waiting = new ArrayList<>();
  MktPair mkt;
  Scale priceScale;
  private long submitThrough;
  private boolean offScaleLogged;
  long last = Scale.NONE;
  long bid = Scale.NONE;
  long ask = Scale.NONE;

  boolean ready() {
    return mkt != null;
  }

  /**
   * The market (again, after a lost feed). Its price scale is the view's unit while no trigger rests; a
   * market whose tick changed under resting dark orders keeps the unit they are held in (a new order the
   * unit cannot hold is refused, a feed price it cannot hold fires nothing), so longs of two scales are
   * never compared.
   */
  void ready(MktPair mkt) {
    this.mkt = mkt;
    Scale scale = mkt.priceScale();
    if (priceScale == null || (scale != priceScale && book.size() == 0)) {
      if (priceScale != null) {
        last = bid = ask = Scale.NONE; // in the old unit: the startup quote tells them again
      }
      priceScale = scale;
    } else if (scale != priceScale) {
      LOG.warn("{}: the price tick changed to {} under {} resting dark orders; they keep {} decimals", mkt.fqme(),
          mkt.priceTick().toPlainString(), book.size(), priceScale.decimals());
    }
    if (priceScale.fits(mkt.priceTick())) {
      this.submitThrough = Math.multiplyExact(priceScale.units(mkt.priceTick()), SUBMIT_THROUGH_TICKS);
    }
  }

  void mark(Quote quote) {
    if (quote == null) {
      return;
    }
    Scale scale = quote.priceScale();
    last = known(fromQuote(quote.lastUnits(), scale), last);
    bid = known(fromQuote(quote.bidUnits(), scale), bid);
    ask = known(fromQuote(quote.askUnits(), scale), ask);
  }

  /**
   * A quote's price in this market's units: as it is when the quote is in the market's own scale (the
   * feed's case: nothing to convert), otherwise converted exactly, or refused.
   */
  long fromQuote(long value, Scale scale) {
    long units = scale.rescaleOrNone(value, priceScale);
    // one the market's scale cannot hold goes through the decimal path only to be refused and logged once
    return units != Scale.NONE || value == Scale.NONE ? units : units(scale.decimal(value));
  }

  /**
   * A decimal feed price in this market's units, or {@link Scale#NONE} for an unknown one. A price finer
   * than the market's tick cannot be compared exactly, so it is refused (logged once).
   */
  long units(BigDecimal price) {
    if (price == null) {
      return Scale.NONE;
    }
    try {
      return priceScale.units(price);
    } catch (ArithmeticException e) {
      if (!offScaleLogged) {
        offScaleLogged = true;
        LOG.warn("{}: feed price {} is finer than the price tick {}; such prices fire no dark order", mkt.fqme(),
            price.toPlainString(), mkt.priceTick().toPlainString());
      }
      return Scale.NONE;
    }
  }

  /** The price a fired dark order goes live at: {@link #SUBMIT_THROUGH_TICKS} ticks through the tick, never below 0. */
  long submitPrice(boolean buy, long tickPrice) {
    long price = buy ? Math.addExact(tickPrice, submitThrough) : tickPrice - submitThrough;
    return Math.max(0, price);
  }

  private static long known(long price, long before) {
    return price == Scale.NONE ? before : price;
  }
}
