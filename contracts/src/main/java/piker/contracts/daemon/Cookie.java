package piker.contracts.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the config dir's cookie, the shared secret of a pikerd and its clients. */
public final class Cookie {
  private Cookie() {}

  /** The cookie's text; fails clearly when the file is missing (no pikerd ever ran here). */
  public static String read(Path cookieFile) {
    try {
      return Files.readString(cookieFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cookie " + cookieFile + ": " + e.getMessage(), e);
    }
  }
}
