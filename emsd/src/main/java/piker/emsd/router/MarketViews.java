package piker.emsd.router;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.Scale;
import piker.contracts.market.TickKind;
import piker.contracts.names.Fqme;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.OrderResp;
import piker.emsd.dark.Direction;
import piker.emsd.dark.Trigger;
import piker.emsd.dark.Watch;
import piker.emsd.orders.Dialog;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;

/**
 * The markets the router's orders need, each with its trigger book: a market is wanted (its feed opened)
 * when an order first needs it, and forgotten when its feed is lost with no dark order left in it.
 */
final class MarketViews {
  private static final Logger LOG = LoggerFactory.getLogger(MarketViews.class);

  private final OrderState state;
  private final Statuses statuses;
  private final LinkViews links;
  private final Map<Fqme, MarketView> markets = new HashMap<>();

  MarketViews(OrderState state, Statuses statuses, LinkViews links) {
    this.state = state;
    this.statuses = statuses;
    this.links = links;
  }

  /** The market if it is ready; otherwise {@code waiter} waits for it (its feed opening) and null. */
  MarketView whenReady(Fqme fqme, MarketView.Waiter waiter, Step out) {
    MarketView market = markets.get(fqme);
    if (market == null) {
      market = new MarketView();
      markets.put(fqme, market);
    }
    if (market.ready()) {
      return market;
    }
    if (market.waiting.isEmpty()) {
      out.effect(new Effect.OpenFeed(fqme));
    }
    market.waiting.add(waiter);
    return null;
  }

  /** Drops a waiter that is no longer wanted (its order canceled before acceptance). */
  void forget(Fqme fqme, MarketView.Waiter waiter) {
    MarketView market = markets.get(fqme);
    if (market != null) {
      market.waiting.removeIf(w -> w == waiter);
    }
  }

  /** The market is ready: who waited for it, in order. */
  List<MarketView.Waiter> ready(Fqme fqme, MktPair mkt, Quote startup) {
    MarketView market = markets.get(fqme);
    if (market == null) {
      return List.of();
    }
    market.ready(mkt);
    market.mark(startup);
    List<MarketView.Waiter> waiting = List.copyOf(market.waiting);
    market.waiting.clear();
    return waiting;
  }

  MarketView get(Fqme fqme) {
    return markets.get(fqme);
  }

  /** The market never became ready: who waited for it, in order; the market is forgotten if it holds nothing. */
  List<MarketView.Waiter> failed(Fqme fqme) {
    MarketView market = markets.get(fqme);
    if (market == null) {
      return List.of();
    }
    List<MarketView.Waiter> waiting = List.copyOf(market.waiting);
    market.waiting.clear();
    if (market.book.size() == 0) {
      markets.remove(fqme);
    }
    return waiting;
  }

  void lost(Fqme fqme, RemoteError error, Step out) {
    MarketView market = markets.get(fqme);
    if (market == null) {
      return;
    }
    if (market.book.size() > 0) {
      LOG.warn("feed of {} lost ({}); its {} dark orders wait for it to reopen", fqme, error.describe(),
          market.book.size());
    } else if (market.waiting.isEmpty()) {
      markets.remove(fqme);
      out.effect(new Effect.CloseFeed(fqme));
    }
  }

  /**
   * Puts a dark order's trigger in its market's book. A new order is on the price tick (OrderRules), so
   * its price converts exactly; a recovered one may predate a change of the market's tick: one whose price
   * the market's scale cannot hold is ended with an error, never rounded to another trigger price.
   */
  void arm(MarketView market, Dialog dialog, Step out) {
    Watch watch = switch (dialog.action()) {
      case BUY -> Watch.BUY;
      case SELL -> Watch.SELL;
      case ALERT -> Watch.ALERT;
    };
    if (!market.priceScale.fits(dialog.price())) {
      String reason = "the dark order's price " + dialog.price().toPlainString() + " is off " + dialog.fqme()
          + "'s price tick " + market.mkt.priceTick().toPlainString() + " (the venue changed it): place it again";
      LOG.warn("{}: {}", dialog.oid(), reason);
      out.commit(new OrderEvent.Ended(dialog.oid(), OrderResp.ERROR, reason));
      out.effect(new Effect.ToAccount(dialog.account(), statuses.of(dialog, OrderResp.ERROR, null, null, reason)));
      return;
    }
    market.book.add(new Trigger(dialog.oid(), market.priceScale.units(dialog.price()),
        dialog.above() ? Direction.AT_OR_ABOVE : Direction.AT_OR_BELOW, watch));
  }

  void disarm(Dialog dialog) {
    MarketView market = markets.get(Fqme.parse(dialog.fqme()));
    if (market != null) {
      market.book.remove(dialog.oid());
    }
  }

  void quotes(Fqme fqme, List<Quote> quotes, Step out) {
    MarketView market = markets.get(fqme);
    if (market == null) {
      return;
    }
    for (int i = 0; i < quotes.size(); i++) {
      Quote quote = quotes.get(i);
      ticks(market, quote, out);
      market.mark(quote);
    }
  }

  /** The quote's ticks into the trigger book, read off its packed longs: nothing allocated per tick. */
  private void ticks(MarketView market, Quote quote, Step out) {
    Scale scale = quote.priceScale();
    for (int i = 0; i < quote.tickCount() && market.book.size() > 0; i++) {
      TickKind kind = quote.tickKind(i);
      if (kind.pricing()) {
        onTick(market, kind, market.fromQuote(quote.tickPrice(i), scale), out);
      }
    }
  }

  /**
   * The market may have crossed a recovered trigger while emsd was down: its current prices count as
   * ticks, so such an order fires on the first quote rather than waiting for the market to come back.
   */
  void catchUp(MarketView market, Step out) {
    onTick(market, TickKind.ASK, market.ask, out);
    onTick(market, TickKind.BID, market.bid, out);
    onTick(market, TickKind.TRADE, market.last, out);
  }

  private void onTick(MarketView market, TickKind kind, long price, Step out) {
    if (price == Scale.NONE || market.book.size() == 0) {
      return;
    }
    List<Trigger> fired = market.fired;
    fired.clear();
    if (market.book.onTick(kind, price, fired) == 0) {
      return;
    }
    for (int i = 0; i < fired.size(); i++) {
      fire(market, fired.get(i), price, out);
    }
    fired.clear();
  }

  private void fire(MarketView market, Trigger fired, long tickPrice, Step out) {
    Optional<Dialog> found = state.get(fired.oid());
    if (found.isEmpty() || !found.get().dark()) {
      return;
    }
    Dialog dialog = found.get();
    if (dialog.alert()) {
      out.commit(new OrderEvent.Ended(dialog.oid(), OrderResp.TRIGGERED, null));
      out.effect(new Effect.ToAccount(dialog.account(), statuses.of(dialog, OrderResp.TRIGGERED, null, null, null)));
      return;
    }
    // the journal and the clearing daemon take decimals: the edge
    BigDecimal submit = market.priceScale.decimal(market.submitPrice(dialog.action() == OrderAction.BUY, tickPrice));
    out.commit(new OrderEvent.Triggered(dialog.oid(), submit));
    Dialog live = state.get(dialog.oid()).orElseThrow();
    out.effect(new Effect.ToAccount(live.account(), statuses.of(live, OrderResp.TRIGGERED, null, null, null)));
    links.send(live.account(), new ClearingProtocol.SubmitOrder(live.oid(), null, live.account(),
        live.action(), market.mkt.fqme(), submit, live.size()), out);
  }
}
