package piker.pikerd.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One pikerd per config dir: an OS file lock on {@code <config-dir>/pikerd.lock}, held for the
 * process's life and released by the OS even when the process is killed. A command that works on the
 * dir's files without a pikerd (the ad-hoc {@code piker ledger}) holds it briefly and says so; others
 * wait for such a holder rather than fail.
 */
public final class InstanceLock implements AutoCloseable {
  private static final String BRIEF = "briefly: ";
  /** How long a pikerd or a command waits for a brief holder before it gives up. */
  public static final Duration BRIEF_HOLD_PATIENCE = Duration.ofSeconds(30);

  private final FileChannel channel;
  private final FileLock lock;

  private InstanceLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock, or empty when another process holds it. */
  public static Optional<InstanceLock> tryAcquire(Path configDir) throws IOException {
    FileChannel channel = FileChannel.open(configDir.resolve("pikerd.lock"),
        StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException sameJvm) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      return Optional.empty();
    }
    return Optional.of(new InstanceLock(channel, lock));
  }

  /**
   * The lock; while a brief holder has it, the wait is up to {@code patience}. Empty when anything else
   * holds it, or a brief holder outlasts the patience.
   */
  public static Optional<InstanceLock> acquire(Path configDir, Duration patience) throws IOException {
    Optional<InstanceLock> now = tryAcquire(configDir);
    if (now.isPresent() || !heldBriefly(configDir)) {
      return now;
    }
    FileChannel channel = FileChannel.open(configDir.resolve("pikerd.lock"), StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    // FileChannel.lock has no timeout: it blocks on its own thread, and closing the channel ends it
    CompletableFuture<FileLock> waited = new CompletableFuture<>();
    Thread waiter = new Thread(() -> {
      try {
        waited.complete(channel.lock());
      } catch (IOException | OverlappingFileLockException e) {
        waited.completeExceptionally(e);
      }
    }, "instance-lock-wait " + configDir);
    waiter.setDaemon(true);
    waiter.start();
    try {
      return Optional.of(new InstanceLock(channel, waited.get(patience.toMillis(), TimeUnit.MILLISECONDS)));
    } catch (TimeoutException e) {
      channel.close();
      return Optional.empty();
    } catch (ExecutionException e) {
      channel.close();
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      channel.close();
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Whether the holder is a brief command rather than a pikerd. */
  public static boolean heldBriefly(Path configDir) {
    return holder(configDir).startsWith(BRIEF);
  }

  /** What the holder wrote: its pid and address, for the second pikerd's error message. */
  public static String holder(Path configDir) {
    try {
      return Files.readString(configDir.resolve("pikerd.lock"), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Records that the lock is held for one short command, which others wait for. */
  public void describeBrief(String text) throws IOException {
    describe(BRIEF + text);
  }

  /** Records who holds the lock. */
  public void describe(String text) throws IOException {
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(false);
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
