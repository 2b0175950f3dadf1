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
import java.util.Optional;

/**
 * One pikerd per config dir: an OS file lock on {@code <config-dir>/pikerd.lock}, held for the
 * process's life and released by the OS even when the process is killed.
 */
public final class InstanceLock implements AutoCloseable {
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

  /** What the holder wrote: its pid and address, for the second pikerd's error message. */
  public static String holder(Path configDir) {
    try {
      return Files.readString(configDir.resolve("pikerd.lock"), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "unknown";
    }
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
