package piker.pikerd.cli;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import piker.contracts.spi.BackendCatalog;
import piker.pikerd.config.BadConfigException;
import piker.pikerd.config.PikerConfig;

/** Read-only account checks for the CLI: the same account list emsd serves, from conf.toml. */
final class Accounts {
  private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9][a-z0-9_-]*\\.[a-z0-9][a-z0-9_-]*");

  private Accounts() {}

  static Set<String> known(Path configDir, BackendCatalog backends) {
    return new TreeSet<>(config(configDir, backends).accounts(backends.all().keySet()));
  }

  /**
   * conf.toml for a command that reads it itself: a bad file is bad input (exit 2, one line naming the
   * file, line and key), found before anything is sent.
   */
  static PikerConfig config(Path configDir, BackendCatalog backends) {
    try {
      return PikerConfig.read(configDir, backends);
    } catch (BadConfigException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  /**
   * Checks an {@code --account} value: {@code paper} (kept as is: emsd resolves it per market) or a
   * known {@code <broker>.<label>}; anything else exits 2.
   */
  static String check(String account, Path configDir, BackendCatalog backends) {
    if (account == null || account.equals("paper")) {
      return "paper";
    }
    String folded = account.strip().toLowerCase(java.util.Locale.ROOT);
    if (!ACCOUNT.matcher(folded).matches()) {
      throw new BadInputException("invalid account '" + account + "': use <broker>.<label> or paper");
    }
    Set<String> known = known(configDir, backends);
    if (!known.contains(folded)) {
      throw new BadInputException("unknown account '" + account + "'; known: " + String.join(", ", known));
    }
    return folded;
  }
}
