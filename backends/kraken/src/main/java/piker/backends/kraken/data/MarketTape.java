package piker.backends.kraken.data;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import piker.contracts.market.Quote;
import piker.contracts.market.Tick;
import piker.contracts.names.Fqme;

/**
 * One pair's live state from the public websocket, pure: the latest last/bid/ask and the newest trade id
 * passed on, so a trade a reconnect's snapshot delivers again is dropped and the ones the gap missed (the
 * snapshot holds the 50 newest) are passed on once (docs/venues/kraken.md 8.5, 13.6). The first ticker
 * snapshot is the startup quote; trades of the first trade snapshot are history, not ticks.
 */
final class MarketTape {
  private final Fqme fqme;
  private long lastTradeId = -1;
  private long lastTimeNs;
  private long lastTradeTimeNs;
  private BigDecimal last;
  private BigDecimal bid;
  private BigDecimal bidQty;
  private BigDecimal ask;
  private BigDecimal askQty;
  private boolean started;
  /** A trade snapshot now replays what we may have missed: the first one is history. */
  private boolean tradesLive;

  MarketTape(Fqme fqme) {
    this.fqme = fqme;
  }

  Fqme fqme() {
    return fqme;
  }

  /** Whether the startup quote is known (the first ticker snapshot arrived). */
  boolean started() {
    return started;
  }

  /** The quote a late listener starts from: the tape's state now, no ticks. */
  Quote startupQuote() {
    return new Quote(fqme, lastTimeNs, last, bid, ask, List.of());
  }

  /**
   * A ticker entry as a quote: the first snapshot is the startup quote (no ticks); later entries give a
   * {@code bid} or {@code ask} tick for each side whose price or quantity changed, empty when none did.
   */
  Optional<Quote> ticker(WsMessage.Ticker ticker) {
    lastTimeNs = Math.max(lastTimeNs, ticker.timeNs());
    if (!started) {
      started = true;
      bid = ticker.bid();
      bidQty = ticker.bidQty();
      ask = ticker.ask();
      askQty = ticker.askQty();
      if (ticker.last() != null) {
        last = ticker.last();
      }
      return Optional.of(startupQuote());
    }
    List<Tick> ticks = new ArrayList<>(2);
    if (ticker.bid() != null && !(same(ticker.bid(), bid) && same(ticker.bidQty(), bidQty))) {
      bid = ticker.bid();
      bidQty = ticker.bidQty();
      ticks.add(new Tick("bid", bid, bidQty));
    }
    if (ticker.ask() != null && !(same(ticker.ask(), ask) && same(ticker.askQty(), askQty))) {
      ask = ticker.ask();
      askQty = ticker.askQty();
      ticks.add(new Tick("ask", ask, askQty));
    }
    return ticks.isEmpty() ? Optional.empty() : Optional.of(new Quote(fqme, lastTimeNs, last, bid, ask, ticks));
  }

  /**
   * A trade as a quote; empty when passed on already (its id is not newer), or when it is in the first
   * snapshot (it happened before the subscription: history).
   */
  Optional<Quote> trade(WsMessage.Trade trade) {
    if (trade.id() <= lastTradeId) {
      return Optional.empty();
    }
    boolean history = trade.snapshot() && !tradesLive;
    lastTradeId = trade.id();
    tradesLive |= !trade.snapshot();
    if (history) {
      return Optional.empty();
    }
    last = trade.price();
    // a trade's quote carries its own venue time (never a later ticker's): datad cuts recent bars by it
    lastTradeTimeNs = Math.max(lastTradeTimeNs, trade.timeNs());
    lastTimeNs = Math.max(lastTimeNs, lastTradeTimeNs);
    return Optional.of(new Quote(fqme, lastTradeTimeNs, last, bid, ask, List.of(new Tick("trade", trade.price(),
        trade.qty()))));
  }

  /** A trade snapshot has been read: later snapshots (after a reconnect) replay trades the gap may have missed. */
  void tradeSnapshotDone() {
    tradesLive = true;
  }

  /** Exactly equal decimals, scale included: 740.0 and 740.00 differ only in how Kraken wrote them. */
  private static boolean same(BigDecimal a, BigDecimal b) {
    return Objects.equals(a, b) || a != null && b != null && a.compareTo(b) == 0;
  }
}
