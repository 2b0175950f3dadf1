package piker.pikerd.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The little of ASN.1 DER (ITU-T X.690) an X.509 certificate needs: each method returns one whole encoded
 * value (tag, length, contents), so structures are built by nesting calls. Only what {@link Certificates}
 * writes; the JDK's own parser reads the result back, which is the check.
 */
final class Der {
  private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
  private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

  private Der() {}

  static byte[] sequence(byte[]... parts) {
    return value(0x30, concat(parts));
  }

  /** A SET OF with one member (a name's relative distinguished name): no ordering to do. */
  static byte[] setOf(byte[] member) {
    return value(0x31, member);
  }

  static byte[] integer(BigInteger number) {
    return value(0x02, number.toByteArray()); // two's complement, minimal: what DER wants
  }

  static byte[] bool(boolean truth) {
    return value(0x01, new byte[] {(byte) (truth ? 0xFF : 0x00)});
  }

  static byte[] octetString(byte[] contents) {
    return value(0x04, contents);
  }

  /** A BIT STRING of whole bytes (a signature, a key). */
  static byte[] bitString(byte[] bytes) {
    return value(0x03, concat(new byte[] {0}, bytes));
  }

  /** A named-bit BIT STRING of one byte (key usage), trailing zero bits dropped as DER requires. */
  static byte[] namedBits(int firstByte) {
    if (firstByte == 0) {
      return value(0x03, new byte[] {0});
    }
    int unused = Integer.numberOfTrailingZeros(firstByte);
    return value(0x03, new byte[] {(byte) unused, (byte) firstByte});
  }

  static byte[] utf8(String text) {
    return value(0x0C, text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1])); // the first two arcs share one
    for (int i = 2; i < arcs.length; i++) {
      base128(out, Long.parseLong(arcs[i]));
    }
    return value(0x06, out.toByteArray());
  }

  /** X.509 validity: UTCTime up to 2049, GeneralizedTime from 2050 (RFC 5280, 4.1.2.5). */
  static byte[] time(ZonedDateTime at) {
    ZonedDateTime utc = at.withZoneSameInstant(ZoneOffset.UTC).withNano(0);
    return utc.getYear() < 2050
        ? value(0x17, UTC_TIME.format(utc).getBytes(StandardCharsets.US_ASCII))
        : value(0x18, GENERALIZED_TIME.format(utc).getBytes(StandardCharsets.US_ASCII));
  }

  /** A context-specific, constructed [n] EXPLICIT wrapper. */
  static byte[] explicit(int tagNumber, byte[] inner) {
    return value(0xA0 | tagNumber, inner);
  }

  /** A context-specific, primitive [n] IMPLICIT value. */
  static byte[] implicit(int tagNumber, byte[] contents) {
    return value(0x80 | tagNumber, contents);
  }

  /** The contents of the BIT STRING that ends a DER SEQUENCE such as a SubjectPublicKeyInfo, without its unused-bits byte. */
  static byte[] lastBitStringOf(byte[] sequence) {
    int at = headerLength(sequence, 0); // into the SEQUENCE
    int end = at + contentLength(sequence, 0);
    byte[] last = null;
    while (at < end) {
      int header = headerLength(sequence, at);
      int length = contentLength(sequence, at);
      if ((sequence[at] & 0xFF) == 0x03) {
        last = Arrays.copyOfRange(sequence, at + header + 1, at + header + length);
      }
      at += header + length;
    }
    if (last == null) {
      throw new IllegalArgumentException("no BIT STRING in the sequence");
    }
    return last;
  }

  /** The contents of one whole DER value (an extension's OCTET STRING, say), without its tag and length. */
  static byte[] contents(byte[] der) {
    int header = headerLength(der, 0);
    int length = contentLength(der, 0);
    if (header + length != der.length) {
      throw new IllegalArgumentException("not one DER value: " + der.length + " bytes, the value says "
          + (header + length));
    }
    return Arrays.copyOfRange(der, header, header + length);
  }

  private static int headerLength(byte[] der, int at) {
    int first = der[at + 1] & 0xFF;
    return first < 0x80 ? 2 : 2 + (first & 0x7F);
  }

  /** The definite length of the value at {@code at}, checked to lie within {@code der}. */
  private static int contentLength(byte[] der, int at) {
    int first = der[at + 1] & 0xFF;
    int length = 0;
    if (first < 0x80) {
      length = first;
    } else if (first == 0x80 || first > 0x83) {
      throw new IllegalArgumentException("not a definite DER length below 16 MB");
    } else {
      for (int i = 0; i < (first & 0x7F); i++) {
        length = (length << 8) | (der[at + 2 + i] & 0xFF);
      }
    }
    if (at + headerLength(der, at) + length > der.length) {
      throw new IllegalArgumentException("a DER value runs past its " + der.length + " bytes");
    }
    return length;
  }

  private static void base128(ByteArrayOutputStream out, long arc) {
    int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
    for (int i = groups - 1; i >= 0; i--) {
      int seven = (int) ((arc >>> (7 * i)) & 0x7F);
      out.write(i > 0 ? seven | 0x80 : seven);
    }
  }

  private static byte[] value(int tag, byte[] contents) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(contents.length + 6);
    out.write(tag);
    int length = contents.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(contents);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
