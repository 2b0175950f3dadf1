package piker.emsd.journal;

import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.OrderResp;
import piker.emsd.orders.Dialog;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;

/**
 * Format version 2 of what the journal and snapshot hold: each value is a one-byte type tag and its
 * fields in a fixed order, written and read here by hand. The tags and field orders are the format:
 * renaming, moving or reordering the Java records changes nothing on disk, and nothing is looked up by
 * class name. A change to what a tag holds is a new tag (or a new format version), never an edit.
 *
 * <p>Fields: a string is its UTF-8 length (-1 for none) and bytes; a decimal is a presence byte, its
 * scale and its unscaled value's two's-complement bytes (length-prefixed); a boolean is 0 or 1; a list
 * is its count and its items. Actions and statuses are their wire words.
 */
final class JournalCodec {
  // ---- the tag table: never renumber, never reuse
  static final byte ACCEPTED = 0x01;
  static final byte MODIFIED = 0x02;
  static final byte TRIGGERED = 0x03;
  static final byte ACKED = 0x04;
  static final byte OPENED = 0x05;
  static final byte FILLED = 0x06;
  static final byte CANCEL_REQUESTED = 0x07;
  static final byte ENDED = 0x08;
  static final byte DIALOG = 0x20;
  static final byte ORDER_STATE = 0x21;

  /** Longer strings and lists than any order holds: a length beyond them is damage. */
  private static final int MAX_LENGTH = 1 << 20;

  private JournalCodec() {}

  /** A value that does not decode: an unknown tag, a bad length, bytes left over. */
  static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message);
    }
  }

  // ---- events

  static void writeEvent(DataOutputStream out, OrderEvent event) throws IOException {
    if (event instanceof OrderEvent.Accepted e) {
      out.writeByte(ACCEPTED);
      writeDialog(out, e.dialog());
    } else if (event instanceof OrderEvent.Modified e) {
      out.writeByte(MODIFIED);
      writeString(out, e.oid());
      writeDecimal(out, e.price());
      writeDecimal(out, e.size());
      out.writeBoolean(e.above());
    } else if (event instanceof OrderEvent.Triggered e) {
      out.writeByte(TRIGGERED);
      writeString(out, e.oid());
      writeDecimal(out, e.submitPrice());
    } else if (event instanceof OrderEvent.Acked e) {
      out.writeByte(ACKED);
      writeString(out, e.oid());
      writeString(out, e.reqid());
    } else if (event instanceof OrderEvent.Opened e) {
      out.writeByte(OPENED);
      writeString(out, e.oid());
      out.writeBoolean(e.resting());
    } else if (event instanceof OrderEvent.Filled e) {
      out.writeByte(FILLED);
      writeString(out, e.oid());
      writeString(out, e.tid());
      writeDecimal(out, e.price());
      writeDecimal(out, e.size());
    } else if (event instanceof OrderEvent.CancelRequested e) {
      out.writeByte(CANCEL_REQUESTED);
      writeString(out, e.oid());
    } else if (event instanceof OrderEvent.Ended e) {
      out.writeByte(ENDED);
      writeString(out, e.oid());
      writeString(out, e.resp().wire());
      writeString(out, e.reason());
    } else {
      // a new kind of event needs its own tag before it can be journaled
      throw new IllegalArgumentException("no journal tag for " + event);
    }
  }

  static OrderEvent readEvent(ByteBuffer in) {
    int at = in.position();
    byte tag = in.get();
    return switch (tag) {
      case ACCEPTED -> new OrderEvent.Accepted(readDialog(in));
      case MODIFIED -> new OrderEvent.Modified(readString(in), readDecimal(in), readDecimal(in), readBoolean(in));
      case TRIGGERED -> new OrderEvent.Triggered(readString(in), readDecimal(in));
      case ACKED -> new OrderEvent.Acked(readString(in), readString(in));
      case OPENED -> new OrderEvent.Opened(readString(in), readBoolean(in));
      case FILLED -> new OrderEvent.Filled(readString(in), readString(in), readDecimal(in), readDecimal(in));
      case CANCEL_REQUESTED -> new OrderEvent.CancelRequested(readString(in));
      case ENDED -> new OrderEvent.Ended(readString(in), readResp(in), readString(in));
      default -> throw unknownTag(tag, at, "an order event");
    };
  }

  // ---- the snapshot's state and its dialogs

  static void writeState(DataOutputStream out, OrderState state) throws IOException {
    out.writeByte(ORDER_STATE);
    List<Dialog> active = state.activeDialogs();
    out.writeInt(active.size());
    for (Dialog dialog : active) {
      writeDialog(out, dialog);
    }
    writeStrings(out, state.doneOids());
  }

  static OrderState readState(ByteBuffer in) {
    expectTag(in, ORDER_STATE, "emsd's order state");
    int count = readLength(in);
    List<Dialog> active = new ArrayList<>(Math.min(count, 1024));
    for (int i = 0; i < count; i++) {
      active.add(readDialog(in));
    }
    return new OrderState(active, readStrings(in));
  }

  private static void writeDialog(DataOutputStream out, Dialog d) throws IOException {
    out.writeByte(DIALOG);
    writeString(out, d.oid());
    writeString(out, d.account());
    writeString(out, d.action().wire());
    writeString(out, d.fqme());
    writeDecimal(out, d.price());
    writeDecimal(out, d.size());
    out.writeBoolean(d.dark());
    out.writeBoolean(d.above());
    writeString(out, d.resp().wire());
    writeDecimal(out, d.filled());
    writeString(out, d.reqid());
    writeDecimal(out, d.submitPrice());
    out.writeBoolean(d.resting());
    out.writeBoolean(d.cancelRequested());
    writeStrings(out, d.tids());
    out.writeLong(d.acceptedNs());
  }

  private static Dialog readDialog(ByteBuffer in) {
    expectTag(in, DIALOG, "an order's dialog");
    return new Dialog(readString(in), readString(in), readAction(in), readString(in), readDecimal(in),
        readDecimal(in), readBoolean(in), readBoolean(in), readResp(in), readDecimal(in), readString(in),
        readDecimal(in), readBoolean(in), readBoolean(in), readStrings(in), in.getLong());
  }

  // ---- fields

  private static void writeString(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(ByteBuffer in) {
    int length = in.getInt();
    if (length == -1) {
      return null;
    }
    byte[] bytes = new byte[checked(length, in)];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static OrderAction readAction(ByteBuffer in) {
    int at = in.position();
    String word = readString(in);
    return OrderAction.parse(word).orElseThrow(() -> new Malformed("an order action \"" + word + "\" at byte " + at));
  }

  private static OrderResp readResp(ByteBuffer in) {
    int at = in.position();
    String word = readString(in);
    return OrderResp.parse(word).orElseThrow(() -> new Malformed("an order status \"" + word + "\" at byte " + at));
  }

  private static void writeDecimal(DataOutputStream out, BigDecimal value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      byte[] unscaled = value.unscaledValue().toByteArray();
      out.writeInt(value.scale());
      out.writeInt(unscaled.length);
      out.write(unscaled);
    }
  }

  private static BigDecimal readDecimal(ByteBuffer in) {
    if (!readBoolean(in)) {
      return null;
    }
    int scale = in.getInt();
    byte[] unscaled = new byte[checked(in.getInt(), in)];
    if (unscaled.length == 0) {
      throw new Malformed("a decimal of no digits at byte " + in.position());
    }
    in.get(unscaled);
    return new BigDecimal(new BigInteger(unscaled), scale);
  }

  private static boolean readBoolean(ByteBuffer in) {
    byte value = in.get();
    if (value != 0 && value != 1) {
      throw new Malformed("a boolean of " + value + " at byte " + (in.position() - 1));
    }
    return value == 1;
  }

  private static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String value : values) {
      writeString(out, value);
    }
  }

  private static List<String> readStrings(ByteBuffer in) {
    int count = readLength(in);
    List<String> values = new ArrayList<>(Math.min(count, 1024));
    for (int i = 0; i < count; i++) {
      values.add(readString(in));
    }
    return values;
  }

  private static int readLength(ByteBuffer in) {
    return checked(in.getInt(), in);
  }

  private static int checked(int length, ByteBuffer in) {
    if (length < 0 || length > MAX_LENGTH || length > in.remaining()) {
      throw new Malformed("a length of " + length + " at byte " + (in.position() - 4) + " with " + in.remaining()
          + " bytes left");
    }
    return length;
  }

  private static void expectTag(ByteBuffer in, byte tag, String what) {
    int at = in.position();
    byte found = in.get();
    if (found != tag) {
      throw unknownTag(found, at, what);
    }
  }

  private static Malformed unknownTag(byte tag, int at, String expected) {
    return new Malformed(String.format("type tag 0x%02x at byte %d where %s was due: not a tag this piker knows "
        + "(written by a newer piker, or damaged)", tag & 0xff, at, expected));
  }
}
