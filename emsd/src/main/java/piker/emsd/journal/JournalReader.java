package piker.emsd.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;

/**
 * Recovery: reads a snapshot and the journal records after it, of any format version this piker knows,
 * into the state they built. A record or snapshot is decoded whole before any of it is applied, and
 * anything that does not decode is refused naming the file and the byte it starts at; only a torn last
 * record (a killed write) is cut off.
 */
final class JournalReader {
  private static final Logger LOG = LoggerFactory.getLogger(JournalReader.class);
  private static final int HEADER = JournalFormat.HEADER;
  /** A commit is a few thousand events at most: a longer record is damage. */
  private static final int MAX_RECORD = 64 << 20;
  /** A body's sequence number and event count. */
  private static final int MIN_BODY = 12;

  private JournalReader() {}

  /** A snapshot's state, the last sequence number it covers, and its format version (0: no snapshot). */
  record Snapshot(long seq, OrderState state, int version) {}

  /** What the journal recovered, where its last good record ends, and the journal's format version. */
  record Replay(OrderState state, long end, long nextSeq, int version) {}

  static Snapshot readSnapshot(Path path) throws IOException {
    if (!Files.exists(path)) {
      return new Snapshot(0, new OrderState(), JournalFormat.VERSION);
    }
    byte[] all = Files.readAllBytes(path);
    ByteBuffer in = ByteBuffer.wrap(all);
    int version = JournalFormat.checkHeader(path, in, JournalFormat.SNAPSHOT_MAGIC, "snapshot");
    if (all.length < HEADER + Long.BYTES + Integer.BYTES) {
      throw JournalFormat.refused(path, "is cut short (" + all.length + " bytes) after its header",
          JournalFormat.WHAT_TO_DO);
    }
    CRC32 crc = new CRC32();
    crc.update(all, 0, all.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(all, all.length - 4, 4).getInt()) {
      throw JournalFormat.refused(path, "is damaged (checksum mismatch)", JournalFormat.WHAT_TO_DO);
    }
    in.limit(all.length - 4);
    try {
      long seq = in.getLong();
      OrderState state = version == 1 ? JournalV1.readState(in) : JournalCodec.readState(in);
      if (in.hasRemaining()) {
        throw new JournalCodec.Malformed(in.remaining() + " bytes left over after the state");
      }
      return new Snapshot(seq, state, version);
    } catch (RuntimeException e) {
      // a checksummed body that does not parse is damage too (an underflow, a bad length, an unknown tag)
      IOException damaged = JournalFormat.refused(path, "is damaged (its content does not parse: "
          + e.getMessage() + ")", JournalFormat.WHAT_TO_DO);
      damaged.initCause(e);
      throw damaged;
    }
  }

  static Replay replay(Path path, FileChannel channel, Snapshot snapshot) throws IOException {
    long size = channel.size();
    if (size > Integer.MAX_VALUE) {
      throw new IOException(path + " is " + size + " bytes: not a journal emsd wrote");
    }
    ByteBuffer in = ByteBuffer.allocate((int) size);
    while (in.hasRemaining() && channel.read(in, in.position()) >= 0) {
      // read it all
    }
    in.flip();
    OrderState state = snapshot.state();
    long next = snapshot.seq() + 1;
    int version = JournalFormat.checkHeader(path, in, JournalFormat.JOURNAL_MAGIC, "journal");
    while (in.hasRemaining()) {
      int start = in.position();
      if (in.remaining() < JournalFormat.RECORD_HEADER || onlyZeros(in, start)) {
        return cutTornTail(path, channel, start, state, next, version);
      }
      int length = in.getInt();
      int crc = in.getInt();
      if (length < MIN_BODY || length > MAX_RECORD) {
        throw damaged(path, start, "a record of " + length + " bytes");
      }
      if (length > in.remaining()) {
        return cutTornTail(path, channel, start, state, next, version);
      }
      ByteBuffer body = in.duplicate().limit(in.position() + length);
      in.position(in.position() + length);
      CRC32 check = new CRC32();
      check.update(body.duplicate());
      if ((int) check.getValue() != crc) {
        if (!in.hasRemaining()) {
          return cutTornTail(path, channel, start, state, next, version);
        }
        throw damaged(path, start, "a checksum mismatch with more records after it");
      }
      next = applyRecord(path, start, body, version, state, next, snapshot.seq());
    }
    return new Replay(state, size, next, version);
  }

  /** Applies one record's events unless the snapshot covers them; the sequence number after them. */
  private static long applyRecord(Path path, int start, ByteBuffer body, int version, OrderState state, long next,
                                  long snapshotSeq) throws IOException {
    List<OrderEvent> events;
    long first;
    try {
      first = body.getLong();
      int count = body.getInt();
      if (count <= 0) {
        throw damaged(path, start, "a batch of " + count + " events");
      }
      if (first + count - 1 <= snapshotSeq) {
        return next;
      }
      events = new ArrayList<>(Math.min(count, 4096));
      for (int i = 0; i < count; i++) {
        events.add(version == 1 ? JournalV1.readEvent(body) : JournalCodec.readEvent(body));
      }
      if (body.hasRemaining()) {
        throw new JournalCodec.Malformed(body.remaining() + " bytes left over after its " + count + " events");
      }
    } catch (RuntimeException e) {
      IOException damaged = damaged(path, start, "its events do not parse: " + e.getMessage());
      damaged.initCause(e);
      throw damaged;
    }
    if (first != next) {
      throw damaged(path, start, "events from #" + first + " where #" + next + " was due");
    }
    state.applyAll(events);
    return next + events.size();
  }

  private static boolean onlyZeros(ByteBuffer in, int from) {
    for (int i = from; i < in.limit(); i++) {
      if (in.get(i) != 0) {
        return false;
      }
    }
    return true;
  }

  /** The last record was torn by a kill: it was never acted on, so it goes. */
  private static Replay cutTornTail(Path path, FileChannel channel, int start, OrderState state, long next,
                                    int version) throws IOException {
    LOG.warn("{}: cutting a torn last record at byte {} ({} bytes); it was never acted on", path, start,
        channel.size() - start);
    channel.truncate(start);
    channel.force(true);
    return new Replay(state, start, next, version);
  }

  private static IOException damaged(Path path, int at, String what) {
    return JournalFormat.refused(path, "is damaged at byte " + at + " (" + what + ")", JournalFormat.WHAT_TO_DO);
  }
}
