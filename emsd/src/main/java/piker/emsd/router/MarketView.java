package piker.emsd.router;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.emsd.dark.IndexedTriggerBook;
import piker.emsd.dark.TriggerBook;
import piker.emsd.orders.OrderRules;

/** What the router keeps of one market: its details, its last prices, its trigger book, who waits for it. */
final class MarketView {
  /** A dark order or buy/sell takes its trigger this many price ticks through the tick that fired it. */
  static final int SUBMIT_THROUGH_TICKS = 5;

  /** Who waits for the market's details and first quote. */
  sealed interface Waiter {}

  /** An order not accepted yet: validated against the market once it is ready; a cancel removes it. */
  record OrderWaiter(ClientId client, OrderRules.Shaped shaped, String notice) implements Waiter {}

  /** A recovered dark order to arm again. */
  record RearmWaiter(String oid) implements Waiter {}

  final TriggerBook book = new IndexedTriggerBook();
  final List<Waiter> waiting = new ArrayList<>();
  MktPair mkt;
  BigDecimal last;
  BigDecimal bid;
  BigDecimal ask;

  boolean ready() {
    return mkt != null;
  }

  void mark(Quote quote) {
    if (quote == null) {
      return;
    }
    if (quote.last() != null) {
      last = quote.last();
    }
    if (quote.bid() != null) {
      bid = quote.bid();
    }
    if (quote.ask() != null) {
      ask = quote.ask();
    }
  }

  BigDecimal submitPrice(boolean buy, BigDecimal tickPrice) {
    BigDecimal through = mkt.priceTick().multiply(BigDecimal.valueOf(SUBMIT_THROUGH_TICKS));
    BigDecimal price = buy ? tickPrice.add(through) : tickPrice.subtract(through);
    return price.signum() < 0 ? BigDecimal.ZERO : price;
  }
}
