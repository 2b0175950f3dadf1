package piker.contracts.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.RuntimeSettings;

/** A config dir with a cookie, as pikerd leaves it, for tests that run daemons without pikerd. */
public final class TestCookies {
  public static final String COOKIE = "test-cookie-0123456789abcdef";

  private TestCookies() {}

  public static RuntimeSettings settingsIn(Path dir) {
    try {
      Files.writeString(dir.resolve("cookie"), COOKIE + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return RuntimeSettings.of(dir);
  }

  public static Hello hello() {
    return Hello.of(COOKIE);
  }
}
