package piker.contracts.market;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import piker.contracts.names.Fqme;

/**
 * A market update: the ticks that happened since the previous quote, plus the latest last/bid/ask, all as
 * scaled {@code long}s in the market's {@link Scale}s (prices in {@link #priceScale()}, sizes in
 * {@link #sizeScale()}; {@link Scale#NONE} is unknown). The ticks are packed into one {@code long[]} (kind
 * ordinal, price units, size units per tick), so a quote is two objects whatever it holds. Immutable: it
 * crosses actors and JVMs (its wire form is {@link QuoteWire}'s).
 *
 * <p>The {@code BigDecimal} and {@link Tick} accessors ({@link #last()}, {@link #ticks()}, ...) materialise
 * on each call: they are for the edges (CLI, charts, tests) and for code not yet on the primitive ones.
 */
@JsonSerialize(using = QuoteWire.Writer.class)
@JsonDeserialize(using = QuoteWire.Reader.class)
public final class Quote {
  /** Longs per packed tick: kind ordinal, price units, size units. */
  static final int STRIDE = 3;

  private final Fqme fqme;
  private final long timeNs;
  private final Scale priceScale;
  private final Scale sizeScale;
  private final long last;
  private final long bid;
  private final long ask;
  private final long[] ticks;

  /** Trusts {@code ticks}: only this package hands over arrays nobody else holds. */
  Quote(Fqme fqme, long timeNs, Scale priceScale, Scale sizeScale, long last, long bid, long ask, long[] ticks) {
    this.fqme = Objects.requireNonNull(fqme, "fqme");
    this.timeNs = timeNs;
    this.priceScale = Objects.requireNonNull(priceScale, "priceScale");
    this.sizeScale = Objects.requireNonNull(sizeScale, "sizeScale");
    this.last = last;
    this.bid = bid;
    this.ask = ask;
    this.ticks = ticks;
  }

  /**
   * Compatibility with the decimal quote this replaced (tests, cold producers): the scales are the most
   * decimals the prices (and the sizes) given have, so every value converts exactly and reads back equal. A
   * tick whose type names no {@link TickKind} (once a free string, which every consumer ignored) cannot be
   * carried and is left out. Code that knows its market uses {@link #of(Fqme, long, Scale, Scale, BigDecimal, BigDecimal, BigDecimal,
   * List)} or a {@link Builder}.
   */
  public Quote(Fqme fqme, long timeNs, BigDecimal last, BigDecimal bid, BigDecimal ask, List<Tick> ticks) {
    this(fqme, timeNs, priceScaleOf(last, bid, ask, ticks), sizeScaleOf(ticks), last, bid, ask, known(ticks));
  }

  private static List<Tick> known(List<Tick> ticks) {
    return ticks == null ? List.of() : ticks.stream().filter(tick -> TickKind.parse(tick.type()) != null).toList();
  }

  private Quote(Fqme fqme, long timeNs, Scale priceScale, Scale sizeScale, BigDecimal last, BigDecimal bid,
                BigDecimal ask, List<Tick> ticks) {
    this(fqme, timeNs, priceScale, sizeScale, priceScale.unitsOrNone(last), priceScale.unitsOrNone(bid),
        priceScale.unitsOrNone(ask), pack(priceScale, sizeScale, ticks));
  }

  /**
   * A quote from decimals, converted exactly into the market's scales.
   *
   * @throws ArithmeticException      when a value is off its scale (never rounded)
   * @throws IllegalArgumentException when a tick's type is not a {@link TickKind}'s wire name
   */
  public static Quote of(Fqme fqme, long timeNs, Scale priceScale, Scale sizeScale, BigDecimal last, BigDecimal bid,
                         BigDecimal ask, List<Tick> ticks) {
    return new Quote(fqme, timeNs, priceScale, sizeScale, last, bid, ask, ticks == null ? List.of() : ticks);
  }

  /** A quote without ticks (a startup quote, a snapshot), from units. */
  public static Quote of(Fqme fqme, long timeNs, Scale priceScale, Scale sizeScale, long last, long bid, long ask) {
    return new Quote(fqme, timeNs, priceScale, sizeScale, last, bid, ask, NO_TICKS);
  }

  /** A quote of one tick (a trade, say), from units: the quote and its three longs, nothing else. */
  public static Quote ofTick(Fqme fqme, long timeNs, Scale priceScale, Scale sizeScale, long last, long bid,
                             long ask, TickKind kind, long price, long size) {
    return new Quote(fqme, timeNs, priceScale, sizeScale, last, bid, ask, new long[] {kind.ordinal(), price, size});
  }

  private static final long[] NO_TICKS = new long[0];

  public Fqme fqme() {
    return fqme;
  }

  /** Venue time of the newest tick, epoch nanoseconds. */
  public long timeNs() {
    return timeNs;
  }

  public Scale priceScale() {
    return priceScale;
  }

  public Scale sizeScale() {
    return sizeScale;
  }

  /** Last trade price in price units; {@link Scale#NONE} when unknown. */
  public long lastUnits() {
    return last;
  }

  /** Best bid in price units; {@link Scale#NONE} when unknown. */
  public long bidUnits() {
    return bid;
  }

  /** Best ask in price units; {@link Scale#NONE} when unknown. */
  public long askUnits() {
    return ask;
  }

  public int tickCount() {
    return ticks.length / STRIDE;
  }

  public TickKind tickKind(int index) {
    return TickKind.ofOrdinal((int) ticks[index * STRIDE]);
  }

  /** The tick's price in price units; {@link Scale#NONE} for a size-only tick. */
  public long tickPrice(int index) {
    return ticks[index * STRIDE + 1];
  }

  /** The tick's size in size units; {@link Scale#NONE} when the venue gave none. */
  public long tickSize(int index) {
    return ticks[index * STRIDE + 2];
  }

  /** Last trade price, exact; null when unknown. Materialised per call: an edge accessor. */
  public BigDecimal last() {
    return priceScale.decimal(last);
  }

  /** Best bid, exact; null when unknown. Materialised per call: an edge accessor. */
  public BigDecimal bid() {
    return priceScale.decimal(bid);
  }

  /** Best ask, exact; null when unknown. Materialised per call: an edge accessor. */
  public BigDecimal ask() {
    return priceScale.decimal(ask);
  }

  /** The ticks in venue order as decimals, materialised per call: an edge accessor. */
  public List<Tick> ticks() {
    int count = tickCount();
    List<Tick> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(new Tick(tickKind(i).wire(), priceScale.decimal(tickPrice(i)), sizeScale.decimal(tickSize(i))));
    }
    return List.copyOf(list);
  }

  /** The packed ticks, for this package's wire form only (never handed out: the quote is immutable). */
  long[] packedTicks() {
    return ticks;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Quote that && timeNs == that.timeNs && last == that.last && bid == that.bid
        && ask == that.ask && fqme.equals(that.fqme) && priceScale.equals(that.priceScale)
        && sizeScale.equals(that.sizeScale) && Arrays.equals(ticks, that.ticks);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fqme, timeNs, last, bid, ask, Arrays.hashCode(ticks));
  }

  @Override
  public String toString() {
    return "Quote[fqme=" + fqme + ", timeNs=" + timeNs + ", last=" + last() + ", bid=" + bid() + ", ask=" + ask()
        + ", ticks=" + ticks() + "]";
  }

  /**
   * Makes one market's quotes from units: a producer keeps one per market (so the market's {@link Fqme} and
   * scales are shared by all its quotes) and uses it from one thread at a time. Each quote costs its own two
   * objects and nothing else.
   */
  public static final class Builder {
    private final Fqme fqme;
    private final Scale priceScale;
    private final Scale sizeScale;
    private long[] pending = new long[2 * STRIDE];
    private int length;

    public Builder(Fqme fqme, Scale priceScale, Scale sizeScale) {
      this.fqme = Objects.requireNonNull(fqme, "fqme");
      this.priceScale = Objects.requireNonNull(priceScale, "priceScale");
      this.sizeScale = Objects.requireNonNull(sizeScale, "sizeScale");
    }

    /** The market's scales and fqme, from its details. */
    public Builder(MktPair market) {
      this(market.fqme(), market.priceScale(), market.sizeScale());
    }

    public Fqme fqme() {
      return fqme;
    }

    public Scale priceScale() {
      return priceScale;
    }

    public Scale sizeScale() {
      return sizeScale;
    }

    /** Adds a tick to the next quote built. */
    public Builder tick(TickKind kind, long price, long size) {
      if (length + STRIDE > pending.length) {
        pending = Arrays.copyOf(pending, pending.length * 2);
      }
      pending[length++] = kind.ordinal();
      pending[length++] = price;
      pending[length++] = size;
      return this;
    }

    /** Whether ticks were added since the last quote was built. */
    public boolean hasTicks() {
      return length > 0;
    }

    /** Forgets the ticks added since the last quote was built (a message that turned out bad). */
    public void discard() {
      length = 0;
    }

    /** The quote of the ticks added since the last one, with the latest last/bid/ask (units or NONE). */
    public Quote build(long timeNs, long last, long bid, long ask) {
      long[] ticks = length == 0 ? NO_TICKS : Arrays.copyOf(pending, length);
      length = 0;
      return new Quote(fqme, timeNs, priceScale, sizeScale, last, bid, ask, ticks);
    }
  }

  private static long[] pack(Scale priceScale, Scale sizeScale, List<Tick> ticks) {
    if (ticks == null || ticks.isEmpty()) {
      return NO_TICKS;
    }
    long[] packed = new long[ticks.size() * STRIDE];
    int at = 0;
    for (Tick tick : ticks) {
      TickKind kind = TickKind.parse(tick.type());
      if (kind == null) {
        throw new IllegalArgumentException("unknown tick type '" + tick.type() + "'");
      }
      packed[at++] = kind.ordinal();
      packed[at++] = priceScale.unitsOrNone(tick.price());
      packed[at++] = sizeScale.unitsOrNone(tick.size());
    }
    return packed;
  }

  private static Scale priceScaleOf(BigDecimal last, BigDecimal bid, BigDecimal ask, List<Tick> ticks) {
    int decimals = Math.max(decimals(last), Math.max(decimals(bid), decimals(ask)));
    for (Tick tick : ticks == null ? List.<Tick>of() : ticks) {
      decimals = Math.max(decimals, decimals(tick.price()));
    }
    return Scale.of(decimals);
  }

  private static Scale sizeScaleOf(List<Tick> ticks) {
    int decimals = 0;
    for (Tick tick : ticks == null ? List.<Tick>of() : ticks) {
      decimals = Math.max(decimals, decimals(tick.size()));
    }
    return Scale.of(decimals);
  }

  /** The decimals a value needs (0 for none or a whole number), capped so the scale exists. */
  private static int decimals(BigDecimal value) {
    return value == null ? 0 : Math.min(Scale.MAX_DECIMALS, Math.max(0, value.scale()));
  }
}
