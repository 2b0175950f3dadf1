package piker.backends.sim.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.contracts.market.DecimalText;
import piker.contracts.market.Quote;
import piker.contracts.market.Scale;
import piker.contracts.market.TickKind;

/**
 * The venue's {@code ticks} events (and subscribe snapshots) as quotes, read straight into the market's
 * scaled longs. A price or size off the market's scale is an error the venue should never make: that tick is
 * logged and dropped, never rounded; the rest of the event goes on.
 */
final class SimQuotes {
  private static final Logger log = LoggerFactory.getLogger(SimQuotes.class);

  private SimQuotes() {}

  /**
   * A venue event as quotes, one per venue instant among its ticks (a walk that caught up sends several
   * steps in one event): each quote's time is its ticks' own, so a trade falls in the bar of its own time
   * and can be told from a kline's cut-off. The last quote carries the event's book; earlier ones the
   * prices their own ticks set. {@code market} is the market's quote maker; calls for one market are
   * serialised on it.
   */
  static List<Quote> toQuotes(JsonNode event, Quote.Builder market) {
    synchronized (market) {
      try {
        return readQuotes(event, market);
      } catch (RuntimeException e) {
        market.discard(); // a malformed event's ticks never leak into the next event's quote
        throw e;
      }
    }
  }

  private static List<Quote> readQuotes(JsonNode event, Quote.Builder market) {
    long eventTime = event.path("time_ns").asLong();
    List<Quote> quotes = new ArrayList<>(1);
    long time = eventTime;
    long last = Scale.NONE;
    long bid = Scale.NONE;
    long ask = Scale.NONE;
    for (JsonNode tick : event.path("ticks")) {
      long tickTime = tick.path("time_ns").asLong(eventTime);
      if (market.hasTicks() && tickTime != time) {
        quotes.add(market.build(time, last, bid, ask));
        last = Scale.NONE;
        bid = Scale.NONE;
        ask = Scale.NONE;
      }
      time = tickTime;
      String type = tick.path("type").asText();
      TickKind kind = TickKind.parse(type);
      long price = units(market.priceScale(), tick, "price");
      long size = units(market.sizeScale(), tick, "size");
      if (kind == null || price == Scale.NONE || size == Scale.NONE) {
        log.warn("{}: dropped a tick the venue sent off the market's scale or of an unknown type: {}", market.fqme(),
            tick);
        continue;
      }
      market.tick(kind, price, size);
      switch (kind) {
        case TRADE -> last = price;
        case BID -> bid = price;
        case ASK -> ask = price;
        default -> { }
      }
    }
    quotes.add(market.build(time, book(market, event, "last"), book(market, event, "bid"),
        book(market, event, "ask")));
    return quotes;
  }

  /** A tick's price or size in units; NONE when it is off the scale (the caller drops the tick). */
  private static long units(Scale scale, JsonNode tick, String field) {
    JsonNode value = tick.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing '" + field + "'");
    }
    try {
      return DecimalText.units(scale, value.asText());
    } catch (ArithmeticException e) {
      return Scale.NONE;
    }
  }

  /** The event's last, bid or ask in units; NONE when absent, or (logged) off the market's scale. */
  private static long book(Quote.Builder market, JsonNode event, String field) {
    if (!event.hasNonNull(field)) {
      return Scale.NONE;
    }
    try {
      return DecimalText.units(market.priceScale(), event.get(field).asText());
    } catch (ArithmeticException e) {
      log.warn("{}: ignored a {} the venue sent off the market's scale: {}", market.fqme(), field, event.get(field));
      return Scale.NONE;
    }
  }
}
