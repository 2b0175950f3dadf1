package piker.pikerd.config;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files that are created once and never replaced (a config dir's cookie and templates, its TLS files): written
 * whole to a temporary file beside the target, owner-only (0600) from the moment it exists, forced to the disk,
 * then hard-linked into place, so the target appears whole or not at all, and of two processes creating it at
 * once the first one's stays. On a file system without hard links the temporary file is moved instead when no
 * target is there yet, which narrows that race to the instant between the check and the move.
 */
public final class NewFiles {
  private static final FileAttribute<?> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private NewFiles() {}

  /** What writes a new file's content. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Creates {@code target} with {@code text} unless it exists; true if this call created it. */
  public static boolean create(Path target, String text) throws IOException {
    return create(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Creates {@code target} with what {@code content} writes unless it exists; true if this call created it. */
  public static boolean create(Path target, Content content) throws IOException {
    Path tmp = temporaryBeside(target);
    IOException failed = null;
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
           OutputStream out = Channels.newOutputStream(channel)) {
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      return linkIntoPlace(tmp, target);
    } catch (IOException e) {
      failed = e;
      throw e;
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException cleanup) {
        if (failed == null) {
          throw cleanup;
        }
        failed.addSuppressed(cleanup); // the first failure is the one to report
      }
    }
  }

  private static Path temporaryBeside(Path target) throws IOException {
    String prefix = "." + target.getFileName();
    try {
      return Files.createTempFile(target.getParent(), prefix, ".tmp", OWNER_ONLY);
    } catch (UnsupportedOperationException notPosix) {
      return Files.createTempFile(target.getParent(), prefix, ".tmp"); // the file system's own access rules apply
    }
  }

  private static boolean linkIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.createLink(target, tmp);
      return true;
    } catch (FileAlreadyExistsException raced) {
      return false;
    } catch (UnsupportedOperationException | IOException noHardLink) {
      if (Files.exists(target)) {
        return false;
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException moveFailed) {
        moveFailed.addSuppressed(noHardLink);
        throw moveFailed;
      }
      return true;
    }
  }
}
