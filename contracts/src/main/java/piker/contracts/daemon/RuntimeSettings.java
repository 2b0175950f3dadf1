package piker.contracts.daemon;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Runtime settings handed down the tree explicitly at spawn, never captured in statics.
 *
 * @param configDir        the config and data dir ({@code -c})
 * @param logLevel         the log level the tree runs at
 * @param testIsolationDir when set, a test's private scratch root: daemons keep their writable state
 *                         (venue files, history, journals) under it instead of the config dir
 */
public record RuntimeSettings(Path configDir, String logLevel, Optional<Path> testIsolationDir) {
  public RuntimeSettings {
    Objects.requireNonNull(configDir, "configDir");
    logLevel = logLevel == null ? "info" : logLevel;
    testIsolationDir = testIsolationDir == null ? Optional.empty() : testIsolationDir;
  }

  public static RuntimeSettings of(Path configDir) {
    return new RuntimeSettings(configDir, "info", Optional.empty());
  }

  /** Where daemons keep writable state. */
  public Path dataDir() {
    return testIsolationDir.orElse(configDir);
  }

  public Path cookieFile() {
    return configDir.resolve("cookie");
  }
}
