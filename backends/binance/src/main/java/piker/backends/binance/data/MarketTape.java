package piker.backends.binance.data;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.Scale;
import piker.contracts.market.TickKind;
import piker.contracts.names.Fqme;

/**
 * One market's live state from the streams, pure: the ticks it has passed on, so a tick a reconnect or a
 * second connection delivers again is dropped (trades by id {@code t}, book tickers by {@code u},
 * docs/venues/binance.md 13.6), the latest last/bid/ask, and each trade's quote time.
 *
 * <p>Quote time of a trade: its venue time {@code T} in ms, plus a nanosecond step per trade inside the same
 * millisecond, so times rise strictly with trade ids. A kline's last trade id then names an exact instant
 * ({@link #cutAfter}): the trades up to it are in the kline, every later one has a later time.
 *
 * <p>Trade ids rise by one per trade of a symbol, so a trade passed on after a jump in them (a reconnect's outage,
 * a bad trade dropped) tells of trades the stream missed: {@link #takeGap} names the gap for datad to repair
 * its bars with the venue's.
 *
 * <p>Prices and sizes become the market's scaled longs here, exactly: a value off the market's tick or lot
 * (which Binance's filters forbid) is logged and its tick dropped, never rounded.
 */
public final class MarketTape {
  /** Trade times remembered for {@link #cutAfter}: a few seconds of a busy market. */
  static final int REMEMBERED = 8192;
  private static final long NANOS_PER_MS = 1_000_000;
  private static final Logger log = LoggerFactory.getLogger(MarketTape.class);

  private final Quote.Builder quotes;
  private final long[] ids = new long[REMEMBERED];
  private final long[] stamps = new long[REMEMBERED];
  private long firstTradeId = -1;
  private long lastTradeId = -1;
  private long lastStamp = Long.MIN_VALUE;
  /**
   * No later than the venue time of trade {@link #lastTradeId}: its quote time, or for a trade taken as seen from a
   * kline ({@link #cutNow}) that kline's open. A gap after it starts here, never at a local clock's instant.
   */
  private long lastTradeAtOrAfterNs = Long.MIN_VALUE;
  private long lastBookUpdate = -1;
  /** Book tickers dropped for an update id not above the last: logged at the first and every so many after. */
  private long staleBooks;
  private static final long STALE_BOOKS_LOGGED_EVERY = 10_000;
  private long last = Scale.NONE;
  private long bid = Scale.NONE;
  private long ask = Scale.NONE;
  /** The gap before the trade last passed on, until taken; null when none. */
  private Gap gap;
  /**
   * Before the stream has passed on a trade: the venue's newest trade id as REST told it after the streams were
   * asked for, and when (ns). A first streamed trade past it by more than one tells of trades the stream missed
   * (a link down from the start: a quiet market's, whose next trade may come an hour later).
   */
  private long referenceId = -1;
  private long referenceNs = Long.MIN_VALUE;

  /** Trades missed between two quote times: those of the trades passed on before and after them. */
  public record Gap(long lastBeforeNs, long firstAfterNs) {}

  public MarketTape(Fqme fqme, Scale priceScale, Scale sizeScale) {
    this.quotes = new Quote.Builder(fqme, priceScale, sizeScale);
  }

  public MarketTape(MktPair market) {
    this(market.fqme(), market.priceScale(), market.sizeScale());
  }

  public Fqme fqme() {
    return quotes.fqme();
  }

  /** A trade as a quote; empty when it was passed on already. */
  public Optional<Quote> trade(StreamMessage.Trade trade) {
    if (trade.id() <= lastTradeId) {
      return Optional.empty();
    }
    long price = units(quotes.priceScale(), trade.price(), "trade price");
    long size = units(quotes.sizeScale(), trade.quantity(), "trade quantity");
    if (price == Scale.NONE || size == Scale.NONE) {
      return Optional.empty(); // its id not taken: a bad trade never holds back the good ones after it
    }
    if (price <= 0 || size <= 0) {
      log.warn("{}: dropped trade {}: price {} and quantity {} must be above zero", quotes.fqme(), trade.id(),
          trade.price(), trade.quantity());
      return Optional.empty();
    }
    long stamp = Math.max(trade.timeMs() * NANOS_PER_MS, lastStamp + 1);
    if (firstTradeId < 0) {
      firstTradeId = trade.id();
    }
    if (lastTradeId >= 0) {
      gap = trade.id() > lastTradeId + 1 ? new Gap(lastTradeAtOrAfterNs, stamp) : null;
    } else {
      // trade referenceId was before the REST answer: the ones after it are later than that instant less a second
      gap = referenceId >= 0 && trade.id() > referenceId + 1 ? new Gap(referenceNs - 1_000_000_000L, stamp) : null;
    }
    lastTradeId = trade.id();
    lastStamp = stamp;
    lastTradeAtOrAfterNs = stamp;
    int slot = (int) Math.floorMod(trade.id(), (long) REMEMBERED);
    ids[slot] = trade.id();
    stamps[slot] = stamp;
    last = price;
    return Optional.of(quotes.tick(TickKind.TRADE, price, size).build(stamp, last, bid, ask));
  }

  /** A book ticker as a quote stamped {@code receivedNs} (it carries no time); empty when seen already. */
  public Optional<Quote> book(StreamMessage.BookTicker book, long receivedNs) {
    if (book.updateId() <= lastBookUpdate) {
      if (staleBooks++ % STALE_BOOKS_LOGGED_EVERY == 0) {
        log.warn("{}: dropped a book ticker whose update id {} is not above the last one passed on ({}); {} so far",
            quotes.fqme(), book.updateId(), lastBookUpdate, staleBooks);
      }
      return Optional.empty();
    }
    long bidPrice = level(units(quotes.priceScale(), book.bid(), "bid"), book.bid(), "bid");
    long bidSize = quantity(units(quotes.sizeScale(), book.bidQty(), "bid quantity"), book.bidQty(), "bid");
    long askPrice = level(units(quotes.priceScale(), book.ask(), "ask"), book.ask(), "ask");
    long askSize = quantity(units(quotes.sizeScale(), book.askQty(), "ask quantity"), book.askQty(), "ask");
    if ((bidPrice == Scale.NONE || bidSize == Scale.NONE) && (askPrice == Scale.NONE || askSize == Scale.NONE)) {
      return Optional.empty(); // nothing usable: its update id not taken either
    }
    if (bidPrice != Scale.NONE && askPrice != Scale.NONE && bidPrice > askPrice) {
      // a crossed book no matching engine leaves: never a touch paper could fill against
      log.warn("{}: dropped a book ticker with its bid {} above its ask {}", quotes.fqme(), book.bid(), book.ask());
      return Optional.empty();
    }
    lastBookUpdate = book.updateId();
    if (bidPrice != Scale.NONE && bidSize != Scale.NONE) {
      bid = bidPrice;
      quotes.tick(TickKind.BID, bidPrice, bidSize);
    }
    if (askPrice != Scale.NONE && askSize != Scale.NONE) {
      ask = askPrice;
      quotes.tick(TickKind.ASK, askPrice, askSize);
    }
    return quotes.hasTicks() ? Optional.of(quotes.build(receivedNs, last, bid, ask)) : Optional.empty();
  }

  /**
   * The startup quote from REST: fills what the streams have not told yet; never replaces a newer
   * streamed price.
   */
  public Quote startup(BigDecimal restLast, BigDecimal restBid, BigDecimal restAsk, long nowNs) {
    if (last == Scale.NONE && restLast != null) {
      last = units(quotes.priceScale(), restLast, "last");
    }
    if (bid == Scale.NONE) {
      bid = restBid == null ? Scale.NONE : units(quotes.priceScale(), restBid, "bid");
      ask = restAsk == null ? Scale.NONE : units(quotes.priceScale(), restAsk, "ask");
    }
    return quotes.build(Math.max(nowNs, lastStamp), last, bid, ask);
  }

  /** A book side's price, NONE when there is no level (a zero price: an empty side) or (logged) a negative one. */
  private long level(long price, BigDecimal value, String what) {
    if (price != Scale.NONE && price < 0) {
      log.warn("{}: dropped a {} of {}: a price is never negative", quotes.fqme(), what, value);
      return Scale.NONE;
    }
    return price == 0 ? Scale.NONE : price;
  }

  /** A book side's quantity; NONE (logged) when negative. */
  private long quantity(long size, BigDecimal value, String what) {
    if (size != Scale.NONE && size < 0) {
      log.warn("{}: dropped a {} quantity of {}: a quantity is never negative", quotes.fqme(), what, value);
      return Scale.NONE;
    }
    return size;
  }

  /** {@code value} in the market's units; NONE (logged) when it is off the market's scale. */
  private long units(Scale scale, BigDecimal value, String what) {
    try {
      return scale.units(value);
    } catch (ArithmeticException e) {
      log.warn("{}: dropped a {} off the market's scale ({}): {}", quotes.fqme(), what, scale, value); // toString: never a plain gigabyte
      return Scale.NONE;
    }
  }

  /**
   * The instant that splits the trades a kline holds ({@code klineTrades} of them, ids up to
   * {@code klineLastTradeId}, opening at {@code klineOpenMs}) from the later ones this tape passes on, when it can be named: every trade at or
   * before it is in the kline or in an earlier period, every later one has a later time. Empty while the
   * streams have not caught up with the kline, or when the kline is older than this tape's first trade
   * by more than one trade (those trades are in neither): ask again with a newer kline.
   */
  public OptionalLong cutAfter(long klineLastTradeId, long klineTrades, long klineOpenMs) {
    // web-socket-streams.md defines "n": number of trades; what L holds in a kline without trades is not said
    if (klineTrades == 0) {
      // nothing traded in the kline's period yet: its trades are all live ones
      long beforeOpen = klineOpenMs * NANOS_PER_MS - 1;
      return lastStamp > beforeOpen ? OptionalLong.empty() : OptionalLong.of(beforeOpen);
    }
    if (lastTradeId < klineLastTradeId) {
      return OptionalLong.empty(); // the trade stream is behind the kline: its trades up to L are on their way
    }
    if (klineLastTradeId == firstTradeId - 1) {
      OptionalLong first = stamp(firstTradeId);
      return first.isPresent() ? OptionalLong.of(first.getAsLong() - 1) : first;
    }
    return klineLastTradeId < firstTradeId ? OptionalLong.empty() : stamp(klineLastTradeId);
  }

  /**
   * For a quiet market whose stream has passed on no trade at all while a kline's came and went: its trades
   * happened before the stream began, so the cut is now, and every trade stamped later is stamped after it.
   */
  public OptionalLong cutNow(long klineLastTradeId, long klineTrades, long klineOpenMs, long nowNs) {
    if (firstTradeId >= 0) {
      return OptionalLong.empty();
    }
    lastStamp = Math.max(lastStamp, nowNs);
    // a trade of the kline's that still came would be counted twice: it is passed on as seen already
    if (klineTrades > 0) {
      lastTradeId = Math.max(lastTradeId, klineLastTradeId);
      lastTradeAtOrAfterNs = klineOpenMs * NANOS_PER_MS; // trade L is in the kline: at or after its open
    }
    return OptionalLong.of(lastStamp);
  }

  /** A remembered trade's quote time; empty when it is too far back. */
  private OptionalLong stamp(long tradeId) {
    int slot = (int) Math.floorMod(tradeId, (long) REMEMBERED);
    return ids[slot] == tradeId ? OptionalLong.of(stamps[slot]) : OptionalLong.empty();
  }

  /**
   * The venue's newest trade id ({@code lastId} of its 24 h ticker), read at {@code atNs} after the market's streams
   * were asked for: what a first streamed trade is checked against for a gap. Ignored once a trade was taken, or
   * when the venue names none ({@code -1}: no trade in a day).
   */
  public void newestTradeWas(long lastId, long atNs) {
    if (lastTradeId < 0 && lastId >= 0) {
      referenceId = lastId;
      referenceNs = atNs;
    }
  }

  /** The gap the trade last passed on came after (see the class comment), once; null when it came after none. */
  public Gap takeGap() {
    Gap taken = gap;
    gap = null;
    return taken;
  }

  public long lastTradeId() {
    return lastTradeId;
  }
}
