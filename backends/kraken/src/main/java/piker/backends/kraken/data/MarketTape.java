package piker.backends.kraken.data;

import java.math.BigDecimal;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.Scale;
import piker.contracts.market.TickKind;
import piker.contracts.names.Fqme;

/**
 * One pair's live state from the public websocket, pure: the latest last/bid/ask and the newest trade id
 * passed on, so a trade a reconnect's snapshot delivers again is dropped and the ones the gap missed (the
 * snapshot holds the 50 newest) are passed on once (docs/venues/kraken.md 8.5, 13.6). The first ticker
 * snapshot is the startup quote; trades of the first trade snapshot are history, not ticks.
 *
 * <p>Trade ids are a sequence per book (docs/venues/kraken.md 8.5), so a trade passed on after a jump in them (an
 * outage longer than a reconnect's 50-trade snapshot, a bad trade dropped) tells of trades the stream missed:
 * {@link #takeGap} names the gap for datad to repair its bars with the venue's.
 *
 * <p>Prices and sizes become the pair's scaled longs here, exactly (Kraken writes 740.0 or 740.00 as it
 * pleases: both are the same units); a value off the pair's tick or lot is logged and its tick dropped, never
 * rounded.
 */
final class MarketTape {
  private static final Logger log = LoggerFactory.getLogger(MarketTape.class);

  private final Quote.Builder quotes;
  private long lastTradeId = -1;
  private long lastTimeNs;
  private long lastTradeTimeNs;
  /** The venue time of the newest trade seen, history included: what tells a restarted sequence from a replay. */
  private long newestSeenNs;
  private long last = Scale.NONE;
  private long bid = Scale.NONE;
  private long bidQty = Scale.NONE;
  private long ask = Scale.NONE;
  private long askQty = Scale.NONE;
  private boolean started;
  /** A trade snapshot now replays what we may have missed: the first one is history. */
  private boolean tradesLive;
  /** The gap before the trade last passed on, until taken; null when none. */
  private Gap gap;

  /** Trades missed between two venue times: those of the trades seen before and passed on after them. */
  record Gap(long lastBeforeNs, long firstAfterNs) {}

  MarketTape(Fqme fqme, Scale priceScale, Scale sizeScale) {
    this.quotes = new Quote.Builder(fqme, priceScale, sizeScale);
  }

  MarketTape(MktPair pair) {
    this(pair.fqme(), pair.priceScale(), pair.sizeScale());
  }

  Fqme fqme() {
    return quotes.fqme();
  }

  /** Whether the startup quote is known (the first ticker snapshot arrived). */
  boolean started() {
    return started;
  }

  /** The quote a late listener starts from: the tape's state now, no ticks. */
  Quote startupQuote() {
    return Quote.of(quotes.fqme(), lastTimeNs, quotes.priceScale(), quotes.sizeScale(), last, bid, ask);
  }

  /**
   * A ticker entry as a quote: the first snapshot is the startup quote (no ticks); later entries give a
   * {@code bid} or {@code ask} tick for each side whose price or quantity changed, empty when none did.
   */
  Optional<Quote> ticker(WsMessage.Ticker ticker) {
    lastTimeNs = Math.max(lastTimeNs, ticker.timeNs());
    if (!started) {
      started = true;
      bid = price(ticker.bid(), "bid");
      bidQty = size(ticker.bidQty(), "bid quantity");
      ask = price(ticker.ask(), "ask");
      askQty = size(ticker.askQty(), "ask quantity");
      if (ticker.last() != null) {
        last = price(ticker.last(), "last");
      }
      return Optional.of(startupQuote());
    }
    if (ticker.bid() != null && ticker.ask() != null && ticker.bid().compareTo(ticker.ask()) > 0) {
      // a crossed book no matching engine leaves: never a touch paper could fill against
      log.warn("{}: dropped a ticker with its bid {} above its ask {}", quotes.fqme(), ticker.bid(), ticker.ask());
      return Optional.empty();
    }
    if (ticker.bid() != null) {
      long price = price(ticker.bid(), "bid");
      long qty = size(ticker.bidQty(), "bid quantity");
      if (price != Scale.NONE && qty != Scale.NONE && !(price == bid && qty == bidQty)) {
        bid = price;
        bidQty = qty;
        quotes.tick(TickKind.BID, bid, bidQty);
      }
    }
    if (ticker.ask() != null) {
      long price = price(ticker.ask(), "ask");
      long qty = size(ticker.askQty(), "ask quantity");
      if (price != Scale.NONE && qty != Scale.NONE && !(price == ask && qty == askQty)) {
        ask = price;
        askQty = qty;
        quotes.tick(TickKind.ASK, ask, askQty);
      }
    }
    return quotes.hasTicks() ? Optional.of(quotes.build(lastTimeNs, last, bid, ask)) : Optional.empty();
  }

  /**
   * A trade as a quote; empty when passed on already (its id is not newer), or when it is in the first
   * snapshot (it happened before the subscription: history).
   */
  Optional<Quote> trade(WsMessage.Trade trade) {
    boolean restarted = false;
    if (trade.id() <= lastTradeId) {
      if (trade.timeNs() <= newestSeenNs || trade.snapshot()) {
        return Optional.empty(); // passed on already (a reconnect's snapshot replays it)
      }
      // a newer trade under an older id: the book's sequence started again (a venue's reset); taken, and said
      log.warn("{}: trade id {} is not above the last one passed on ({}) though it is newer; taken as a new "
          + "sequence", quotes.fqme(), trade.id(), lastTradeId);
      restarted = true; // what came between the two sequences cannot be told: a gap
    }
    boolean history = trade.snapshot() && !tradesLive;
    tradesLive |= !trade.snapshot();
    if (history) {
      lastTradeId = trade.id();
      newestSeenNs = Math.max(newestSeenNs, trade.timeNs());
      return Optional.empty();
    }
    long price = price(trade.price(), "trade price");
    long qty = size(trade.qty(), "trade quantity");
    if (price == Scale.NONE || qty == Scale.NONE) {
      return Optional.empty(); // its id not taken: a bad trade never holds back the good ones after it
    }
    if (price <= 0 || qty <= 0) {
      log.warn("{}: dropped trade {}: price {} and quantity {} must be above zero", quotes.fqme(), trade.id(),
          trade.price(), trade.qty());
      return Optional.empty();
    }
    boolean jumped = restarted || lastTradeId >= 0 && trade.id() > lastTradeId + 1;
    long before = newestSeenNs;
    lastTradeId = trade.id();
    newestSeenNs = Math.max(newestSeenNs, trade.timeNs());
    last = price;
    // a trade's quote carries its own venue time (never a later ticker's): datad cuts recent bars by it
    lastTradeTimeNs = Math.max(lastTradeTimeNs, trade.timeNs());
    gap = jumped ? new Gap(before, lastTradeTimeNs) : null;
    lastTimeNs = Math.max(lastTimeNs, lastTradeTimeNs);
    return Optional.of(quotes.tick(TickKind.TRADE, price, qty).build(lastTradeTimeNs, last, bid, ask));
  }

  /** The gap the trade last passed on came after (see the class comment), once; null when it came after none. */
  Gap takeGap() {
    Gap taken = gap;
    gap = null;
    return taken;
  }

  /** The venue time of the newest trade passed on as a quote; 0 before the first. */
  long lastTradeTimeNs() {
    return lastTradeTimeNs;
  }

  /** A trade snapshot has been read: later snapshots (after a reconnect) replay trades the gap may have missed. */
  void tradeSnapshotDone() {
    tradesLive = true;
  }

  private long price(BigDecimal value, String what) {
    return units(quotes.priceScale(), value, what);
  }

  private long size(BigDecimal value, String what) {
    return units(quotes.sizeScale(), value, what);
  }

  /** {@code value} in the pair's units; NONE when absent, or (logged) when off the pair's scale. */
  private long units(Scale scale, BigDecimal value, String what) {
    try {
      return scale.unitsOrNone(value);
    } catch (ArithmeticException e) {
      log.warn("{}: dropped a {} off the pair's scale ({}): {}", quotes.fqme(), what, scale, value); // toString: never a plain gigabyte
      return Scale.NONE;
    }
  }
}
