package piker.pikerd.cli;

import java.nio.file.Path;
import piker.contracts.spi.BackendCatalog;
import piker.pikerd.config.BadConfigException;
import piker.pikerd.config.ConfigDir;
import piker.pikerd.config.PikerConfig;

/**
 * conf.toml for a command that reads it itself (pikerd at start, an {@code --account} check, {@code sim
 * serve} and {@code sim push}): a bad file is bad input, exit 2 with one line naming the file, line and
 * key, found before anything is sent or started.
 */
final class ConfToml {
  private ConfToml() {}

  static PikerConfig read(Path configDir, BackendCatalog backends) {
    try {
      return ConfigDir.confToml(configDir, backends);
    } catch (BadConfigException e) {
      throw new BadInputException(e.getMessage());
    }
  }
}
