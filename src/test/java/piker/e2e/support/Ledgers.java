package piker.e2e.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the tests read from a config dir's files: a ledger's trade ids, and that no secret is anywhere. */
public final class Ledgers {
  private static final Pattern TRADE_TABLE = Pattern.compile("(?m)^\\[\"([^\"]+)\"\\]");

  private Ledgers() {}

  /** The trade ids of account {@code account}'s ledger ({@code kraken.main}), in file order; none when absent. */
  public static List<String> tradeIds(Path configDir, String account) throws IOException {
    Path file = configDir.resolve("accounting/ledgers/trades_" + account.replace('.', '_') + ".toml");
    List<String> ids = new ArrayList<>();
    if (Files.exists(file)) {
      Matcher tables = TRADE_TABLE.matcher(Files.readString(file));
      while (tables.find()) {
        ids.add(tables.group(1));
      }
    }
    return ids;
  }

  /**
   * Fails when any of {@code secrets} is in {@code printed} (what the CLI and pikerd printed) or in any file of
   * the config dir but brokers.toml; the search must have covered the logs and {@code account}'s ledger.
   */
  public static void assertNoSecretIn(Path configDir, String printed, String account, List<String> secrets)
      throws IOException {
    StringBuilder everything = new StringBuilder(printed);
    List<Path> searched = new ArrayList<>();
    try (Stream<Path> files = Files.walk(configDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (!file.getFileName().toString().equals("brokers.toml")) {
          everything.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
          searched.add(configDir.relativize(file));
        }
      }
    }
    String ledger = "trades_" + account.replace('.', '_');
    if (searched.stream().noneMatch(file -> file.toString().startsWith("logs/"))
        || searched.stream().noneMatch(file -> file.toString().contains(ledger))) {
      throw new AssertionError("the search missed the logs or " + ledger + ": " + searched);
    }
    for (String secret : secrets) {
      if (everything.indexOf(secret) >= 0) {
        throw new AssertionError("a credential or token leaked into " + searched);
      }
    }
  }
}
