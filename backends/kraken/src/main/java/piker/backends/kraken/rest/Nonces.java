package piker.backends.kraken.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Kraken's nonce for one API key: "always increasing, unsigned 64-bit", refused with {@code EAPI:Invalid nonce}
 * when "less than or equal to the last accepted nonce for this API key" (docs/venues/kraken.md 5). Our choice
 * (the docs allow any increasing value; their examples use milliseconds):
 *
 * <ul>
 *   <li>{@code max(last + 1, now in microseconds since the epoch)}: above any millisecond nonce the key ever saw,
 *       and the clock keeps it ahead of an earlier process's nonces;</li>
 *   <li>one source per key per JVM ({@link #forKey}), locked, as the docs advise ("If multiple threads share the
 *       same API key, use a counter with a mutex"): two trade clients on one key share it;</li>
 *   <li>across restarts, a reserved high-water mark in a small file: before issuing a value above the mark the
 *       source writes {@code value + RESERVE} there, and a new source starts above the mark it reads. So a restart
 *       never reuses a nonce even when the clock stepped back (by less than the time since the last reserve) or
 *       bursts ran {@code last + 1} ahead of the clock. Without a file (tests, no data dir) the clock alone
 *       carries it across restarts.</li>
 * </ul>
 * Kraken also has a per-key "nonce window" setting; we assume none (strict).
 */
public final class Nonces {
  /** Microseconds reserved ahead on each write of the high-water mark: one file write per 10 s of nonces. */
  static final long RESERVE_MICROS = 10_000_000;
  /** How far past the clock a source jumps after {@code EAPI:Invalid nonce}: one second. */
  static final long BUMP_MICROS = 1_000_000;
  private static final Map<String, Nonces> BY_KEY = new ConcurrentHashMap<>();

  private final LongSupplier nowMicros;
  private final Path markFile;
  private long last;
  private long reserved;

  Nonces(LongSupplier nowMicros, Path markFile) {
    this.nowMicros = nowMicros;
    this.markFile = markFile;
    long mark = markFile == null ? 0 : readMark(markFile);
    this.last = mark;
    this.reserved = mark;
  }

  /**
   * The JVM's one source for {@code apiKey}, created on first use with its mark file in {@code stateDir}
   * (null: none). The file is named by a hash of the key, never the key.
   */
  public static Nonces forKey(String apiKey, Path stateDir) {
    String id = fingerprint(apiKey);
    return BY_KEY.computeIfAbsent(id, key -> new Nonces(Nonces::systemMicros,
        stateDir == null ? null : stateDir.resolve("kraken-nonce-" + key)));
  }

  /** The next nonce: strictly above every one this source (or an earlier one on the same file) issued. */
  public synchronized long next() {
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

  private static long systemMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  private static long readMark(Path file) {
    try {
      return Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()) : 0;
    } catch (IOException | NumberFormatException e) {
      // an unreadable mark: the clock alone (microseconds) is still above any millisecond nonce
      return 0;
    }
  }

  private static void writeMark(Path file, long mark) {
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temp, Long.toString(mark), StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // the nonce still goes out: the clock keeps a restart above it; say where, not what
      org.slf4j.LoggerFactory.getLogger(Nonces.class).warn("kraken nonce mark {} not written ({})", file,
          e.getClass().getSimpleName());
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
