package piker.pikerd.cli;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import piker.contracts.names.Echoed;
import piker.contracts.spi.BackendCatalog;

/** Read-only account checks for the CLI: the same account list emsd serves, from conf.toml. */
final class Accounts {
  private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9][a-z0-9_-]*\\.[a-z0-9][a-z0-9_-]*");

  private Accounts() {}

  static Set<String> known(Path configDir, BackendCatalog backends) {
    return new TreeSet<>(ConfToml.read(configDir, backends).accounts(backends.all().keySet()));
  }

  /**
   * Checks an {@code --account} value: {@code paper} (kept as is: emsd resolves it per market) or a
   * known {@code <broker>.<label>}; anything else exits 2.
   */
  static String check(String account, Path configDir, BackendCatalog backends) {
    String folded = account == null ? "paper" : account.strip().toLowerCase(java.util.Locale.ROOT);
    if (folded.equals("paper")) {
      return "paper";
    }
    if (!ACCOUNT.matcher(folded).matches()) {
      throw new BadInputException("invalid account '" + Echoed.cut(account) + "': use <broker>.<label> or paper");
    }
    Set<String> known = known(configDir, backends);
    if (!known.contains(folded)) {
      throw new BadInputException("unknown account '" + Echoed.cut(account) + "'; known: " + String.join(", ", known));
    }
    return folded;
  }
}
