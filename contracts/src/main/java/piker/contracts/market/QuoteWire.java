package piker.contracts.market;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Arrays;
import piker.contracts.names.Fqme;
import piker.contracts.names.KnownFqmes;

/**
 * A {@link Quote}'s wire form: one flat array {@code [fqme, timeNs, priceDecimals, sizeDecimals, last, bid,
 * ask, kind, price, size, kind, price, size, ...]}, every value an integer (CBOR writes small ones in one to
 * five bytes), {@link Scale#NONE} as null, a tick's kind as its {@link TickKind} ordinal. No decimal is made
 * on either side. Both ends keep the fqme's text per {@link Fqme} they saw last: a stream repeats one market,
 * and parsing (or printing) an fqme per quote was a good part of what a quote cost.
 */
final class QuoteWire {
  private QuoteWire() {}

  /** An fqme with its wire text. */
  private record Named(Fqme fqme, String text) {}

  /** Bound to {@link Quote} by annotation: one instance per ObjectMapper, so per ActorSystem. */
  static final class Writer extends StdSerializer<Quote> {
    /** The last fqme written and its text; replaced whole, so threads sharing the writer see either pair. */
    private volatile Named last = new Named(null, null);

    Writer() {
      super(Quote.class);
    }

    @Override
    public void serialize(Quote quote, JsonGenerator out, SerializerProvider provider) throws IOException {
      long[] ticks = quote.packedTicks();
      out.writeStartArray(quote, 7 + ticks.length);
      out.writeString(text(quote.fqme()));
      out.writeNumber(quote.timeNs());
      out.writeNumber(quote.priceScale().decimals());
      out.writeNumber(quote.sizeScale().decimals());
      units(out, quote.lastUnits());
      units(out, quote.bidUnits());
      units(out, quote.askUnits());
      for (long value : ticks) {
        units(out, value);
      }
      out.writeEndArray();
    }

    private String text(Fqme fqme) {
      Named seen = last;
      if (seen.fqme() != fqme) {
        seen = new Named(fqme, fqme.toString());
        last = seen;
      }
      return seen.text();
    }

    private static void units(JsonGenerator out, long value) throws IOException {
      if (value == Scale.NONE) {
        out.writeNull();
      } else {
        out.writeNumber(value);
      }
    }
  }

  /** Bound to {@link Quote} by annotation: one instance per ObjectMapper, so per ActorSystem. */
  static final class Reader extends StdDeserializer<Quote> {
    /** Markets seen, by their wire text: a receiving JVM parses each market's fqme once. */
    private final KnownFqmes fqmes = new KnownFqmes();

    Reader() {
      super(Quote.class);
    }

    @Override
    public Quote deserialize(JsonParser in, DeserializationContext context) throws IOException {
      if (in.currentToken() != JsonToken.START_ARRAY) {
        return (Quote) context.handleUnexpectedToken(Quote.class, in);
      }
      Fqme fqme = fqme(in.nextTextValue(), in);
      long timeNs = whole(in, false);
      Scale priceScale = scale(in);
      Scale sizeScale = scale(in);
      long last = whole(in, true);
      long bid = whole(in, true);
      long ask = whole(in, true);
      long[] ticks = new long[Quote.STRIDE];
      int length = 0;
      while (in.nextToken() != JsonToken.END_ARRAY) {
        if (length == ticks.length) {
          ticks = Arrays.copyOf(ticks, length * 2);
        }
        boolean kind = length % Quote.STRIDE == 0; // a kind is never null; a price or a size may be
        ticks[length] = current(in, !kind);
        length++;
      }
      if (length % Quote.STRIDE != 0) {
        throw new IOException("a quote's ticks come in threes (kind, price, size), got " + length + " values");
      }
      for (int at = 0; at < length; at += Quote.STRIDE) {
        if (ticks[at] < 0 || ticks[at] >= TickKind.values().length) {
          throw new IOException("unknown tick kind " + ticks[at]);
        }
      }
      return new Quote(fqme, timeNs, priceScale, sizeScale, last, bid, ask,
          length == ticks.length ? ticks : Arrays.copyOf(ticks, length));
    }

    private Fqme fqme(String text, JsonParser in) throws IOException {
      if (text == null) {
        throw new IOException("a quote starts with its fqme, got " + in.currentToken());
      }
      return fqmes.of(text);
    }

    private static Scale scale(JsonParser in) throws IOException {
      try {
        return Scale.of(Math.toIntExact(whole(in, false)));
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new IOException("bad scale in a quote: " + e.getMessage(), e);
      }
    }

    private static long whole(JsonParser in, boolean nullable) throws IOException {
      in.nextToken();
      return current(in, nullable);
    }

    private static long current(JsonParser in, boolean nullable) throws IOException {
      JsonToken token = in.currentToken();
      if (token == JsonToken.VALUE_NUMBER_INT) {
        long value = in.getLongValue();
        if (value == Scale.NONE) {
          throw new IOException("a quote's value may not be " + Scale.NONE);
        }
        return value;
      }
      if (nullable && token == JsonToken.VALUE_NULL) {
        return Scale.NONE;
      }
      throw new IOException("expected a whole number in a quote, got " + token);
    }
  }
}
