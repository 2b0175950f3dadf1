package piker.emsd.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The 8-byte header of emsd's journal and snapshot files (architecture rule 12): a magic number naming
 * the kind of file, then the format version. Version 1 (until issue 16) held each value as Pekko's
 * jackson-cbor bytes under its class name ({@link JournalV1} reads it); version 2 holds explicit type tags
 * ({@link JournalCodec}) and is what this piker writes. A file of a newer version is refused with what to
 * do, as is a file too short to hold the header (an emptied journal is not a fresh start: the orders it
 * held would vanish without a word).
 */
final class JournalFormat {
  static final int VERSION = 2;
  static final int HEADER = 8;
  static final int JOURNAL_MAGIC = 0x504b524a;
  static final int SNAPSHOT_MAGIC = 0x504b5253;
  /** A journal record's body length and CRC-32, before the body. */
  static final int RECORD_HEADER = 8;
  /** What a user can do about a journal file emsd refuses. */
  static final String WHAT_TO_DO = "restore it from a backup; or, to start with no active orders, move "
      + "orders.journal and orders.snapshot out of that folder";

  private JournalFormat() {}

  static ByteBuffer header(int magic) {
    return ByteBuffer.allocate(HEADER).putInt(magic).putInt(VERSION).flip();
  }

  /**
   * Reads and checks the header at the buffer's position and returns its format version; {@code kind} is
   * "journal" or "snapshot".
   */
  static int checkHeader(Path path, ByteBuffer in, int magic, String kind) throws IOException {
    if (in.remaining() < HEADER) {
      throw refused(path, (in.remaining() == 0 ? "is empty (0 bytes)" : "is " + in.remaining() + " bytes long")
          + ": every emsd " + kind + " starts with an " + HEADER + "-byte header, so something cut or emptied it "
          + "and what it held is gone", WHAT_TO_DO);
    }
    int foundMagic = in.getInt();
    int version = in.getInt();
    if (foundMagic != magic) {
      throw refused(path, "is not an emsd " + kind + " (it does not start with emsd's header)",
          "move it out of that folder, or put emsd's own file back");
    }
    if (version > VERSION) {
      throw refused(path, "has " + kind + " format version " + version + ", newer than this piker reads (up to "
          + VERSION + ")", "run the newer piker that wrote it; or, to start with no active orders, move it out "
          + "of that folder");
    }
    if (version < 1) {
      throw refused(path, "has an invalid " + kind + " format version " + version, WHAT_TO_DO);
    }
    return version;
  }

  /** Why emsd does not start from {@code path}, and what to do; the file is left as it is. */
  static IOException refused(Path path, String what, String toDo) {
    return new IOException(path + " " + what + ". emsd does not start from it and leaves it as it is: " + toDo + ".");
  }
}
