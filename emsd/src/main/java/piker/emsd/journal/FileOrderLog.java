package piker.emsd.journal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;

/**
 * The journal on disk: {@code <dir>/orders.journal} and {@code <dir>/orders.snapshot}.
 *
 * <p>The journal file is a header ({@link JournalFormat}: magic and format version), then one record
 * per batch: the body's length, its CRC-32, and the body (the batch's first sequence number, its event
 * count, and each event as serializer id, manifest and bytes: Pekko serialization, as for every wire
 * message). A record goes out in one write call, so a
 * killed process can tear only the last one, and recovery cuts that off. A damaged record with more
 * after it is damage, not a crash: recovery refuses to start and changes nothing.
 *
 * <p>Every {@code snapshotEvery} events the state goes to the snapshot file (temp file, fsync, rename)
 * with the last sequence number it covers, and the journal starts over empty. Recovery skips records a
 * snapshot covers, so a crash between those two steps counts nothing twice.
 *
 * <p>A journal is created with its header in place, so an existing journal or snapshot without a valid
 * header (emptied, foreign, of a newer format) is refused with what to do; only no files at all is a
 * fresh start.
 */
final class FileOrderLog implements OrderLog {
  static final String JOURNAL = "orders.journal";
  static final String SNAPSHOT = "orders.snapshot";
  private static final Logger LOG = LoggerFactory.getLogger(FileOrderLog.class);
  private static final int JOURNAL_MAGIC = 0x504b524a;
  private static final int SNAPSHOT_MAGIC = 0x504b5253;
  private static final int HEADER = JournalFormat.HEADER;
  private static final int RECORD_HEADER = 8;
  /** A batch is a handful of events: a longer record is damage. */
  private static final int MAX_RECORD = 64 << 20;
  /** A body's sequence number and event count. */
  private static final int MIN_BODY = 12;

  private final Path dir;
  private final FileChannel channel;
  private final int snapshotEvery;
  private final boolean fsync;
  private final Serialization serialization;
  private final OrderState state;
  private long position;
  private long nextSeq;
  private int sinceSnapshot;
  /** A write failed half-way: what is on disk is unknown until recovery reads it again. */
  private boolean broken;

  private FileOrderLog(Path dir, FileChannel channel, int snapshotEvery, boolean fsync, Serialization serialization,
                       OrderState state, long position, long nextSeq) {
    this.dir = dir;
    this.channel = channel;
    this.snapshotEvery = snapshotEvery;
    this.fsync = fsync;
    this.serialization = serialization;
    this.state = state;
    this.position = position;
    this.nextSeq = nextSeq;
  }

  /**
   * Opens the journal in {@code dir} and recovers its state. No journal (and no snapshot) is a fresh
   * start: the journal is created with its header in place (temp file, fsync, rename), so a journal that
   * exists always has one, and an existing file without it (emptied, foreign, or of a newer format) is
   * refused, never taken for a fresh start.
   */
  static FileOrderLog open(Path dir, int snapshotEvery, boolean fsync, Serialization serialization)
      throws IOException {
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(SNAPSHOT + ".tmp"));
    Files.deleteIfExists(dir.resolve(JOURNAL + ".tmp"));
    Path journal = dir.resolve(JOURNAL);
    Snapshot snapshot = readSnapshot(dir.resolve(SNAPSHOT), serialization);
    if (!Files.exists(journal)) {
      if (Files.exists(dir.resolve(SNAPSHOT))) {
        throw JournalFormat.refused(journal, "is missing while " + SNAPSHOT + " beside it is there: the orders "
            + "journaled after that snapshot would be lost", "put the journal back; or, to start with no active "
            + "orders, move " + SNAPSHOT + " away too");
      }
      createWithHeader(journal);
    }
    FileChannel channel = FileChannel.open(journal, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      Replay replay = replay(dir.resolve(JOURNAL), channel, snapshot, serialization);
      return new FileOrderLog(dir, channel, snapshotEvery, fsync, serialization, replay.state, replay.end,
          replay.nextSeq);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public OrderState recovered() {
    return state.copy();
  }

  @Override
  public void append(List<OrderEvent> events) throws IOException {
    if (broken) {
      throw new IOException("emsd's journal failed a write; it must be opened again");
    }
    if (events.isEmpty()) {
      return;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeLong(0);
    out.writeLong(nextSeq);
    out.writeInt(events.size());
    for (OrderEvent event : events) {
      writeObject(out, event);
    }
    ByteBuffer record = sealed(bytes.toByteArray());
    broken = true;
    while (record.hasRemaining()) {
      position += channel.write(record, position);
    }
    if (fsync) {
      channel.force(false);
    }
    broken = false;
    state.applyAll(events);
    nextSeq += events.size();
    sinceSnapshot += events.size();
    if (sinceSnapshot >= snapshotEvery) {
      sinceSnapshot = 0;
      try {
        snapshot();
      } catch (IOException e) {
        // the journal still holds every event: recovery is only slower; the next snapshot may succeed
        LOG.warn("{}: snapshot failed ({}); the journal keeps growing until one succeeds", dir, e.toString());
      }
    }
  }

  /** Fills in a record's length and checksum (its first 8 bytes) and wraps it for writing. */
  private static ByteBuffer sealed(byte[] record) {
    CRC32 crc = new CRC32();
    crc.update(record, RECORD_HEADER, record.length - RECORD_HEADER);
    ByteBuffer buffer = ByteBuffer.wrap(record);
    buffer.putInt(0, record.length - RECORD_HEADER);
    buffer.putInt(4, (int) crc.getValue());
    return buffer;
  }

  private void snapshot() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(JournalFormat.header(SNAPSHOT_MAGIC).array());
    out.writeLong(nextSeq - 1);
    writeObject(out, state);
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeInt((int) crc.getValue());
    Path temp = dir.resolve(SNAPSHOT + ".tmp");
    try (FileChannel file = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
      while (buffer.hasRemaining()) {
        file.write(buffer);
      }
      file.force(true);
    }
    Files.move(temp, dir.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
      folder.force(true);
    }
    // the snapshot is durable: the records it covers can go (recovery would skip them anyway)
    channel.truncate(HEADER);
    position = HEADER;
  }

  private void writeObject(DataOutputStream out, Object value) throws IOException {
    Serializer serializer = serialization.findSerializerFor(value);
    byte[] manifest = Serializers.manifestFor(serializer, value).getBytes(StandardCharsets.UTF_8);
    byte[] bytes = serializer.toBinary(value);
    out.writeInt(serializer.identifier());
    out.writeShort(manifest.length);
    out.write(manifest);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static Object readObject(ByteBuffer in, Serialization serialization) {
    int serializer = in.getInt();
    byte[] manifest = new byte[in.getShort() & 0xffff];
    in.get(manifest);
    byte[] bytes = new byte[in.getInt()];
    in.get(bytes);
    scala.util.Try<Object> read = serialization.deserialize(bytes, serializer, new String(manifest, StandardCharsets.UTF_8));
    if (read.isFailure()) {
      throw new IllegalArgumentException("unreadable: " + read.failed().get(), read.failed().get());
    }
    return read.get();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  // ---- recovery

  private record Snapshot(long seq, OrderState state) {}

  private static Snapshot readSnapshot(Path path, Serialization serialization) throws IOException {
    if (!Files.exists(path)) {
      return new Snapshot(0, new OrderState());
    }
    byte[] all = Files.readAllBytes(path);
    ByteBuffer in = ByteBuffer.wrap(all);
    JournalFormat.checkHeader(path, in, SNAPSHOT_MAGIC, "snapshot");
    if (all.length < HEADER + Long.BYTES + Integer.BYTES) {
      throw JournalFormat.refused(path, "is cut short (" + all.length + " bytes) after its header",
          JournalFormat.WHAT_TO_DO);
    }
    try {
      CRC32 crc = new CRC32();
      crc.update(all, 0, all.length - 4);
      if ((int) crc.getValue() != ByteBuffer.wrap(all, all.length - 4, 4).getInt()) {
        throw JournalFormat.refused(path, "is damaged (checksum mismatch)", JournalFormat.WHAT_TO_DO);
      }
      long seq = in.getLong();
      if (!(readObject(in, serialization) instanceof OrderState state)) {
        throw JournalFormat.refused(path, "does not hold emsd's order state", JournalFormat.WHAT_TO_DO);
      }
      return new Snapshot(seq, state);
    } catch (RuntimeException e) {
      // a checksummed body that does not parse is damage too (an underflow, a negative length, bad CBOR)
      IOException damaged = JournalFormat.refused(path, "is damaged (its content does not parse)",
          JournalFormat.WHAT_TO_DO);
      damaged.initCause(e);
      throw damaged;
    }
  }

  private record Replay(OrderState state, long end, long nextSeq) {}

  private static Replay replay(Path path, FileChannel channel, Snapshot snapshot, Serialization serialization)
      throws IOException {
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
    JournalFormat.checkHeader(path, in, JOURNAL_MAGIC, "journal");
    while (in.hasRemaining()) {
      int start = in.position();
      if (in.remaining() < RECORD_HEADER || onlyZeros(in, start)) {
        return cutTornTail(path, channel, start, state, next);
      }
      int length = in.getInt();
      int crc = in.getInt();
      if (length < MIN_BODY || length > MAX_RECORD) {
        throw damaged(path, start, "a record of " + length + " bytes");
      }
      if (length > in.remaining()) {
        return cutTornTail(path, channel, start, state, next);
      }
      byte[] body = new byte[length];
      in.get(body);
      CRC32 check = new CRC32();
      check.update(body);
      if ((int) check.getValue() != crc) {
        if (!in.hasRemaining()) {
          return cutTornTail(path, channel, start, state, next);
        }
        throw damaged(path, start, "a checksum mismatch with more records after it");
      }
      next = applyRecord(path, start, ByteBuffer.wrap(body), state, next, snapshot.seq(), serialization);
    }
    return new Replay(state, size, next);
  }

  /** Applies one record's events unless the snapshot covers them; the sequence number after them. */
  private static long applyRecord(Path path, int start, ByteBuffer body, OrderState state, long next,
                                  long snapshotSeq, Serialization serialization) throws IOException {
    try {
      long first = body.getLong();
      int count = body.getInt();
      if (count <= 0) {
        throw damaged(path, start, "a batch of " + count + " events");
      }
      if (first + count - 1 <= snapshotSeq) {
        return next;
      }
      if (first != next) {
        throw damaged(path, start, "events from #" + first + " where #" + next + " was due");
      }
      List<OrderEvent> events = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        if (!(readObject(body, serialization) instanceof OrderEvent event)) {
          throw damaged(path, start, "something other than an order event");
        }
        events.add(event);
      }
      state.applyAll(events);
      return next + count;
    } catch (RuntimeException e) {
      IOException damaged = damaged(path, start, "its events do not parse");
      damaged.initCause(e);
      throw damaged;
    }
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
  private static Replay cutTornTail(Path path, FileChannel channel, int start, OrderState state, long next)
      throws IOException {
    LOG.warn("{}: cutting a torn last record at byte {} ({} bytes); it was never acted on", path, start,
        channel.size() - start);
    channel.truncate(start);
    channel.force(true);
    return new Replay(state, start, next);
  }

  private static IOException damaged(Path path, int at, String what) {
    return JournalFormat.refused(path, "is damaged at byte " + at + " (" + what + ")", JournalFormat.WHAT_TO_DO);
  }

  /** A new journal: its header goes to a temp file that is renamed into place, so no journal lacks one. */
  private static void createWithHeader(Path journal) throws IOException {
    Path temp = journal.resolveSibling(JOURNAL + ".tmp");
    try (FileChannel file = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer header = JournalFormat.header(JOURNAL_MAGIC);
      while (header.hasRemaining()) {
        file.write(header);
      }
      file.force(true);
    }
    Files.move(temp, journal, StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel folder = FileChannel.open(journal.getParent(), StandardOpenOption.READ)) {
      folder.force(true);
    }
  }
}
