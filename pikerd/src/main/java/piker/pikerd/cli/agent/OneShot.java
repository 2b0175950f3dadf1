package piker.pikerd.cli.agent;

import java.util.Set;
import piker.pikerd.cli.Piker;

/**
 * Which command lines the client agent runs: commands that ask or tell pikerd something and end by themselves.
 * Not pikerd or the benchmarks (servers), not what streams until Ctrl-C (quote, chart, an order followed), not
 * ledger (it may start a broker's client with credentials from the caller's environment), and not help or the
 * version (picocli colours them for a terminal, which the agent does not have). bin/piker asks the same of the
 * first command word before it starts a thin client at all; the end-to-end tests' warm client JVMs run the same.
 */
public final class OneShot {
  static final Set<String> COMMANDS = Set.of("services", "status", "backends", "search", "mkt-info", "bars",
      "order", "orders", "cancel", "positions");
  private static final Set<String> NOT_ON_AGENT = Set.of("-h", "--help", "-V", "--version", "--follow");

  private OneShot() {}

  /** Null if the agent runs this command line, else why not. */
  public static String whyNot(String[] args) {
    String word = Piker.firstCommandWord(args);
    if (word == null || !COMMANDS.contains(word)) {
      return "not a one-shot command: " + word;
    }
    for (String arg : args) {
      if (NOT_ON_AGENT.contains(arg)) {
        return arg + " is not for the agent";
      }
    }
    return null;
  }
}
