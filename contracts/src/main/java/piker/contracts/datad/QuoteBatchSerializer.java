package piker.contracts.datad;

import java.io.NotSerializableException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import piker.contracts.Payload;
import piker.contracts.daemon.Session;
import piker.contracts.market.Quote;
import piker.contracts.market.Scale;
import piker.contracts.market.TickKind;
import piker.contracts.names.Fqme;
import piker.contracts.names.KnownFqmes;

/**
 * The wire form of a session message, bound to {@link Session.Message}: one carrying a {@link DatadProtocol.QuoteBatch}
 * (what datad streams to every remote subscriber) is written by hand, everything else goes to Jackson CBOR as any
 * other message does. A quote batch is varints: each market's fqme once per message, times as deltas, prices and
 * sizes as the scaled longs they are. Written straight into Artery's buffer ({@link ByteBufferSerializer}), so
 * sending a batch allocates nothing per quote.
 *
 * <p>Layout (version 1): {@code version, sessionId, seq, count}, then per quote {@code market [fqme
 * priceDecimals sizeDecimals], flags [priceDecimals sizeDecimals], timeDelta, [last], [bid], [ask], tickCount,
 * ticks}. {@code market} indexes the message's table of markets; the next index brings the market's fqme and
 * scales. {@code flags} has a bit per known last (1), bid (2) and ask (4), and 8 when the market's scales changed
 * (they follow). A tick is {@code kind | 0x10 when it has a price | 0x20 when it has a size}, then those values.
 * Every price (last, bid, ask, a tick's) is the delta from the price written before it for its market, so a
 * stream of one market costs a byte or two per price. Strings are a length and UTF-8; signed numbers zig-zag
 * varints; times are deltas from the quote before.
 */
public final class QuoteBatchSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {
  /** The most a message takes on the wire besides its quotes and its session id's three bytes a char. */
  public static final int MESSAGE_BOUND = 1 + 10 + 10 + 5 + 5;

  static final int IDENTIFIER = 1801;
  private static final String QUOTES = "Q";
  /** Prefix of a manifest of a message Jackson wrote: the rest is Jackson's own manifest. */
  private static final String JACKSON = "J";
  private static final int VERSION = 1;
  private static final int HAS_PRICE = 0x10;
  private static final int HAS_SIZE = 0x20;
  /** In a quote's flags: the market's scales changed, and follow. */
  private static final int RESCALED = 8;
  private static final int KINDS = TickKind.values().length;

  private final ExtendedActorSystem system;
  /** Markets whose fqme this system has read: parsed once each. */
  private final KnownFqmes fqmes = new KnownFqmes();
  private volatile SerializerWithStringManifest jackson;

  public QuoteBatchSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object message) {
    return isQuotes(message) ? QUOTES : JACKSON + jackson().manifest(message);
  }

  @Override
  public byte[] toBinary(Object message) {
    if (!isQuotes(message)) {
      return jackson().toBinary(message);
    }
    ByteBuffer buffer = ByteBuffer.allocate(bound((Session.Message) message));
    writeQuotes((Session.Message) message, buffer);
    return Arrays.copyOf(buffer.array(), buffer.position());
  }

  @Override
  public void toBinary(Object message, ByteBuffer buffer) {
    if (isQuotes(message)) {
      writeQuotes((Session.Message) message, buffer);
    } else {
      buffer.put(jackson().toBinary(message));
    }
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    return fromBinary(ByteBuffer.wrap(bytes), manifest);
  }

  @Override
  public Object fromBinary(ByteBuffer buffer, String manifest) throws NotSerializableException {
    if (QUOTES.equals(manifest)) {
      try {
        return readQuotes(buffer);
      } catch (BufferUnderflowException | IllegalArgumentException | ArithmeticException e) {
        throw new IllegalArgumentException("malformed quote batch: " + e.getMessage(), e);
      }
    }
    if (!manifest.startsWith(JACKSON)) {
      throw new NotSerializableException("unknown manifest '" + manifest + "' for a session message");
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return jackson().fromBinary(bytes, manifest.substring(JACKSON.length()));
  }

  private static boolean isQuotes(Object message) {
    return message instanceof Session.Message sessionMessage && sessionMessage.body() instanceof DatadProtocol.QuoteBatch;
  }

  /** The Jackson CBOR serializer every other wire message uses; looked up once the extension is up. */
  private SerializerWithStringManifest jackson() {
    SerializerWithStringManifest found = jackson;
    if (found == null) {
      found = (SerializerWithStringManifest) SerializationExtension.get(system).findSerializerFor(new Payload.Empty());
      jackson = found;
    }
    return found;
  }

  /** One market of a message, as both ends track it: its scales and the last price written (prices are deltas). */
  private static final class Market {
    final Fqme fqme;
    Scale priceScale;
    Scale sizeScale;
    long price;
    Quote.Builder builder;

    Market(Fqme fqme, Scale priceScale, Scale sizeScale) {
      this.fqme = fqme;
      this.priceScale = priceScale;
      this.sizeScale = sizeScale;
    }

    /** {@code value} as a delta from the last price written, which it becomes. */
    long delta(long value) {
      long delta = value - price;
      price = value;
      return delta;
    }

    long undelta(long delta) {
      price += delta;
      return price;
    }
  }

  private static void writeQuotes(Session.Message message, ByteBuffer out) {
    DatadProtocol.QuoteBatch batch = (DatadProtocol.QuoteBatch) message.body();
    List<Quote> quotes = batch.quotes();
    out.put((byte) VERSION);
    writeString(out, message.sessionId());
    writeVarLong(out, batch.seq());
    writeVarLong(out, quotes.size());
    List<Market> table = new ArrayList<>(1);
    long time = 0;
    for (Quote quote : quotes) {
      int index = indexOf(table, quote.fqme());
      writeVarLong(out, index);
      Market market;
      boolean rescaled = false;
      if (index == table.size()) {
        market = new Market(quote.fqme(), quote.priceScale(), quote.sizeScale());
        table.add(market);
        writeString(out, quote.fqme().toString());
        writeScales(out, market);
      } else {
        market = table.get(index);
        rescaled = !market.priceScale.equals(quote.priceScale()) || !market.sizeScale.equals(quote.sizeScale());
        market.priceScale = quote.priceScale();
        market.sizeScale = quote.sizeScale();
      }
      out.put((byte) ((quote.lastUnits() != Scale.NONE ? 1 : 0) | (quote.bidUnits() != Scale.NONE ? 2 : 0)
          | (quote.askUnits() != Scale.NONE ? 4 : 0) | (rescaled ? RESCALED : 0)));
      if (rescaled) {
        writeScales(out, market);
      }
      writeSigned(out, quote.timeNs() - time);
      time = quote.timeNs();
      writePrice(out, market, quote.lastUnits());
      writePrice(out, market, quote.bidUnits());
      writePrice(out, market, quote.askUnits());
      writeVarLong(out, quote.tickCount());
      for (int i = 0; i < quote.tickCount(); i++) {
        long price = quote.tickPrice(i);
        long size = quote.tickSize(i);
        out.put((byte) (quote.tickKind(i).ordinal() | (price != Scale.NONE ? HAS_PRICE : 0)
            | (size != Scale.NONE ? HAS_SIZE : 0)));
        writePrice(out, market, price);
        if (size != Scale.NONE) {
          writeSigned(out, size);
        }
      }
    }
  }

  private Session.Message readQuotes(ByteBuffer in) {
    int version = in.get();
    if (version != VERSION) {
      throw new IllegalArgumentException("quote batch version " + version + ", this release reads " + VERSION);
    }
    String sessionId = readString(in);
    long seq = readVarLong(in);
    int count = count(in);
    List<Quote> quotes = new ArrayList<>(count);
    List<Market> table = new ArrayList<>(1);
    long time = 0;
    for (int q = 0; q < count; q++) {
      int index = Math.toIntExact(readVarLong(in));
      Market market;
      if (index == table.size()) {
        market = new Market(fqmes.of(readString(in)), Scale.of(in.get()), Scale.of(in.get()));
        table.add(market);
      } else if (index >= 0 && index < table.size()) {
        market = table.get(index);
      } else {
        throw new IllegalArgumentException("market " + index + " is not in the message's table");
      }
      int flags = in.get();
      if ((flags & RESCALED) != 0) {
        market.priceScale = Scale.of(in.get());
        market.sizeScale = Scale.of(in.get());
        market.builder = null;
      }
      if (market.builder == null) {
        market.builder = new Quote.Builder(market.fqme, market.priceScale, market.sizeScale);
      }
      time += readSigned(in);
      long last = (flags & 1) != 0 ? market.undelta(readSigned(in)) : Scale.NONE;
      long bid = (flags & 2) != 0 ? market.undelta(readSigned(in)) : Scale.NONE;
      long ask = (flags & 4) != 0 ? market.undelta(readSigned(in)) : Scale.NONE;
      int ticks = count(in);
      for (int i = 0; i < ticks; i++) {
        int kind = in.get();
        if ((kind & 0x0f) >= KINDS) {
          throw new IllegalArgumentException("unknown tick kind " + (kind & 0x0f));
        }
        long price = (kind & HAS_PRICE) != 0 ? market.undelta(readSigned(in)) : Scale.NONE;
        long size = (kind & HAS_SIZE) != 0 ? readSigned(in) : Scale.NONE;
        market.builder.tick(TickKind.ofOrdinal(kind & 0x0f), price, size);
      }
      quotes.add(market.builder.build(time, last, bid, ask));
    }
    return new Session.Message(sessionId, new DatadProtocol.QuoteBatch(seq, quotes));
  }

  private static void writeScales(ByteBuffer out, Market market) {
    out.put((byte) market.priceScale.decimals());
    out.put((byte) market.sizeScale.decimals());
  }

  private static void writePrice(ByteBuffer out, Market market, long price) {
    if (price != Scale.NONE) {
      writeSigned(out, market.delta(price));
    }
  }

  private static int indexOf(List<Market> table, Fqme fqme) {
    for (int i = 0; i < table.size(); i++) {
      if (table.get(i).fqme == fqme || table.get(i).fqme.equals(fqme)) {
        return i;
      }
    }
    return table.size();
  }

  /** The most bytes a batch can take: what {@link #toBinary(Object)} allocates before it trims. */
  private static int bound(Session.Message message) {
    int bytes = MESSAGE_BOUND + 3 * message.sessionId().length();
    for (Quote quote : ((DatadProtocol.QuoteBatch) message.body()).quotes()) {
      bytes += boundOf(quote);
    }
    return bytes;
  }

  /**
   * The most one quote takes on the wire, in bytes: what a sender counts to keep a message below Artery's
   * frame size ({@code maximum-frame-size}, 256 KiB by default), beyond which Artery drops the message.
   */
  public static int boundOf(Quote quote) {
    // the fqme at most once per quote (it goes once per market and message), at most three bytes a char
    return 5 + 5 + 3 * quote.fqme().textLength() + 2 + 1 + 2 + 10 + 3 * 10 + 5 + quote.tickCount() * 21;
  }

  private static int count(ByteBuffer in) {
    long count = readVarLong(in);
    if (count < 0 || count > in.remaining()) { // every element takes at least a byte
      throw new IllegalArgumentException("a count of " + count + " with " + in.remaining() + " bytes left");
    }
    return (int) count;
  }

  private static void writeString(ByteBuffer out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    writeVarLong(out, bytes.length);
    out.put(bytes);
  }

  private static String readString(ByteBuffer in) {
    byte[] bytes = new byte[count(in)]; // Artery's buffers are direct: no array to read in place
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void writeSigned(ByteBuffer out, long value) {
    writeVarLong(out, (value << 1) ^ (value >> 63));
  }

  private static long readSigned(ByteBuffer in) {
    long zigzag = readVarLong(in);
    return (zigzag >>> 1) ^ -(zigzag & 1);
  }

  private static void writeVarLong(ByteBuffer out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.put((byte) value);
  }

  private static long readVarLong(ByteBuffer in) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.get();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("a varint longer than 10 bytes");
  }
}
