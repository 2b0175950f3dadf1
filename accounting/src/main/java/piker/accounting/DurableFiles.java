package piker.accounting;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** fsync helpers: what makes a write survive a power cut, not just a process crash. */
final class DurableFiles {
  private DurableFiles() {}

  /**
   * Replaces {@code target} with {@code bytes} so that a crash leaves either the old or the new file:
   * temp file in the same directory (a rename is only atomic within one file system), fsync, atomic
   * rename, then fsync of the directory so the rename itself is durable.
   */
  static void replaceAtomically(Path target, byte[] bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, target.getFileName() + ".", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        writeFully(channel, ByteBuffer.wrap(bytes));
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncDirectory(dir);
  }

  /** A FileChannel write may be partial in principle; loop until every byte is handed to the kernel. */
  static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
  }

  /**
   * Best effort: makes a created or renamed directory entry durable. Some platforms (Windows) cannot
   * open a directory for sync; there the rename is as durable as the OS makes it.
   */
  static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Best effort by design, see above.
    }
  }
}
