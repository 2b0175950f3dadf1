package piker.emsd.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.OrderResp;
import piker.emsd.orders.Dialog;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;

/**
 * Format version 2's codecs: the type tags are a fixed table, not class names (a rename of any journaled
 * record would change nothing on disk), every event round-trips, and what does not decode is refused
 * naming the file and byte, with the file left as it is.
 */
class JournalCodecTest {
  @TempDir
  Path dir;

  private static final Dialog DIALOG = new Dialog("o1", "sim.paper", OrderAction.SELL, "btcusdt.spot.sim",
      new BigDecimal("61000.50"), new BigDecimal("0.003"), true, true, OrderResp.DARK_OPEN, new BigDecimal("0.001"),
      "r-1", new BigDecimal("60999"), true, false, List.of("t-1", "t-2"), 1_764_290_400_000_000_000L);

  /** One event of each kind, each with the tag it must be written under. */
  private static Map<OrderEvent, Integer> samples() {
    Map<OrderEvent, Integer> samples = new LinkedHashMap<>();
    samples.put(new OrderEvent.Accepted(DIALOG), 0x01);
    samples.put(new OrderEvent.Modified("o1", new BigDecimal("61500.25"), new BigDecimal("0.002"), false), 0x02);
    samples.put(new OrderEvent.Triggered("o1", new BigDecimal("-0.0000001")), 0x03);
    samples.put(new OrderEvent.Acked("o1", "r-1"), 0x04);
    samples.put(new OrderEvent.Opened("o1", true), 0x05);
    samples.put(new OrderEvent.Filled("o1", "t-3", new BigDecimal("1E+3"), new BigDecimal("123456789012345678901.5")),
        0x06);
    samples.put(new OrderEvent.CancelRequested("o1"), 0x07);
    samples.put(new OrderEvent.Ended("ö-ünïcode", OrderResp.CANCELED, null), 0x08);
    return samples;
  }

  private static byte[] encode(OrderEvent event) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JournalCodec.writeEvent(new DataOutputStream(bytes), event);
    return bytes.toByteArray();
  }

  @Test
  void everyKindOfEventHasItsFixedTagAndRoundTrips() throws IOException {
    Set<Class<?>> covered = samples().keySet().stream().map(Object::getClass).collect(Collectors.toSet());
    assertEquals(Set.of(OrderEvent.class.getPermittedSubclasses()), covered,
        "a new kind of event needs a tag in JournalCodec (and a sample here)");
    for (Map.Entry<OrderEvent, Integer> sample : samples().entrySet()) {
      byte[] bytes = encode(sample.getKey());
      assertEquals(sample.getValue(), bytes[0] & 0xff, "the tag of " + sample.getKey());
      ByteBuffer in = ByteBuffer.wrap(bytes);
      assertEquals(sample.getKey(), JournalCodec.readEvent(in));
      assertFalse(in.hasRemaining(), "read to its end");
    }
  }

  @Test
  void bytesWrittenByHandDecodeByTagAndFieldOrderAlone() {
    // tag 6 (a fill): oid "o1", tid "t1", price 1.50 (scale 2, unscaled 150 = 0x00 0x96), size absent
    ByteBuffer in = ByteBuffer.wrap(new byte[] {0x06, 0, 0, 0, 2, 'o', '1', 0, 0, 0, 2, 't', '1',
        1, 0, 0, 0, 2, 0, 0, 0, 2, 0x00, (byte) 0x96, 0});
    assertEquals(new OrderEvent.Filled("o1", "t1", new BigDecimal("1.50"), null), JournalCodec.readEvent(in));
  }

  @Test
  void aSnapshotsStateRoundTripsWithItsTag() throws IOException {
    OrderState state = new OrderState(List.of(DIALOG, new Dialog("o2", "sim.paper", OrderAction.ALERT,
        "x.spot.sim", BigDecimal.ONE, null, false, false, OrderResp.PENDING, null, null, null, false, true,
        List.of(), 0)),
        List.of("d1", "d2"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JournalCodec.writeState(new DataOutputStream(bytes), state);
    assertEquals(0x21, bytes.toByteArray()[0]);
    OrderState read = JournalCodec.readState(ByteBuffer.wrap(bytes.toByteArray()));
    assertEquals(state.activeDialogs(), read.activeDialogs());
    assertEquals(state.doneOids(), read.doneOids());
  }

  @Test
  void anUnknownTagOrAMalformedFieldIsRefusedSayingWhere() {
    JournalCodec.Malformed unknown = assertThrows(JournalCodec.Malformed.class,
        () -> JournalCodec.readEvent(ByteBuffer.wrap(new byte[] {0x00, 0x7f})
            .position(1)));
    assertTrue(unknown.getMessage().startsWith("type tag 0x7f at byte 1 where an order event was due"),
        unknown.getMessage());
    JournalCodec.Malformed flag = assertThrows(JournalCodec.Malformed.class,
        () -> JournalCodec.readEvent(ByteBuffer.wrap(new byte[] {0x05, 0, 0, 0, 1, 'o', 2})));
    assertTrue(flag.getMessage().contains("a boolean of 2 at byte 6"), flag.getMessage());
  }

  /** The simple names of every journaled type: none may appear in a version-2 file. */
  private static List<String> classNames() {
    return Stream.concat(Stream.of(OrderEvent.class, Dialog.class, OrderState.class, OrderEvent.class.getPackage()),
            Arrays.stream(OrderEvent.class.getPermittedSubclasses()))
        .map(type -> type instanceof Class<?> c ? c.getSimpleName() : ((Package) type).getName())
        .toList();
  }

  private static String golden(String folder, String name) throws IOException {
    try (InputStream in = JournalCodecTest.class.getResourceAsStream("/golden/" + folder + "/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void theFilesOfVersion2HoldNoClassNameWhereVersion1HeldThem() throws IOException {
    for (String name : List.of(FileOrderLog.JOURNAL, FileOrderLog.SNAPSHOT)) {
      String v1 = golden("journal-v1", name);
      String v2 = golden("journal-v2", name);
      assertTrue(classNames().stream().anyMatch(v1::contains), "version 1 named its classes in " + name);
      for (String className : classNames()) {
        assertFalse(v2.contains(className), name + " of version 2 holds \"" + className + "\"");
      }
    }
  }

  // ---- refusals at the file level

  private Path journal() {
    return dir.resolve(FileOrderLog.JOURNAL);
  }

  /** A journal holding one version-2 record of {@code event}; returns its bytes. */
  private byte[] journalOf(OrderEvent event) throws IOException {
    try (OrderLog log = new OrderLog.Settings(dir, 1_000, false).open()) {
      log.append(List.of(event));
    }
    return Files.readAllBytes(journal());
  }

  /** Sets byte {@code at} of the first record's body and re-seals its CRC, so only the codec can object. */
  private static byte[] patched(byte[] journal, int at, int value) {
    byte[] bytes = journal.clone();
    bytes[at] = (byte) value;
    int length = ByteBuffer.wrap(bytes).getInt(8);
    CRC32 crc = new CRC32();
    crc.update(bytes, 16, length);
    ByteBuffer.wrap(bytes).putInt(12, (int) crc.getValue());
    return bytes;
  }

  @Test
  void aRecordWithAnUnknownTagOrAMalformedEventIsRefusedNamingTheFileAndByte() throws IOException {
    byte[] good = journalOf(new OrderEvent.Opened("o1", true));
    // header 8, record header 8, first sequence number 8, event count 4: the tag is at byte 28
    assertEquals(0x05, good[28]);
    for (Map.Entry<byte[], String> bad : Map.of(
        patched(good, 28, 0x7f), "type tag 0x7f at byte 28 where an order event was due",
        patched(good, good.length - 1, 9), "a boolean of 9 at byte " + (good.length - 1)).entrySet()) {
      Files.write(journal(), bad.getKey());
      String message = assertThrows(IOException.class, () -> new OrderLog.Settings(dir, 1_000, false).open())
          .getMessage();
      assertTrue(message.startsWith(journal() + " is damaged at byte 8 (its events do not parse: "), message);
      assertTrue(message.contains(bad.getValue()), message);
      assertArrayEquals(bad.getKey(), Files.readAllBytes(journal()), "left as it is, nothing half-applied");
    }
  }

  @Test
  void aVersion1RecordIsDecodedByItsOldNameNotByLookingTheClassUp() throws IOException {
    // "piker.emsd.orders.Dialog" is a class that exists today, but not a name version 1 wrote an event under
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(body);
    byte[] manifest = "piker.emsd.orders.Dialog".getBytes(StandardCharsets.UTF_8);
    out.writeLong(1);
    out.writeInt(1);
    out.writeInt(33);
    out.writeShort(manifest.length);
    out.write(manifest);
    out.writeInt(2);
    out.write(new byte[] {(byte) 0xbf, (byte) 0xff});
    byte[] record = body.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(record);
    ByteBuffer file = ByteBuffer.allocate(16 + record.length).putInt(JournalFormat.JOURNAL_MAGIC).putInt(1)
        .putInt(record.length).putInt((int) crc.getValue()).put(record);
    Files.write(journal(), file.array());
    String message = assertThrows(IOException.class, () -> new OrderLog.Settings(dir, 1_000, false).open())
        .getMessage();
    assertTrue(message.contains("damaged at byte 8") && message.contains(
        "a version-1 value of type \"piker.emsd.orders.Dialog\" where an order event was due"), message);
  }
}
