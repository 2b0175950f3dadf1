package piker.backends.binance.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One market's public data: its trades (a seeded deterministic history, then whatever is injected or
 * filled) and its top of book. Not thread-safe: the fake guards it with its own lock.
 */
final class Tape {
  record Trade(long id, long time, BigDecimal price, BigDecimal qty, boolean buyerMaker) {}

  record Top(BigDecimal bid, BigDecimal bidQty, BigDecimal ask, BigDecimal askQty, long updateId) {}

  final Catalogue.Market market;
  private final List<Trade> trades = new ArrayList<>();
  private final Map<String, Long> lastKlineOpen = new HashMap<>();
  private Top top;
  private long nextTradeId = 1;
  private long nextUpdateId = 400_900_000;

  /**
   * History: {@code spanMs / stepMs} trades, one every {@code stepMs}, the last a full step before
   * {@code start} (so every history bar of 1 s has closed), priced by a random walk seeded by the symbol.
   */
  Tape(Catalogue.Market market, long start, long spanMs, long stepMs) {
    this.market = market;
    Random random = new Random(market.symbol().hashCode());
    long aligned = start - start % stepMs;
    long ticks = market.seedPrice().divide(market.tickSize()).longValue();
    for (long time = aligned - spanMs; time < aligned; time += stepMs) {
      ticks = Math.max(1, ticks + Math.round(random.nextGaussian() * Math.max(1, ticks / 5000)));
      BigDecimal qty = market.stepSize().multiply(BigDecimal.valueOf(1 + random.nextInt(500)));
      record(time, market.tickSize().multiply(BigDecimal.valueOf(ticks)), qty, random.nextBoolean());
    }
    BigDecimal last = lastPrice();
    BigDecimal depth = market.stepSize().multiply(BigDecimal.valueOf(100_000));
    top = new Top(last.subtract(market.tickSize()), depth, last.add(market.tickSize()), depth, nextUpdateId++);
  }

  Trade record(long time, BigDecimal price, BigDecimal qty, boolean buyerMaker) {
    Trade trade = new Trade(nextTradeId++, time, price, qty, buyerMaker);
    trades.add(trade);
    return trade;
  }

  List<Trade> trades() {
    return trades;
  }

  BigDecimal lastPrice() {
    return trades.isEmpty() ? market.seedPrice() : trades.get(trades.size() - 1).price();
  }

  Top top() {
    return top;
  }

  Top setTop(BigDecimal bid, BigDecimal bidQty, BigDecimal ask, BigDecimal askQty) {
    top = new Top(bid, bidQty, ask, askQty, nextUpdateId++);
    return top;
  }

  /** The book after our order took {@code qty} from one side (the fake's book has only its top level). */
  void consume(boolean askSide, BigDecimal qty) {
    top = askSide
        ? new Top(top.bid(), top.bidQty(), top.ask(), top.askQty().subtract(qty).max(BigDecimal.ZERO), nextUpdateId++)
        : new Top(top.bid(), top.bidQty().subtract(qty).max(BigDecimal.ZERO), top.ask(), top.askQty(), nextUpdateId++);
  }

  /** The bar of {@code interval} that {@code time} falls in, with its running values. */
  Klines.Bar barAt(String interval, long time) {
    long open = Klines.openOf(interval, time);
    long next = Klines.nextOpen(interval, open);
    Klines.Bar bar = Klines.Bar.empty(open, next - 1, priceBefore(open));
    int i = trades.size();
    while (i > 0 && trades.get(i - 1).time() >= open) {
      i--;
    }
    for (; i < trades.size() && trades.get(i).time() < next; i++) {
      bar = bar.with(trades.get(i));
    }
    return bar;
  }

  private BigDecimal priceBefore(long time) {
    for (int i = trades.size() - 1; i >= 0; i--) {
      if (trades.get(i).time() < time) {
        return trades.get(i).price();
      }
    }
    return market.seedPrice();
  }

  /**
   * The previous open of {@code interval} the stream last reported, replaced by this one: a change means
   * the earlier bar has closed and is sent once more with x = true.
   */
  Long swapKlineOpen(String interval, long open) {
    Long previous = lastKlineOpen.put(interval, open);
    return previous == null || previous == open ? null : previous;
  }

  ObjectNode tradeEvent(Trade trade, long eventTime) {
    ObjectNode event = Wire.object();
    event.put("e", "trade");
    event.put("E", eventTime);
    event.put("s", market.symbol());
    event.put("t", trade.id());
    event.put("p", Wire.decimal(trade.price()));
    event.put("q", Wire.decimal(trade.qty()));
    event.put("T", trade.time());
    event.put("m", trade.buyerMaker());
    event.put("M", true);
    return event;
  }

  ObjectNode bookTicker(boolean stream) {
    ObjectNode node = Wire.object();
    if (stream) {
      node.put("u", top.updateId());
    }
    node.put(stream ? "s" : "symbol", market.symbol());
    node.put(stream ? "b" : "bidPrice", Wire.decimal(top.bid()));
    node.put(stream ? "B" : "bidQty", Wire.decimal(top.bidQty()));
    node.put(stream ? "a" : "askPrice", Wire.decimal(top.ask()));
    node.put(stream ? "A" : "askQty", Wire.decimal(top.askQty()));
    return node;
  }
}
