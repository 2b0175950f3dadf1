package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every command and subcommand, as picocli's model lists them, answers {@code -h} and {@code --help}
 * with its usage on stdout and exit 0, required parameters missing or not, and the usage names its exit
 * codes, the environment it reads and an example of itself.
 */
class CliHelpTest {
  @TestFactory
  Stream<DynamicTest> everyCommandAnswersHelpWithExitCodesEnvironmentAndExamples() {
    return commands().stream().flatMap(command -> Stream.of("-h", "--help").map(flag -> {
      List<String> words = commandWords(command);
      return DynamicTest.dynamicTest(String.join(" ", words) + " " + flag, () -> {
        List<String> args = new ArrayList<>(words.subList(1, words.size()));
        args.add(flag);
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(ExitCodes.OK, run.exitCode(), run.stderr());
        assertEquals("", run.stderr());
        assertHelp(command, run.stdout());
      });
    }));
  }

  @Test
  void barePikerPrintsItsUsageOnStdoutAsARequestForHelp() {
    CliRun run = CliRun.of();
    assertEquals(ExitCodes.OK, run.exitCode(), run.stderr());
    assertEquals("", run.stderr());
    assertTrue(run.stdout().startsWith("Usage: piker "), run.stdout());
    assertTrue(run.stdout().contains("Commands:"), run.stdout());
  }

  @Test
  void aBareCommandGroupPrintsItsUsage() {
    for (String group : List.of("sim", "bench")) {
      CliRun run = CliRun.of(group);
      assertEquals(ExitCodes.OK, run.exitCode(), run.stderr());
      assertTrue(run.stdout().startsWith("Usage: piker " + group + " "), run.stdout());
    }
  }

  @Test
  void helpCommandStillNamesAnyCommand() {
    CliRun run = CliRun.of("help", "order");
    assertEquals(ExitCodes.OK, run.exitCode(), run.stderr());
    assertTrue(run.stdout().startsWith("Usage: piker order "), run.stdout());
  }

  private static void assertHelp(CommandSpec command, String usage) {
    String name = command.qualifiedName(" ");
    // picocli's own help command puts a header line first
    assertTrue(("\n" + usage).contains("\nUsage: " + name + " "), usage);
    for (String line : usage.split("\\R")) {
      assertTrue(line.length() <= 80, "fits 80 columns: " + line);
    }
    List<String> exitCodes = section(usage, "Exit codes:");
    assertTrue(!exitCodes.isEmpty() && exitCodes.get(0).matches(" +0 +\\S.*"), usage);
    for (String line : exitCodes) {
      assertTrue(line.matches(" +[0-3] +\\S.*| {6,}\\S.*"), "cli.md's codes only: " + line);
    }
    List<String> environment = section(usage, "Environment:");
    assertTrue(!environment.isEmpty(), usage);
    List<String> examples = section(usage, "Examples:");
    assertTrue(examples.stream().anyMatch(example -> example.strip().startsWith("piker ")
        && example.contains(name.substring("piker".length()))), "an example of " + name + ": " + usage);
    if (command.userObject() instanceof ClientCommand || command.userObject() instanceof LedgerCommand) {
      for (String code : List.of("0", "1", "2", "3")) {
        assertTrue(exitCodes.stream().anyMatch(line -> line.strip().startsWith(code + " ")), code + ": " + usage);
      }
      for (String variable : List.of("PIKER_CONFIG_DIR", "XDG_CONFIG_HOME", "PIKER_REGISTRY", "PIKER_CONNECT_TIMEOUT")) {
        assertTrue(environment.stream().anyMatch(line -> line.strip().startsWith(variable + " ")), variable);
      }
    }
  }

  /** The lines under a heading, up to the next blank line. */
  private static List<String> section(String usage, String heading) {
    List<String> lines = Arrays.asList(usage.split("\\R"));
    int start = lines.indexOf(heading);
    assertTrue(start >= 0, heading + " in " + usage);
    List<String> section = new ArrayList<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.isBlank()) {
        break;
      }
      section.add(line);
    }
    return section;
  }

  /** piker and every command beneath it, from the model picocli builds. */
  private static Set<CommandSpec> commands() {
    Set<CommandSpec> all = new LinkedHashSet<>();
    collect(Piker.commandLine().getCommandSpec(), all);
    return all;
  }

  private static void collect(CommandSpec command, Set<CommandSpec> all) {
    all.add(command);
    command.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), all));
  }

  private static List<String> commandWords(CommandSpec command) {
    return Arrays.asList(command.qualifiedName(" ").split(" "));
  }
}
