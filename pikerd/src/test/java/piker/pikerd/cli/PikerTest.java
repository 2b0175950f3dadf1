package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * main's look at the first command word, before picocli loads: whether it takes TERM and INT (pikerd), and
 * which commands picocli builds.
 */
class PikerTest {
  @Test
  void pikerdIsTheFirstWordAfterTheGlobalOptions() {
    assertTrue(Piker.runsPikerd("pikerd"));
    assertTrue(Piker.runsPikerd("pikerd", "-c", "x"));
    assertTrue(Piker.runsPikerd("-c", "dir", "pikerd"));
    assertTrue(Piker.runsPikerd("-c", "dir", "--json", "--registry", "127.0.0.1:0", "-l", "info", "pikerd"));
    assertTrue(Piker.runsPikerd("--config-dir", "dir", "--loglevel", "info", "pikerd", "--registry", "127.0.0.1:0"));
    assertTrue(Piker.runsPikerd("-cdir", "--config-dir=dir", "--registry=127.0.0.1:0", "pikerd"));
  }

  @Test
  void anOptionsValueOrALaterWordIsNotPikerd() {
    assertFalse(Piker.runsPikerd("search", "pikerd"));
    assertFalse(Piker.runsPikerd("-c", "pikerd", "services"));
    assertFalse(Piker.runsPikerd("--config-dir", "pikerd", "services"));
    assertFalse(Piker.runsPikerd("--registry", "pikerd", "services"));
    assertFalse(Piker.runsPikerd("-l", "pikerd", "services"));
    assertFalse(Piker.runsPikerd("sim", "-c", "pikerd", "push"));
    assertFalse(Piker.runsPikerd("help", "pikerd"));
    assertFalse(Piker.runsPikerd("--help"));
    assertFalse(Piker.runsPikerd());
  }

  @Test
  void aCommandLineNamingACommandBuildsOnlyThatOneWithItsSubcommands() {
    CommandLine services = Piker.commandLine(CommandLine.defaultFactory(), Piker.firstCommandWord("-c", "d", "services"));
    assertEquals(Set.of("services"), services.getSubcommands().keySet());
    CommandLine sim = Piker.commandLine(CommandLine.defaultFactory(), Piker.firstCommandWord("sim", "push", "x"));
    assertEquals(Set.of("sim"), sim.getSubcommands().keySet());
    assertTrue(sim.getSubcommands().get("sim").getSubcommands().containsKey("push"));
  }

  @Test
  void helpATyposSuggestionsOrNoCommandNeedEveryCommand() {
    for (String[] args : new String[][] {{"help", "order"}, {"servics"}, {"--help"}, {}}) {
      assertEquals(Piker.COMMANDS.size(), Piker.commandLine(CommandLine.defaultFactory(),
          Piker.firstCommandWord(args)).getSubcommands().size(), Arrays.toString(args));
    }
  }

  @Test
  void aCommandBuiltAloneStillInheritsTheGlobalOptions() {
    CliRun help = CliRun.of("services", "--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.stdout().contains("--registry=HOST:PORT"), help.stdout());
    assertTrue(help.stdout().startsWith("Usage: piker services"), help.stdout());
  }
}
