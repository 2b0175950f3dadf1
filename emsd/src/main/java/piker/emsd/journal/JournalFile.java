package piker.emsd.journal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;

/**
 * The journal on disk: {@code <dir>/orders.journal} and {@code <dir>/orders.snapshot}, read at open and
 * then written by one thread (the {@link Journaller}'s).
 *
 * <p>The journal file is a header ({@link JournalFormat}: magic and format version), then one record
 * per commit: the body's length, its CRC-32, and the body (the first event's sequence number, the event
 * count, and the events as {@link JournalCodec} writes them). A record goes out in one write call, so a
 * killed process can tear only the last one, and recovery cuts that off (none of its events was acted
 * on). A damaged record with more after it is damage, not a crash: recovery refuses to start and changes
 * nothing.
 *
 * <p>Every {@code snapshotEvery} events the state goes to the snapshot file (temp file, fsync, rename)
 * with the last sequence number it covers, and the journal starts over empty. Recovery skips records a
 * snapshot covers, so a crash between those two steps counts nothing twice. Files of format version 1
 * are read by {@link JournalV1} and, once recovered, replaced by a version-2 snapshot and journal.
 */
final class JournalFile implements AutoCloseable {
  static final String JOURNAL = "orders.journal";
  static final String SNAPSHOT = "orders.snapshot";
  private static final Logger LOG = LoggerFactory.getLogger(JournalFile.class);
  private static final int HEADER = JournalFormat.HEADER;

  private final Path dir;
  private final FileChannel channel;
  private final int snapshotEvery;
  private final boolean fsync;
  private final OrderState state;
  private long position;
  private long nextSeq;
  private int sinceSnapshot;
  /** A write failed half-way: what is on disk is unknown until recovery reads it again. */
  private boolean broken;

  private JournalFile(Path dir, FileChannel channel, int snapshotEvery, boolean fsync, OrderState state,
                      long position, long nextSeq) {
    this.dir = dir;
    this.channel = channel;
    this.snapshotEvery = snapshotEvery;
    this.fsync = fsync;
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
  static JournalFile open(Path dir, int snapshotEvery, boolean fsync) throws IOException {
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(SNAPSHOT + ".tmp"));
    Files.deleteIfExists(dir.resolve(JOURNAL + ".tmp"));
    Path journal = dir.resolve(JOURNAL);
    JournalReader.Snapshot snapshot = JournalReader.readSnapshot(dir.resolve(SNAPSHOT));
    if (!Files.exists(journal)) {
      if (Files.exists(dir.resolve(SNAPSHOT))) {
        throw JournalFormat.refused(journal, "is missing while " + SNAPSHOT + " beside it is there: the orders "
            + "journaled after that snapshot would be lost", "put the journal back; or, to start with no active "
            + "orders, move " + SNAPSHOT + " away too");
      }
      writeHeaderFile(journal);
    }
    FileChannel channel = FileChannel.open(journal, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      JournalReader.Replay replay = JournalReader.replay(journal, channel, snapshot);
      long end = replay.end();
      if (replay.version() < JournalFormat.VERSION || snapshot.version() < JournalFormat.VERSION) {
        // an older format, recovered: its state goes to a snapshot of this format, then the journal is
        // replaced by an empty one of this format (a crash between the two leaves old records the new
        // snapshot covers, which recovery skips)
        LOG.info("{}: emsd's journal goes from format version {} to {}", dir, replay.version(), JournalFormat.VERSION);
        writeSnapshot(dir, replay.nextSeq() - 1, replay.state());
        if (replay.version() < JournalFormat.VERSION) {
          channel.close();
          writeHeaderFile(journal);
          channel = FileChannel.open(journal, StandardOpenOption.READ, StandardOpenOption.WRITE);
          end = HEADER;
        }
      }
      return new JournalFile(dir, channel, snapshotEvery, fsync, replay.state(), end, replay.nextSeq());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The state after every committed event: the writer's thread only. */
  OrderState state() {
    return state;
  }

  /** Writes one record of {@code events} in one write call (and one fsync, if on); may then snapshot. */
  void commit(List<OrderEvent> events) throws IOException {
    commit(events, null);
  }

  /** As {@link #commit(List)}, the write and the fsync timed by {@code meters} (none: untimed). */
  void commit(List<OrderEvent> events, JournalMeters meters) throws IOException {
    if (broken) {
      throw new IOException("emsd's journal failed a write; it must be opened again");
    }
    if (events.isEmpty()) {
      return;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 * events.size());
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeLong(0);
    out.writeLong(nextSeq);
    out.writeInt(events.size());
    for (OrderEvent event : events) {
      JournalCodec.writeEvent(out, event);
    }
    ByteBuffer record = sealed(bytes.toByteArray());
    broken = true;
    long start = System.nanoTime();
    while (record.hasRemaining()) {
      position += channel.write(record, position);
    }
    long written = System.nanoTime();
    if (fsync) {
      channel.force(false);
    }
    broken = false;
    if (meters != null) {
      meters.write().record(written - start, TimeUnit.NANOSECONDS);
      if (fsync) {
        meters.fsync().record(System.nanoTime() - written, TimeUnit.NANOSECONDS);
      }
    }
    state.applyAll(events);
    nextSeq += events.size();
    sinceSnapshot += events.size();
    if (sinceSnapshot >= snapshotEvery) {
      sinceSnapshot = 0;
      try {
        writeSnapshot(dir, nextSeq - 1, state);
        // the snapshot is durable: the records it covers can go (recovery would skip them anyway)
        channel.truncate(HEADER);
        position = HEADER;
      } catch (IOException e) {
        // the journal still holds every event: recovery is only slower; the next snapshot may succeed
        LOG.warn("{}: snapshot failed ({}); the journal keeps growing until one succeeds", dir, e.toString());
      }
    }
  }

  /** Fills in a record's length and checksum (its first 8 bytes) and wraps it for writing. */
  private static ByteBuffer sealed(byte[] record) {
    CRC32 crc = new CRC32();
    crc.update(record, JournalFormat.RECORD_HEADER, record.length - JournalFormat.RECORD_HEADER);
    ByteBuffer buffer = ByteBuffer.wrap(record);
    buffer.putInt(0, record.length - JournalFormat.RECORD_HEADER);
    buffer.putInt(4, (int) crc.getValue());
    return buffer;
  }

  /** The snapshot file: header, the last sequence number it covers, the state, a CRC-32 of all before it. */
  private static void writeSnapshot(Path dir, long seq, OrderState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(JournalFormat.header(JournalFormat.SNAPSHOT_MAGIC).array());
    out.writeLong(seq);
    JournalCodec.writeState(out, state);
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeInt((int) crc.getValue());
    replaceDurably(dir.resolve(SNAPSHOT), ByteBuffer.wrap(bytes.toByteArray()));
  }

  /** A new journal: its header goes to a temp file that is renamed into place, so no journal lacks one. */
  private static void writeHeaderFile(Path journal) throws IOException {
    replaceDurably(journal, JournalFormat.header(JournalFormat.JOURNAL_MAGIC));
  }

  /** Temp file, fsync, rename over {@code path}, fsync the folder: the file is old or new, never half. */
  private static void replaceDurably(Path path, ByteBuffer content) throws IOException {
    Path temp = path.resolveSibling(path.getFileName() + ".tmp");
    try (FileChannel file = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      while (content.hasRemaining()) {
        file.write(content);
      }
      file.force(true);
    }
    Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel folder = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
      folder.force(true);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
