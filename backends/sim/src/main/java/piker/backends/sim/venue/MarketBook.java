package piker.backends.sim.venue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/** One market's L1 book and last trade, owned by the venue engine. */
final class MarketBook {
  final SimMarket market;
  /** Null for a quiet market: only injected ticks move it. */
  final RandomWalk walk;
  BigDecimal last;
  BigDecimal bid;
  BigDecimal bidSize;
  BigDecimal ask;
  BigDecimal askSize;
  long timeNs;
  /** The next walk step to generate. */
  long nextStep;

  MarketBook(SimMarket market, RandomWalk walk, long nowNs) {
    this.market = market;
    this.walk = walk;
    this.timeNs = nowNs;
    if (walk == null) {
      last = market.reference();
      bid = market.reference().subtract(market.priceTick());
      ask = market.reference().add(market.priceTick());
      bidSize = market.sizeTick().multiply(BigDecimal.valueOf(100));
      askSize = bidSize;
    } else {
      long step = walk.stepAt(nowNs);
      apply(walk.step(step), null, null);
      nextStep = step + 1;
    }
  }

  /** Applies a walk step; appends its ticks to {@code ticks} when given. */
  void apply(RandomWalk.Step step, ArrayNode ticks, VenueJson json) {
    last = step.price();
    bid = step.bid();
    bidSize = step.bidSize();
    ask = step.ask();
    askSize = step.askSize();
    timeNs = step.timeNs();
    if (ticks != null) {
      ticks.add(tick(json, "trade", step.price(), step.size(), step.timeNs()));
      ticks.add(tick(json, "bid", step.bid(), step.bidSize(), step.timeNs()));
      ticks.add(tick(json, "ask", step.ask(), step.askSize(), step.timeNs()));
    }
  }

  /** Applies an injected tick. */
  void inject(String type, BigDecimal price, BigDecimal size, long nowNs) {
    switch (type) {
      case "trade" -> last = price;
      case "bid" -> {
        bid = price;
        bidSize = size;
      }
      case "ask" -> {
        ask = price;
        askSize = size;
      }
      default -> throw new IllegalArgumentException("unknown tick type '" + type + "'; use trade, bid or ask");
    }
    timeNs = nowNs;
  }

  static ObjectNode tick(VenueJson json, String type, BigDecimal price, BigDecimal size, long timeNs) {
    return json.object().put("type", type).put("price", VenueJson.plain(price)).put("size", VenueJson.plain(size))
        .put("time_ns", timeNs);
  }

  /** The market's state, in the shape of a tick event without ticks. */
  ObjectNode snapshot(VenueJson json) {
    return json.object().put("market", market.key()).put("time_ns", timeNs).put("last", VenueJson.plain(last))
        .put("bid", VenueJson.plain(bid)).put("bid_size", VenueJson.plain(bidSize))
        .put("ask", VenueJson.plain(ask)).put("ask_size", VenueJson.plain(askSize));
  }
}
