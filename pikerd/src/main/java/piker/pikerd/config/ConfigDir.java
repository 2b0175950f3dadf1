package piker.pikerd.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The config and data dir: where it is, and its first-use set-up from the templates in config/
 * (brokers.toml and the cookie private to the user).
 */
public final class ConfigDir {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final String TEMPLATES = "piker/config/";

  private ConfigDir() {}

  /** {@code -c DIR}, else $PIKER_CONFIG_DIR, else $XDG_CONFIG_HOME/piker, else ~/.config/piker. */
  public static Path resolve(Optional<Path> option, Map<String, String> env, Path home) {
    if (option.isPresent()) {
      return option.get().toAbsolutePath().normalize();
    }
    String piker = env.get("PIKER_CONFIG_DIR");
    if (piker != null && !piker.isBlank()) {
      return Path.of(piker).toAbsolutePath().normalize();
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "piker").toAbsolutePath().normalize();
    }
    return home.resolve(".config").resolve("piker").toAbsolutePath().normalize();
  }

  /** Creates the dir and any missing template; existing files are never touched. */
  public static void ensure(Path dir) {
    ensure(dir, true);
  }

  /**
   * As {@link #ensure(Path)}; {@code withCredentials} false leaves brokers.toml out: a cluster node that may
   * not run brokerd never holds credentials, not even an empty template.
   */
  public static void ensure(Path dir, boolean withCredentials) {
    try {
      Files.createDirectories(dir.resolve("logs"));
      copyTemplate(dir, "conf.toml", false);
      if (withCredentials) {
        copyTemplate(dir, "brokers.toml", true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the config dir " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The cookie, created on pikerd's first start with 256 random bits, readable by the owner only. */
  public static String ensureCookie(Path dir) {
    Path cookie = dir.resolve("cookie");
    try {
      if (!Files.exists(cookie)) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        writeOwnerOnly(cookie, HexFormat.of().formatHex(secret) + "\n");
      }
      return Files.readString(cookie, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the cookie " + cookie + ": " + e.getMessage(), e);
    }
  }

  private static void copyTemplate(Path dir, String name, boolean ownerOnly) throws IOException {
    Path target = dir.resolve(name);
    if (Files.exists(target)) {
      return;
    }
    try (InputStream in = ConfigDir.class.getClassLoader().getResourceAsStream(TEMPLATES + name)) {
      if (in == null) {
        throw new IOException("template " + name + " is missing from the build");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (ownerOnly) {
        writeOwnerOnly(target, text);
      } else {
        Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        moveIntoPlace(tmp, target);
      }
    }
  }

  /** Writes a file that is owner-only from the moment it exists, then moves it into place. */
  private static void writeOwnerOnly(Path target, String text) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp",
        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    moveIntoPlace(tmp, target);
  }

  /** Atomic, and first writer wins when two processes set up the same dir at once. */
  private static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.createLink(target, tmp);
    } catch (FileAlreadyExistsException raced) {
      // another process set it up first: keep theirs
    } catch (UnsupportedOperationException | IOException noHardLinks) {
      if (!Files.exists(target)) {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return;
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
