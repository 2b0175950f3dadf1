package piker.emsd.journal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.OrderResp;
import piker.emsd.journal.JournalCodec.Malformed;
import piker.emsd.orders.Dialog;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;

/**
 * Reads format version 1 (written until issue 16): each value was Pekko's jackson-cbor serializer's
 * bytes under its manifest, the class name of the day. Those names are only keys here: each maps to a
 * decoder that reads the CBOR map's fields by their version-1 names into today's types, so a later
 * rename or reshuffle of the Java records changes nothing for an old journal. Read only; nothing writes
 * version 1 any more.
 */
final class JournalV1 {
  /** Pekko's id for its jackson-cbor serializer, the only one version 1 used for the journal. */
  private static final int JACKSON_CBOR = 33;
  private static final String ORDERS = "piker.emsd.orders.";
  private static final CBORFactory CBOR = new CBORFactory();

  private static final Map<String, Function<Map<String, Object>, OrderEvent>> EVENTS = Map.of(
      ORDERS + "OrderEvent$Accepted", f -> new OrderEvent.Accepted(dialog(map(f, "dialog"))),
      ORDERS + "OrderEvent$Modified", f -> new OrderEvent.Modified(text(f, "oid"), decimal(f, "price"),
          decimal(f, "size"), flag(f, "above")),
      ORDERS + "OrderEvent$Triggered", f -> new OrderEvent.Triggered(text(f, "oid"), decimal(f, "submitPrice")),
      ORDERS + "OrderEvent$Acked", f -> new OrderEvent.Acked(text(f, "oid"), text(f, "reqid")),
      ORDERS + "OrderEvent$Opened", f -> new OrderEvent.Opened(text(f, "oid"), flag(f, "resting")),
      ORDERS + "OrderEvent$Filled", f -> new OrderEvent.Filled(text(f, "oid"), text(f, "tid"), decimal(f, "price"),
          decimal(f, "size")),
      ORDERS + "OrderEvent$CancelRequested", f -> new OrderEvent.CancelRequested(text(f, "oid")),
      ORDERS + "OrderEvent$Ended", f -> new OrderEvent.Ended(text(f, "oid"), resp(f), text(f, "reason")));
  private static final String STATE = ORDERS + "OrderState";

  private JournalV1() {}

  static OrderEvent readEvent(ByteBuffer in) {
    Value value = readValue(in);
    Function<Map<String, Object>, OrderEvent> decoder = EVENTS.get(value.manifest());
    if (decoder == null) {
      throw new Malformed("a version-1 value of type \"" + value.manifest() + "\" where an order event was due");
    }
    return decoder.apply(value.fields());
  }

  static OrderState readState(ByteBuffer in) {
    Value value = readValue(in);
    if (!STATE.equals(value.manifest())) {
      throw new Malformed("a version-1 value of type \"" + value.manifest() + "\" where emsd's order state was due");
    }
    List<Dialog> active = new ArrayList<>();
    for (Object item : list(value.fields(), "active")) {
      active.add(dialog(asMap(item, "active")));
    }
    return new OrderState(active, strings(value.fields(), "done"));
  }

  private static Dialog dialog(Map<String, Object> f) {
    return new Dialog(text(f, "oid"), text(f, "account"), action(f), text(f, "fqme"), decimal(f, "price"),
        decimal(f, "size"), flag(f, "dark"), flag(f, "above"), resp(f), decimal(f, "filled"),
        text(f, "reqid"), decimal(f, "submitPrice"), flag(f, "resting"), flag(f, "cancelRequested"),
        strings(f, "tids"), whole(f, "acceptedNs"));
  }

  // ---- one value: serializer id, manifest, CBOR bytes

  private record Value(String manifest, Map<String, Object> fields) {}

  private static Value readValue(ByteBuffer in) {
    int serializer = in.getInt();
    byte[] manifest = new byte[in.getShort() & 0xffff];
    in.get(manifest);
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new Malformed("a value of " + length + " bytes with " + in.remaining() + " left");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    if (serializer != JACKSON_CBOR) {
      throw new Malformed("a value of serializer " + serializer + ", not jackson-cbor (" + JACKSON_CBOR + ")");
    }
    try (InputStream raw = unzipped(bytes); JsonParser parser = CBOR.createParser(raw)) {
      Object tree = tree(parser, parser.nextToken());
      return new Value(new String(manifest, StandardCharsets.UTF_8), asMap(tree, "the value"));
    } catch (IOException e) {
      throw new Malformed("CBOR that does not parse: " + e.getMessage());
    }
  }

  /** Pekko's Jackson serializer may gzip a large value (it says so by the gzip magic). */
  private static InputStream unzipped(byte[] bytes) throws IOException {
    InputStream raw = new ByteArrayInputStream(bytes);
    return bytes.length > 2 && bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b ? new GZIPInputStream(raw) : raw;
  }

  /** The CBOR value at {@code token} as maps, lists, strings, decimals, longs, booleans and nulls. */
  private static Object tree(JsonParser parser, JsonToken token) throws IOException {
    if (token == null) {
      throw new Malformed("CBOR cut short");
    }
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
          String name = parser.currentName();
          fields.put(name, tree(parser, parser.nextToken()));
        }
        return fields;
      }
      case START_ARRAY -> {
        List<Object> items = new ArrayList<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
          items.add(tree(parser, next));
        }
        return items;
      }
      case VALUE_STRING -> {
        return parser.getText();
      }
      case VALUE_NUMBER_FLOAT -> {
        return parser.getDecimalValue();
      }
      case VALUE_NUMBER_INT -> {
        return new BigDecimal(parser.getBigIntegerValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return token == JsonToken.VALUE_TRUE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new Malformed("a CBOR " + token + " where a value was due");
    }
  }

  // ---- fields by their version-1 names

  private static Object field(Map<String, Object> fields, String name) {
    return fields.get(name);
  }

  private static String text(Map<String, Object> fields, String name) {
    Object value = field(fields, name);
    if (value != null && !(value instanceof String)) {
      throw new Malformed("field " + name + " is not text");
    }
    return (String) value;
  }

  /** Version 1 held the lower-case word (builds between the enums and version 2: the constant's name). */
  private static OrderAction action(Map<String, Object> fields) {
    String word = String.valueOf(text(fields, "action")).toLowerCase(Locale.ROOT);
    return OrderAction.parse(word).orElseThrow(() -> new Malformed("field action is \"" + word + "\""));
  }

  private static OrderResp resp(Map<String, Object> fields) {
    String word = String.valueOf(text(fields, "resp")).toLowerCase(Locale.ROOT);
    return OrderResp.parse(word).orElseThrow(() -> new Malformed("field resp is \"" + word + "\""));
  }

  private static BigDecimal decimal(Map<String, Object> fields, String name) {
    Object value = field(fields, name);
    if (value != null && !(value instanceof BigDecimal)) {
      throw new Malformed("field " + name + " is not a number");
    }
    return (BigDecimal) value;
  }

  private static boolean flag(Map<String, Object> fields, String name) {
    Object value = field(fields, name);
    if (!(value instanceof Boolean bool)) {
      throw new Malformed("field " + name + " is not true or false");
    }
    return bool;
  }

  private static long whole(Map<String, Object> fields, String name) {
    try {
      return decimal(fields, name).longValueExact();
    } catch (ArithmeticException | NullPointerException e) {
      throw new Malformed("field " + name + " is not a whole number");
    }
  }

  private static List<Object> list(Map<String, Object> fields, String name) {
    Object value = field(fields, name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> items)) {
      throw new Malformed("field " + name + " is not a list");
    }
    return new ArrayList<>(items);
  }

  private static List<String> strings(Map<String, Object> fields, String name) {
    List<String> values = new ArrayList<>();
    for (Object item : list(fields, name)) {
      if (!(item instanceof String text)) {
        throw new Malformed("field " + name + " holds something other than text");
      }
      values.add(text);
    }
    return values;
  }

  private static Map<String, Object> map(Map<String, Object> fields, String name) {
    return asMap(field(fields, name), "field " + name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value, String what) {
    if (!(value instanceof Map<?, ?>)) {
      throw new Malformed(what + " is not a CBOR map");
    }
    return (Map<String, Object>) value;
  }
}
