package piker.accounting;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files only their owner may read or write (0600), like the account file: a user's trade history is
 * private. Created with that mode from the moment they exist, so there is no window in which others
 * can open them; on file systems without POSIX permissions (Windows) the platform's defaults apply.
 */
final class OwnerOnly {
  private static final Logger LOG = LoggerFactory.getLogger(OwnerOnly.class);
  private static final Set<PosixFilePermission> READ_WRITE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private OwnerOnly() {}

  /** Opens {@code path} for writing, creating it owner-only if it does not exist. */
  static FileChannel openForWriting(Path path) throws IOException {
    return open(path, StandardOpenOption.CREATE);
  }

  /** Creates {@code path} owner-only; fails if it exists. */
  static FileChannel createNew(Path path) throws IOException {
    return open(path, StandardOpenOption.CREATE_NEW);
  }

  private static FileChannel open(Path path, OpenOption create) throws IOException {
    Set<OpenOption> options = Set.of(create, StandardOpenOption.WRITE);
    if (!posix(path)) {
      return FileChannel.open(path, options);
    }
    FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(READ_WRITE);
    return FileChannel.open(path, options, mode);
  }

  /**
   * Takes group's and others' permissions off an existing file (one written before ledgers were created
   * owner-only). A file the user cannot change (not theirs) keeps its mode, with a warning saying so.
   */
  static void tighten(Path path) {
    if (!posix(path)) {
      return;
    }
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
      if (mode.stream().noneMatch(OTHERS::contains)) {
        return;
      }
      Set<PosixFilePermission> owner = EnumSet.copyOf(mode);
      owner.removeAll(OTHERS);
      Files.setPosixFilePermissions(path, owner);
      LOG.info("{}: made owner-only (was {}): a trade history is private", path, PosixFilePermissions.toString(mode));
    } catch (IOException e) {
      LOG.warn("{} is readable by others and could not be made owner-only ({}); run chmod 600 on it", path,
          e.getMessage());
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
