package piker.pikerd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDirTest {
  @TempDir
  Path tmp;

  @Test
  void resolvesInTheOrderOfTheCliContract() {
    Path home = Path.of("/home/trader");
    assertEquals(Path.of("/opt/x"), ConfigDir.resolve(Optional.of(Path.of("/opt/x")),
        Map.of("PIKER_CONFIG_DIR", "/p", "XDG_CONFIG_HOME", "/x"), home));
    assertEquals(Path.of("/p"), ConfigDir.resolve(Optional.empty(),
        Map.of("PIKER_CONFIG_DIR", "/p", "XDG_CONFIG_HOME", "/x"), home));
    assertEquals(Path.of("/x/piker"), ConfigDir.resolve(Optional.empty(), Map.of("XDG_CONFIG_HOME", "/x"), home));
    assertEquals(Path.of("/home/trader/.config/piker"), ConfigDir.resolve(Optional.empty(), Map.of(), home));
  }

  @Test
  void firstUseWritesTheTemplatesWithBrokersTomlPrivate() throws IOException {
    Path dir = tmp.resolve("piker");
    ConfigDir.ensure(dir);
    assertTrue(Files.readString(dir.resolve("conf.toml")).contains("tick_rate"));
    assertTrue(Files.readString(dir.resolve("brokers.toml")).contains("api_key"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("brokers.toml"))));
    assertTrue(Files.isDirectory(dir.resolve("logs")));
  }

  @Test
  void existingFilesAreNeverOverwritten() throws IOException {
    Files.writeString(tmp.resolve("conf.toml"), "[sim]\ntick_rate = 0\n");
    ConfigDir.ensure(tmp);
    assertEquals("[sim]\ntick_rate = 0\n", Files.readString(tmp.resolve("conf.toml")));
  }

  @Test
  void theCookieIsRandomPrivateAndStable() throws IOException {
    String cookie = ConfigDir.ensureCookie(tmp);
    assertEquals(64, cookie.length());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("cookie"))));
    assertEquals(cookie, ConfigDir.ensureCookie(tmp));
    Path other = tmp.resolve("other");
    Files.createDirectories(other);
    assertTrue(!cookie.equals(ConfigDir.ensureCookie(other)));
  }
}
