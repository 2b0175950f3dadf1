package piker.emsd;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import piker.contracts.datad.QuoteFeed;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.emsd.dark.IndexedTriggerBook;
import piker.emsd.dark.TriggerBook;

/** What emsd keeps of one market: its details, its last prices, its trigger book and its feed. */
final class Market {
  /** A command waiting for the market's details and first quote. */
  record Waiter(Consumer<Market> onReady, Consumer<String> onFailed) {}

  final TriggerBook book = new IndexedTriggerBook();
  final List<Waiter> waiting = new ArrayList<>();
  ActorRef<QuoteFeed.Command> feed;
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

  /** A dark order's trigger fires here; a buy or sell then goes live this many price ticks through the tick. */
  static final int SUBMIT_THROUGH_TICKS = 5;

  BigDecimal submitPrice(boolean buy, BigDecimal tickPrice) {
    BigDecimal through = mkt.priceTick().multiply(BigDecimal.valueOf(SUBMIT_THROUGH_TICKS));
    BigDecimal price = buy ? tickPrice.add(through) : tickPrice.subtract(through);
    return price.signum() < 0 ? BigDecimal.ZERO : price;
  }
}
