package piker.accounting;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import piker.contracts.names.AccountName;

/**
 * The append-only trade ledger of one account: {@code <dataDir>/accounting/ledgers/trades_<broker>_<label>.toml},
 * one TOML table per trade id. It is the source of truth; positions are recomputed from it.
 *
 * <p>Reading uses a small strict reader ({@link LedgerReader}) rather than Jackson's TomlMapper because
 * the ledger needs three things a tree mapper does not give: exact decimals by construction (numbers go
 * straight from text to BigDecimal), the 1-based line of any error, and line-level knowledge of where
 * the last complete table ends, which is what tells a torn tail from a malformed file. The subset it
 * reads is plain TOML, so any TOML tool still reads the ledger.
 *
 * <p>Crash safety: each {@link #append} is one write followed by one fsync. A crash mid-append leaves a
 * torn last table; {@link #open} keeps every complete table, copies the torn bytes beside the file
 * ({@code <ledger>.torn-<UTC time>}), logs a warning naming what was dropped and where the copy is, and
 * only then cuts the tail away (the next append would overwrite it). A file broken anywhere else, or
 * a tail that is not what a cut write leaves, raises {@link MalformedLedgerException} and is never
 * modified.
 *
 * <p>A user's trade history is private: the ledger is created owner-only (0600, like the account file)
 * and an existing one readable by others is tightened when opened.
 *
 * <p>The file stays open from the first append until {@link #close}: an append is then a stat, a write and
 * an fdatasync on an open descriptor, not an open and a close as well (on tmpfs ~4 µs instead of 18 µs, and it
 * is on every paper order's path). The stat checks the path still names the file held open: one replaced
 * meanwhile is refused like one appended to by another writer. Whoever owns the ledger closes it.
 *
 * <p>Not thread-safe and not locked: one owner per account at a time, like {@link Positions}.
 * Note that the file name flattens {@code broker.label} with '_' (piker's layout), so names that contain
 * '_' can in principle collide ({@code a_b.c} and {@code a.b_c}).
 */
public final class LedgerFile implements AutoCloseable {
  private final Path path;
  private final String account;
  private final long droppedTornBytes;
  private final Path tornCopy;
  private final List<Clear> clears;
  private final Set<String> tids;
  private long length;
  private boolean endsWithNewline;
  private boolean broken;
  /** Open from the first append until {@link #close}. */
  private FileChannel channel;
  /** The identity (device and inode) of the file {@link #channel} has open, null where the OS has none. */
  private Object fileKey;

  private LedgerFile(Path path, String account, LedgerReader.Contents contents, long droppedTornBytes,
                     Path tornCopy) {
    this.path = path;
    this.account = account;
    this.droppedTornBytes = droppedTornBytes;
    this.tornCopy = tornCopy;
    this.clears = new ArrayList<>(contents.clears());
    this.tids = new HashSet<>();
    contents.clears().forEach(clear -> tids.add(clear.tid()));
    this.length = contents.keptBytes();
    this.endsWithNewline = contents.endsWithNewline();
  }

  public static Path path(Path dataDir, String account) {
    AccountName name = AccountName.parse(account);
    return dataDir.resolve("accounting").resolve("ledgers")
        .resolve("trades_" + name.broker() + "_" + name.label() + ".toml");
  }

  /**
   * Opens (creating directories) and loads the ledger; a torn tail is copied beside the file, logged and
   * cut (see the class comment). Malformed anywhere else: {@link MalformedLedgerException}, file untouched.
   */
  public static LedgerFile open(Path dataDir, String account) throws IOException {
    Path path = path(dataDir, account);
    Files.createDirectories(path.getParent());
    String name = AccountName.parse(account).toString();
    if (!Files.exists(path)) {
      return new LedgerFile(path, name, new LedgerReader.Contents(List.of(), 0, true), 0, null);
    }
    OwnerOnly.tighten(path);
    byte[] bytes = Files.readAllBytes(path);
    LedgerReader.Contents contents = LedgerReader.read(path, bytes);
    long dropped = bytes.length - contents.keptBytes();
    Path copy = null;
    if (dropped > 0) {
      copy = TornTails.keep(path, bytes, contents);
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
        channel.truncate(contents.keptBytes());
        channel.force(true);
      }
    }
    return new LedgerFile(path, name, contents, dropped, copy);
  }

  public Path path() {
    return path;
  }

  /** The clears in file order. */
  public List<Clear> clears() {
    return List.copyOf(clears);
  }

  public boolean has(String tid) {
    return tids.contains(tid);
  }

  /** Bytes of a torn tail that {@link #open} cut off (and logged); 0 for a clean file. */
  public long droppedTornBytes() {
    return droppedTornBytes;
  }

  /** Where {@link #open} kept the bytes of a torn tail it cut, if it cut one. */
  public Optional<Path> tornCopy() {
    return Optional.ofNullable(tornCopy);
  }

  /**
   * Appends the clears whose trade id is not in the ledger yet (the first of any duplicates within
   * {@code batch}), as one write and one fsync, and returns them. On failure the file is cut back to
   * its previous length so that later appends do not land behind a torn table.
   */
  public List<Clear> append(List<Clear> batch) throws IOException {
    if (broken) {
      throw new IOException(path + ": an earlier append failed and could not be undone; reopen the ledger");
    }
    Map<String, Clear> fresh = new LinkedHashMap<>();
    for (Clear clear : batch) {
      if (!tids.contains(clear.tid())) {
        fresh.putIfAbsent(clear.tid(), clear);
      }
    }
    if (fresh.isEmpty()) {
      return List.of();
    }
    byte[] bytes = render(fresh.values()).getBytes(StandardCharsets.UTF_8);
    FileChannel open = channel();
    if (fileKey != null && !fileKey.equals(Files.readAttributes(path, BasicFileAttributes.class).fileKey())) {
      // replaced (an editor saving by rename, a restore): appending to the open, unlinked file would lose fills
      throw new IOException(path + ": changed on disk by another writer (the file was replaced); reopen the ledger");
    }
    if (open.size() != length) {
      throw new IOException(path + ": changed on disk by another writer (" + open.size()
          + " bytes, expected " + length + "); reopen the ledger");
    }
    writeAndSync(open, bytes);
    length += bytes.length;
    endsWithNewline = true;
    clears.addAll(fresh.values());
    tids.addAll(fresh.keySet());
    return List.copyOf(fresh.values());
  }

  /** The open file; opening creates it (owner-only) if need be, and makes its directory entry durable. */
  private FileChannel channel() throws IOException {
    if (channel == null || !channel.isOpen()) {
      boolean created = !Files.exists(path);
      FileChannel opened = OwnerOnly.openForWriting(path);
      try {
        fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      } catch (IOException e) {
        opened.close();
        throw e;
      }
      if (created) {
        DurableFiles.syncDirectory(path.getParent());
      }
      channel = opened;
    }
    return channel;
  }

  /** Closes the file if an append opened it; a later append opens it again. */
  @Override
  public void close() throws IOException {
    if (channel != null) {
      FileChannel open = channel;
      channel = null;
      open.close();
    }
  }

  private String render(Iterable<Clear> batch) {
    StringBuilder text = new StringBuilder();
    if (length == 0) {
      text.append(LedgerTables.header(account));
    } else if (!endsWithNewline) {
      text.append('\n'); // a hand-edited last line without newline must not swallow our header
    }
    batch.forEach(clear -> text.append(LedgerTables.render(clear)));
    return text.toString();
  }

  private void writeAndSync(FileChannel channel, byte[] bytes) throws IOException {
    try {
      DurableFiles.writeFully(channel, ByteBuffer.wrap(bytes), length);
      // fdatasync: the data and the file length it needs, without the timestamps a full fsync adds
      channel.force(false);
    } catch (IOException e) {
      try {
        channel.truncate(length);
        channel.force(true);
      } catch (IOException undo) {
        broken = true;
        e.addSuppressed(undo);
      }
      throw e;
    }
  }
}
