package piker.pikerd.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import piker.contracts.spi.BackendCatalog;
import java.util.Map;
import java.util.Optional;

/**
 * The config and data dir: where it is, and its first-use set-up from the templates in config/
 * (every file it creates, brokers.toml and the cookie among them, private to the user).
 */
public final class ConfigDir {
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
      copyTemplate(dir, "conf.toml");
      if (withCredentials) {
        copyTemplate(dir, "brokers.toml");
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
        NewFiles.create(cookie, HexFormat.of().formatHex(secret) + "\n");
      }
      return Files.readString(cookie, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the cookie " + cookie + ": " + e.getMessage(), e);
    }
  }

  /**
   * conf.toml as pikerd will read it: the file, or in a dir no pikerd has used yet (no cookie), the template it
   * will be created from; a file removed from a used dir means every default, as for the daemons. Read-only: a
   * client's checks create nothing.
   */
  public static PikerConfig confToml(Path dir, BackendCatalog backends) {
    Path file = dir.resolve("conf.toml");
    if (Files.exists(file) || Files.exists(dir.resolve("cookie"))) {
      return PikerConfig.read(dir, backends);
    }
    try {
      return PikerConfig.parse(file, template("conf.toml").getBytes(StandardCharsets.UTF_8), backends);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String template(String name) throws IOException {
    try (InputStream in = ConfigDir.class.getClassLoader().getResourceAsStream(TEMPLATES + name)) {
      if (in == null) {
        throw new IOException("template " + name + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void copyTemplate(Path dir, String name) throws IOException {
    Path target = dir.resolve(name);
    if (Files.exists(target)) {
      return;
    }
    NewFiles.create(target, template(name));
  }
}
