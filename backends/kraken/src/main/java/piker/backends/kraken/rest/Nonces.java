package piker.backends.kraken.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.function.LongSupplier;

/**
 * Kraken's nonce for one API key: "always increasing, unsigned 64-bit", refused with {@code EAPI:Invalid nonce}
 * when "less than or equal to the last accepted nonce for this API key" (docs/venues/kraken.md 5). Our choice
 * (the docs allow any increasing value; their examples use milliseconds):
 *
 * <ul>
 *   <li>{@code max(last + 1, now in microseconds since the epoch)}: above any millisecond nonce the key ever saw,
 *       and the clock keeps it ahead of an earlier process's nonces;</li>
 *   <li>one source per key per backend instance ({@link KeyRegistry}), locked, as the docs advise ("If multiple
 *       threads share the same API key, use a counter with a mutex"): two trade clients on one key share it;</li>
 *   <li>across restarts, a reserved high-water mark in a small file ({@code v1 <mark>\n}): before issuing a value
 *       above the mark the source writes {@code value + RESERVE} there, and a new source starts above the mark it
 *       reads. So a restart never reuses a nonce even when the clock stepped back (by less than the time since the
 *       last reserve) or bursts ran {@code last + 1} ahead of the clock. Without a file (tests, no data dir) the
 *       clock alone carries it across restarts.</li>
 * </ul>
 * The file is read on the first {@link #next()}, never in the constructor, and {@link #next()} writes it: callers
 * run it on an I/O thread ({@link PrivateRest}), never an actor's. Kraken also has a per-key "nonce window"
 * setting; we assume none (strict).
 */
public final class Nonces {
  /** Microseconds reserved ahead on each write of the high-water mark: one file write per 10 s of nonces. */
  static final long RESERVE_MICROS = 10_000_000;
  /** How far past the clock a source jumps after {@code EAPI:Invalid nonce}: one second. */
  static final long BUMP_MICROS = 1_000_000;
  /** The mark file's format: this tag, a space, the mark in decimal, a newline. */
  static final String FORMAT = "v1";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Nonces.class);

  private final LongSupplier nowMicros;
  private final Path markFile;
  private boolean loaded;
  private long last;
  private long reserved;

  Nonces(LongSupplier nowMicros, Path markFile) {
    this.nowMicros = nowMicros;
    this.markFile = markFile;
  }

  /** The mark file (null: none). */
  Path markFile() {
    return markFile;
  }

  /** The next nonce: strictly above every one this source (or an earlier one on the same file) issued. */
  public synchronized long next() {
    if (!loaded) {
      long mark = markFile == null ? 0 : readMark(markFile);
      last = Math.max(last, mark);
      reserved = mark;
      loaded = true;
    }
    long next = Math.max(last + 1, nowMicros.getAsLong());
    if (markFile != null && next > reserved) {
      reserved = next + RESERVE_MICROS;
      writeMark(markFile, reserved);
    }
    last = next;
    return next;
  }

  /** After {@code EAPI:Invalid nonce}: Kraken has seen a larger one (another process, a clock step), so jump ahead. */
  public synchronized void bump() {
    last = Math.max(last, nowMicros.getAsLong()) + BUMP_MICROS;
  }

  static long systemMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  /**
   * The mark in {@code file}; 0 when there is none. A file we cannot read (damaged, another format) still tells
   * when it was last written: each write reserves {@code RESERVE} ahead of a nonce that was at most
   * {@code BUMP} ahead of the clock then (bursts of {@code last + 1} cannot outrun the clock by seconds at Kraken's
   * call rates), so {@code mtime + RESERVE + BUMP} is above every nonce the old source issued, provided the clock
   * has not stepped back since; the source then issues {@code max(now, that)}.
   */
  static long readMark(Path file) {
    if (!Files.exists(file)) {
      return 0;
    }
    String text = null;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
      String[] parts = text.strip().split(" ");
      if (parts.length == 2 && FORMAT.equals(parts[0])) {
        return Long.parseLong(parts[1]);
      }
    } catch (IOException | NumberFormatException e) {
      // told below
    }
    long fallback = 0;
    try {
      fallback = Files.getLastModifiedTime(file).to(java.util.concurrent.TimeUnit.MICROSECONDS) + RESERVE_MICROS
          + BUMP_MICROS;
    } catch (IOException e) {
      // the clock alone (microseconds) is still above any millisecond nonce
    }
    LOG.warn("kraken nonce mark {} is not a {} mark ({}): starting above its last write instead", file, FORMAT,
        text == null ? "unreadable" : "unknown format");
    return fallback;
  }

  static void writeMark(Path file, long mark) {
    Path temp = null;
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      // a temp file of its own per write: two writers never share one
      temp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
      Files.writeString(temp, FORMAT + " " + mark + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
      syncDirectory(dir);
    } catch (IOException e) {
      // the nonce still goes out: the clock keeps a restart above it; say where, not what
      LOG.warn("kraken nonce mark {} not written ({})", file, e.getClass().getSimpleName());
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // a stray temp file is harmless: it is never read
        }
      }
    }
  }

  /** The rename survives a crash only once the directory is on disk too (where the platform lets us open it). */
  private static void syncDirectory(Path dir) {
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // some platforms cannot open a directory: the file itself was written with SYNC
    }
  }

  static String fingerprint(String apiKey) {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
